package org.openpalm.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import javax.crypto.spec.SecretKeySpec;
import org.openpalm.biometrics.TemplateProtectionKey;

/**
 * Keys in a local file, one per line as {@code id=base64(32 bytes)}, plus {@code current=id}.
 * Created (mode 600) with one fresh key when missing. Rotation: add a key line and point
 * {@code current} at it; old keys stay to decrypt old rows.
 *
 * <p>Template protection keys live in the same file as {@code protection=base64(32 bytes)} lines
 * (their id is derived from the key) and {@code protection.current=id}. A file without one (made
 * before protection existed) gets one appended on first open. {@link #addProtectionKey} rotates it.
 */
public final class FileKeyProvider implements KeyProvider {
    private static final String PROTECTION = "protection";
    private static final String PROTECTION_CURRENT = "protection.current";

    private final Map<String, DataKey> keys;
    private final DataKey current;
    private final Map<String, TemplateProtectionKey> protectionKeys;
    private final TemplateProtectionKey currentProtection;

    private FileKeyProvider(Map<String, DataKey> keys, DataKey current, Map<String, TemplateProtectionKey> protectionKeys,
            TemplateProtectionKey currentProtection) {
        this.keys = Map.copyOf(keys);
        this.current = current;
        this.protectionKeys = Map.copyOf(protectionKeys);
        this.currentProtection = currentProtection;
    }

    public static FileKeyProvider openOrCreate(Path file) {
        try {
            if (!Files.exists(file)) create(file);
            if (Files.readAllLines(file).stream().noneMatch(l -> l.strip().startsWith(PROTECTION_CURRENT + "="))) {
                Files.write(file, protectionLines(TemplateProtectionKey.generate()), StandardOpenOption.APPEND);
            }
            Map<String, DataKey> keys = new LinkedHashMap<>();
            Map<String, TemplateProtectionKey> protection = new LinkedHashMap<>();
            String currentId = null;
            String currentProtectionId = null;
            for (String line : Files.readAllLines(file)) {
                line = line.strip();
                if (line.isEmpty() || line.startsWith("#")) continue;
                int eq = line.indexOf('=');
                if (eq < 0) throw new IllegalArgumentException("malformed line in key file " + file);
                String name = line.substring(0, eq);
                String value = line.substring(eq + 1);
                if (name.equals("current")) currentId = value;
                else if (name.equals(PROTECTION_CURRENT)) currentProtectionId = value;
                else if (name.equals(PROTECTION)) {
                    TemplateProtectionKey key = TemplateProtectionKey.of(Base64.getDecoder().decode(value));
                    protection.put(key.id(), key);
                } else keys.put(name, new DataKey(name, new SecretKeySpec(Base64.getDecoder().decode(value), "AES")));
            }
            if (currentId == null || !keys.containsKey(currentId)) throw new IllegalArgumentException("key file " + file + " names no current key");
            if (currentProtectionId == null || !protection.containsKey(currentProtectionId)) {
                throw new IllegalArgumentException("key file " + file + " names no current template protection key");
            }
            return new FileKeyProvider(keys, keys.get(currentId), protection, protection.get(currentProtectionId));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read key file " + file, e);
        }
    }

    private static List<String> protectionLines(TemplateProtectionKey key) {
        return List.of(PROTECTION + "=" + Base64.getEncoder().encodeToString(key.toBytes()), PROTECTION_CURRENT + "=" + key.id());
    }

    /**
     * Rotation of the template protection key: a fresh key is added to {@code file} and made
     * current (the file is rewritten beside itself and moved over atomically); the old keys stay,
     * to open the templates until they are re-protected ({@link TemplateProtectionRotation}).
     *
     * @return the new current key
     */
    public static TemplateProtectionKey addProtectionKey(Path file) {
        try {
            openOrCreate(file); // validates the file, and gives an old one its first protection key
            TemplateProtectionKey fresh = TemplateProtectionKey.generate();
            List<String> lines = new java.util.ArrayList<>(Files.readAllLines(file).stream()
                    .filter(l -> !l.strip().startsWith(PROTECTION_CURRENT + "=")).toList());
            lines.addAll(protectionLines(fresh));
            Path dir = file.toAbsolutePath().getParent();
            Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
            try {
                try {
                    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException notPosix) {
                    // non-POSIX file system: permissions are the platform's default
                }
                Files.write(tmp, lines);
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
            return fresh;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot update key file " + file, e);
        }
    }

    private static void create(Path file) throws IOException {
        if (file.getParent() != null) Files.createDirectories(file.getParent());
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        String id = "k1";
        List<String> lines = List.of("# OpenPalm template encryption keys (AES-256). Keep secret; back up.",
                id + "=" + Base64.getEncoder().encodeToString(key), "current=" + id);
        Files.createFile(file);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // non-POSIX file system: permissions are the platform's default
        }
        Files.write(file, lines);
    }

    @Override
    public DataKey current() {
        return current;
    }

    @Override
    public Optional<DataKey> byId(String keyId) {
        return Optional.ofNullable(keys.get(keyId));
    }

    @Override
    public TemplateProtectionKey currentProtection() {
        return currentProtection;
    }

    @Override
    public Optional<TemplateProtectionKey> protectionById(String keyId) {
        return Optional.ofNullable(protectionKeys.get(keyId));
    }

    @Override
    public String toString() {
        return "FileKeyProvider[" + keys.size() + " keys, current " + current.id() + "; " + protectionKeys.size()
                + " template protection keys, current " + currentProtection.id() + "]";
    }
}
