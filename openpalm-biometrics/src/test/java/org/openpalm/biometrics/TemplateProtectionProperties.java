package org.openpalm.biometrics;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** Protection must not move a single score: the matcher sees the same distances, bit for bit. */
class TemplateProtectionProperties {

    @Property(tries = 200)
    void aProtectedGalleryTemplateScoresExactlyAsThePlainOne(@ForAll long seed,
            @ForAll @LongRange(min = 0, max = 1_000_000) long galleryIdentity,
            @ForAll @LongRange(min = 0, max = 1_000_000) long probeIdentity,
            @ForAll @IntRange(min = 1, max = 50) int capture, @ForAll boolean mated) {
        SyntheticTemplates synth = new SyntheticTemplates(seed);
        PalmTemplate gallery = synth.enrolment(galleryIdentity);
        PalmTemplate probe = synth.capture(mated ? galleryIdentity : probeIdentity, capture);
        TemplateProtectionKey key = TemplateProtectionKey.generate();

        double plain = new PalmMatcher(probe).match(gallery);
        double protectedScore = new ProtectedPalmMatcher(probe, key).match(key.protect(gallery));

        assertThat(protectedScore).isEqualTo(plain);
    }

    @Property(tries = 100)
    void reprotectingUnderANewKeyEqualsProtectingThePlainTemplateUnderIt(@ForAll long seed,
            @ForAll @LongRange(min = 0, max = 1_000_000) long identity) {
        PalmTemplate template = new SyntheticTemplates(seed).enrolment(identity);
        TemplateProtectionKey oldKey = TemplateProtectionKey.generate();
        TemplateProtectionKey newKey = TemplateProtectionKey.generate();

        ProtectedTemplate renewed = oldKey.protect(template).reprotect(oldKey, newKey);

        assertThat(renewed).isEqualTo(newKey.protect(template));
        assertThat(renewed.keyId()).isEqualTo(newKey.id());
        assertThat(newKey.recover(renewed)).isEqualTo(template);
    }

    @Property(tries = 100)
    void theSerializedFormReadsBackEqual(@ForAll long seed, @ForAll @LongRange(min = 0) long identity) throws Exception {
        ProtectedTemplate protectedTemplate = TemplateProtectionKey.generate().protect(new SyntheticTemplates(seed).enrolment(identity));
        byte[] bytes = protectedTemplate.toBytes();
        assertThat(bytes).hasSize(ProtectedTemplate.SIZE_BYTES);
        assertThat(ProtectedTemplate.fromBytes(bytes)).isEqualTo(protectedTemplate);
    }
}
