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
import javax.crypto.spec.SecretKeySpec;

/**
 * Keys in a local file, one per line as {@code id=base64(32 bytes)}, plus {@code current=id}.
 * Created (mode 600) with one fresh key when missing. Rotation: add a key line and point
 * {@code current} at it; old keys stay to decrypt old rows.
 */
public final class FileKeyProvider implements KeyProvider {
    private final Map<String, DataKey> keys;
    private final DataKey current;

    private FileKeyProvider(Map<String, DataKey> keys, DataKey current) {
        this.keys = Map.copyOf(keys);
        this.current = current;
    }

    public static FileKeyProvider openOrCreate(Path file) {
        try {
            if (!Files.exists(file)) create(file);
            Map<String, DataKey> keys = new LinkedHashMap<>();
            String currentId = null;
            for (String line : Files.readAllLines(file)) {
                line = line.strip();
                if (line.isEmpty() || line.startsWith("#")) continue;
                int eq = line.indexOf('=');
                if (eq < 0) throw new IllegalArgumentException("malformed line in key file " + file);
                String name = line.substring(0, eq);
                String value = line.substring(eq + 1);
                if (name.equals("current")) currentId = value;
                else keys.put(name, new DataKey(name, new SecretKeySpec(Base64.getDecoder().decode(value), "AES")));
            }
            if (currentId == null || !keys.containsKey(currentId)) throw new IllegalArgumentException("key file " + file + " names no current key");
            return new FileKeyProvider(keys, keys.get(currentId));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read key file " + file, e);
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
    public String toString() {
        return "FileKeyProvider[" + keys.size() + " keys, current " + current.id() + "]";
    }
}
