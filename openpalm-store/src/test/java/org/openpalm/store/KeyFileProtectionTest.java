package org.openpalm.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The key file: created 0600 in a 0700 folder; wrapped by a key-encrypting key it holds no key in
 * the clear and opens to the same keys; a plain file still opens and is wrapped when a KEK is
 * given; a missing, wrong or malformed KEK and an altered wrapped key are refused, each saying why.
 */
class KeyFileProtectionTest {
    @TempDir
    Path dir;

    @Test
    void aNewKeyFileIsOwnerOnlyInAnOwnerOnlyFolder() throws Exception {
        Path file = dir.resolve("fresh").resolve("keys");
        FileKeyProvider.openOrCreate(file);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent()))).isEqualTo("rwx------");
        // rewritten (wrapped, rotated) it stays owner-only
        FileKeyProvider.openOrCreate(file, Optional.of(kek()));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void aPlainFileStillOpensAndIsWrappedWhenAKekIsGiven() throws Exception {
        Path file = dir.resolve("keys");
        FileKeyProvider plain = FileKeyProvider.openOrCreate(file);
        String dataKey = Base64.getEncoder().encodeToString(plain.current().key().getEncoded());
        assertThat(Files.readString(file)).contains(dataKey);

        KeyEncryptionService kek = kek();
        FileKeyProvider wrapped = FileKeyProvider.openOrCreate(file, Optional.of(kek));
        String text = Files.readString(file);
        assertThat(text).doesNotContain(dataKey).contains("kek=" + kek.keyId()).contains("k1=wrapped:");
        assertThat(text.lines().filter(l -> !l.startsWith("#") && !l.startsWith("kek=") && !l.contains("current="))
                .allMatch(l -> l.substring(l.indexOf('=') + 1).startsWith("wrapped:"))).isTrue();
        // the same keys, before and after wrapping, and when opened again
        assertSameKeys(wrapped, plain);
        assertSameKeys(FileKeyProvider.openOrCreate(file, Optional.of(kek)), plain);
    }

    @Test
    void aFileCreatedWithAKekIsWrappedFromTheStart() throws Exception {
        Path file = dir.resolve("keys");
        KeyEncryptionService kek = kek();
        FileKeyProvider created = FileKeyProvider.openOrCreate(file, Optional.of(kek));
        assertThat(Files.readString(file)).doesNotContain(Base64.getEncoder().encodeToString(created.current().key().getEncoded()));
        assertSameKeys(FileKeyProvider.openOrCreate(file, Optional.of(kek)), created);
        FileKeyProvider.addProtectionKey(file, Optional.of(kek)); // rotation keeps it wrapped
        assertThat(Files.readString(file)).contains("protection=wrapped:").doesNotContainPattern("(?m)^protection=[^w]");
    }

    @Test
    void aWrappedFileWithoutItsKekOrWithAnotherIsRefusedClearly() {
        Path file = dir.resolve("keys");
        KeyEncryptionService kek = kek();
        FileKeyProvider.openOrCreate(file, Optional.of(kek));
        assertThatThrownBy(() -> FileKeyProvider.openOrCreate(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is wrapped by the key-encrypting key " + kek.keyId())
                .hasMessageContaining("set OPENPALM_KEK");
        KeyEncryptionService other = kek();
        assertThatThrownBy(() -> FileKeyProvider.openOrCreate(file, Optional.of(other)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(kek.keyId()).hasMessageContaining(other.keyId()).hasMessageContaining("wrong OPENPALM_KEK");
    }

    @Test
    void anAlteredWrappedKeyFailsAuthentication() throws Exception {
        Path file = dir.resolve("keys");
        KeyEncryptionService kek = kek();
        FileKeyProvider.openOrCreate(file, Optional.of(kek));
        String text = Files.readString(file);
        int at = text.indexOf("k1=wrapped:") + "k1=wrapped:".length() + 20;
        char flipped = text.charAt(at) == 'A' ? 'B' : 'A';
        Files.writeString(file, text.substring(0, at) + flipped + text.substring(at + 1));
        assertThatThrownBy(() -> FileKeyProvider.openOrCreate(file, Optional.of(kek)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("failed authentication");
    }

    @Test
    void wrapAndUnwrapAreInversesBoundToTheLabel() throws Exception {
        KeyEncryptionService kek = kek();
        byte[] key = random(32);
        byte[] wrapped = kek.wrap(key, "k1");
        assertThat(wrapped).isNotEqualTo(key).hasSize(12 + 32 + 16);
        assertThat(kek.unwrap(wrapped, "k1")).isEqualTo(key);
        assertThat(kek.wrap(key, "k1")).isNotEqualTo(wrapped); // a fresh nonce each time
        assertThatThrownBy(() -> kek.unwrap(wrapped, "k2")).isInstanceOf(KeyEncryptionService.KeyUnwrapException.class);
        assertThatThrownBy(() -> kek().unwrap(wrapped, "k1")).isInstanceOf(KeyEncryptionService.KeyUnwrapException.class);
        assertThat(kek.toString()).doesNotContain(Base64.getEncoder().encodeToString(key));
    }

    @Test
    void theKekComesFromTheEnvironmentAsBase64Of32Bytes() {
        assertThat(EnvironmentKeyEncryption.fromEnvironment(Map.of())).isEmpty();
        byte[] key = random(32);
        KeyEncryptionService fromEnv = EnvironmentKeyEncryption.fromEnvironment(Map.of("OPENPALM_KEK", Base64.getEncoder().encodeToString(key)))
                .orElseThrow();
        assertThat(fromEnv.keyId()).isEqualTo(EnvironmentKeyEncryption.of(key).keyId()).startsWith("kek-");
        assertThatThrownBy(() -> EnvironmentKeyEncryption.fromEnvironment(Map.of("OPENPALM_KEK", Base64.getEncoder().encodeToString(random(16)))))
                .hasMessageContaining("32 random bytes").hasMessageContaining("got 16 bytes");
        assertThatThrownBy(() -> EnvironmentKeyEncryption.fromEnvironment(Map.of("OPENPALM_KEK", "not base64!")))
                .hasMessageContaining("not base64");
    }

    private static void assertSameKeys(FileKeyProvider actual, FileKeyProvider expected) {
        assertThat(actual.current().id()).isEqualTo(expected.current().id());
        assertThat(actual.current().key().getEncoded()).isEqualTo(expected.current().key().getEncoded());
        assertThat(actual.currentProtection().toBytes()).isEqualTo(expected.currentProtection().toBytes());
        assertThat(actual.phoneLookup().key().getEncoded()).isEqualTo(expected.phoneLookup().key().getEncoded());
    }

    private static KeyEncryptionService kek() {
        return EnvironmentKeyEncryption.of(random(32));
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        new SecureRandom().nextBytes(b);
        return b;
    }
}
