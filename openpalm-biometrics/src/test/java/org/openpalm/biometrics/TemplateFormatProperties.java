package org.openpalm.biometrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

class TemplateFormatProperties {

    /** A random palm-like ROI: smooth random field with dark random line segments. */
    static PalmImage randomRoi(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int size = 128;
        float[] img = new float[size * size];
        Arrays.fill(img, 170f);
        for (int line = 0; line < 40; line++) {
            double x = random.nextDouble(size);
            double y = random.nextDouble(size);
            double angle = random.nextDouble(Math.PI);
            double dark = 30 + random.nextDouble(60);
            for (int t = -40; t <= 40; t++) {
                int px = (int) (x + t * Math.cos(angle));
                int py = (int) (y + t * Math.sin(angle));
                for (int w = -1; w <= 1; w++) {
                    int qx = px + w;
                    if (qx >= 0 && qx < size && py >= 0 && py < size) img[py * size + qx] -= (float) dark / (1 + Math.abs(w));
                }
            }
        }
        byte[] pixels = new byte[size * size];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) Math.clamp(Math.round(img[i] + random.nextGaussian() * 4), 0, 255);
        }
        return PalmImage.ofGrey(size, size, pixels);
    }

    @Property(tries = 30)
    void writeThenReadGivesAnEqualTemplate(@ForAll @LongRange(min = 0, max = 1_000_000) long seed) throws Exception {
        PalmTemplate template = PalmTemplate.fromRoi(randomRoi(seed));
        byte[] bytes = template.toBytes();
        assertThat(bytes.length).isLessThanOrEqualTo(1024);
        PalmTemplate back = PalmTemplate.fromBytes(bytes);
        assertThat(back).isEqualTo(template);
        assertThat(back.toBytes()).isEqualTo(bytes);
        assertThat(new PalmMatcher(back).match(template)).isEqualTo(100.0);
    }

    @Property(tries = 300)
    void anySingleFlippedByteIsRejected(
            @ForAll @LongRange(min = 0, max = 50) long seed,
            @ForAll @IntRange(min = 0, max = 523) int position,
            @ForAll @IntRange(min = 1, max = 255) int flip) {
        byte[] bytes = PalmTemplate.fromRoi(randomRoi(seed)).toBytes();
        bytes[position % bytes.length] ^= (byte) flip;
        assertThatThrownBy(() -> PalmTemplate.fromBytes(bytes)).isInstanceOf(TemplateFormatException.class);
    }

    @Property(tries = 50)
    void truncatedBytesAreRejected(@ForAll @IntRange(min = 0, max = 523) int length) {
        byte[] bytes = PalmTemplate.fromRoi(randomRoi(7)).toBytes();
        byte[] cut = Arrays.copyOf(bytes, length);
        assertThatThrownBy(() -> PalmTemplate.fromBytes(cut))
                .isInstanceOf(TemplateFormatException.class);
    }

    @Property(tries = 50)
    void foreignBytesAreRejected(@ForAll byte[] junk) {
        assertThatThrownBy(() -> PalmTemplate.fromBytes(junk)).isInstanceOf(TemplateFormatException.class);
    }

    @Property(tries = 20)
    void toStringNeverShowsTemplateContent(@ForAll @LongRange(min = 0, max = 1000) long seed) {
        PalmTemplate template = PalmTemplate.fromRoi(randomRoi(seed));
        assertThat(template.toString()).isEqualTo("PalmTemplate[masked]");
    }
}
