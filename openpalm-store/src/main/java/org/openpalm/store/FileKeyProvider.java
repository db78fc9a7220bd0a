package org.openpalm.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.spec.SecretKeySpec;
import org.openpalm.biometrics.TemplateProtectionKey;

/**
 * Keys in a local file, one per line as {@code id=base64(32 bytes)}, plus {@code current=id}.
 * Created (mode 600, its folder 700) with one fresh key when missing. Rotation: add a key line and
 * point {@code current} at it; old keys stay to decrypt old rows.
 *
 * <p>Template protection keys live in the same file as {@code protection=base64(32 bytes)} lines
 * (their id is derived from the key) and {@code protection.current=id}; the HMAC key of phone
 * look-ups as {@code lookup=base64(32 bytes)}. A file without them (made before they existed) gets
 * them added on first open. {@link #addProtectionKey} rotates the protection key.
 *
 * <p>With a {@link KeyEncryptionService} every key is kept wrapped ({@code name=wrapped:base64}) and
 * the file names the key-encrypting key ({@code kek=id}): the file alone opens nothing. A plain
 * file opened with a KEK is rewritten wrapped; a wrapped file opened without its KEK, or with
 * another one, is refused with a message saying which.
 */
public final class FileKeyProvider implements KeyProvider {
    private static final String CURRENT = "current";
    private static final String PROTECTION = "protection";
    private static final String PROTECTION_CURRENT = "protection.current";
    private static final String LOOKUP = "lookup";
    private static final String KEK = "kek";
    private static final String WRAPPED = "wrapped:";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, DataKey> keys;
    private final DataKey current;
    private final Map<String, TemplateProtectionKey> protectionKeys;
    private final TemplateProtectionKey currentProtection;
    private final LookupKey phoneLookup;

    private FileKeyProvider(Map<String, DataKey> keys, DataKey current, Map<String, TemplateProtectionKey> protectionKeys,
            TemplateProtectionKey currentProtection, LookupKey phoneLookup) {
        this.keys = Map.copyOf(keys);
        this.current = current;
        this.protectionKeys = Map.copyOf(protectionKeys);
        this.currentProtection = currentProtection;
        this.phoneLookup = phoneLookup;
    }

    /** The keys of a plain (unwrapped) key file; a wrapped one needs {@link #openOrCreate(Path, Optional)}. */
    public static FileKeyProvider openOrCreate(Path file) {
        return openOrCreate(file, Optional.empty());
    }

    /**
     * The keys of {@code file}, made when missing. With {@code kek} the file is created wrapped, a
     * plain one is wrapped in place, a wrapped one is opened; without it a wrapped file is refused.
     */
    public static FileKeyProvider openOrCreate(Path file, Optional<KeyEncryptionService> kek) {
        try {
            if (!Files.exists(file)) create(file, kek);
            KeyFile parsed = KeyFile.read(file, kek);
            boolean changed = false;
            if (!parsed.has(PROTECTION_CURRENT)) {
                TemplateProtectionKey fresh = TemplateProtectionKey.generate();
                parsed.add(PROTECTION, fresh.toBytes());
                parsed.set(PROTECTION_CURRENT, fresh.id());
                changed = true;
            }
            if (!parsed.has(LOOKUP)) {
                parsed.add(LOOKUP, randomKey());
                changed = true;
            }
            if (kek.isPresent() && !parsed.wrapped()) changed = true; // a plain file given a KEK: wrapped now
            if (changed) parsed.write(file, kek);
            return parsed.provider(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read key file " + file, e);
        }
    }

    /**
     * Rotation of the template protection key: a fresh key is added to {@code file} and made
     * current (the file is rewritten beside itself and moved over atomically); the old keys stay,
     * to open the templates until they are re-protected ({@link TemplateProtectionRotation}).
     *
     * @return the new current key
     */
    public static TemplateProtectionKey addProtectionKey(Path file) {
        return addProtectionKey(file, Optional.empty());
    }

    /** As {@link #addProtectionKey(Path)}, for a file wrapped by {@code kek}. */
    public static TemplateProtectionKey addProtectionKey(Path file, Optional<KeyEncryptionService> kek) {
        try {
            openOrCreate(file, kek); // validates the file, and gives an old one its first protection key
            KeyFile parsed = KeyFile.read(file, kek);
            TemplateProtectionKey fresh = TemplateProtectionKey.generate();
            parsed.add(PROTECTION, fresh.toBytes());
            parsed.set(PROTECTION_CURRENT, fresh.id());
            parsed.write(file, kek);
            return fresh;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot update key file " + file, e);
        }
    }

    private static void create(Path file, Optional<KeyEncryptionService> kek) throws IOException {
        KeyFile fresh = new KeyFile(new ArrayList<>(), false);
        fresh.add("k1", randomKey());
        fresh.set(CURRENT, "k1");
        TemplateProtectionKey protection = TemplateProtectionKey.generate();
        fresh.add(PROTECTION, protection.toBytes());
        fresh.set(PROTECTION_CURRENT, protection.id());
        fresh.add(LOOKUP, randomKey());
        // Servers starting together on a key file on shared storage: the file appears whole or not
        // at all (a hard link does not replace), and a server that lost the race reads the winner's.
        Path tmp = file.resolveSibling(file.getFileName() + ".new-" + Long.toUnsignedString(RANDOM.nextLong(), 36));
        PrivateFiles.createFile(tmp, fresh.text(kek).getBytes(StandardCharsets.UTF_8));
        try {
            Files.createLink(file, tmp);
        } catch (java.nio.file.FileAlreadyExistsException lostTheRace) {
            // the other server's keys are the ones: ours were never used
        } catch (UnsupportedOperationException noHardLinks) {
            if (!Files.exists(file)) Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static byte[] randomKey() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return key;
    }

    /**
     * The lines of a key file, keys held unwrapped in memory. {@code wrapped}: the file on disk
     * held wrapped keys.
     */
    private record KeyFile(List<Entry> entries, boolean wrapped) {
        /** A key ({@code secret} set) or a plain setting such as {@code current=k1}. */
        private record Entry(String name, byte[] secret, String value) {}

        static KeyFile read(Path file, Optional<KeyEncryptionService> kek) throws IOException {
            List<String[]> lines = new ArrayList<>();
            String wrappedBy = null;
            for (String line : Files.readAllLines(file)) {
                line = line.strip();
                if (line.isEmpty() || line.startsWith("#")) continue;
                int eq = line.indexOf('=');
                if (eq < 0) throw new IllegalArgumentException("malformed line in key file " + file);
                String name = line.substring(0, eq);
                String value = line.substring(eq + 1);
                if (name.equals(KEK)) wrappedBy = value;
                else lines.add(new String[] {name, value});
            }
            if (wrappedBy != null && kek.isEmpty()) {
                throw new IllegalArgumentException("key file " + file + " is wrapped by the key-encrypting key " + wrappedBy
                        + ": set " + EnvironmentKeyEncryption.VARIABLE + " to it");
            }
            if (wrappedBy != null && !wrappedBy.equals(kek.get().keyId())) {
                throw new IllegalArgumentException("key file " + file + " is wrapped by the key-encrypting key " + wrappedBy
                        + ", not by the one given (" + kek.get().keyId() + "): wrong " + EnvironmentKeyEncryption.VARIABLE);
            }
            List<Entry> entries = new ArrayList<>();
            for (String[] l : lines) {
                String name = l[0];
                String value = l[1];
                boolean isKey = !name.equals(CURRENT) && !name.equals(PROTECTION_CURRENT);
                if (!isKey) {
                    entries.add(new Entry(name, null, value));
                } else if (value.startsWith(WRAPPED)) {
                    if (wrappedBy == null) throw new IllegalArgumentException("key file " + file + " holds a wrapped key but names no kek");
                    try {
                        entries.add(new Entry(name, kek.get().unwrap(Base64.getDecoder().decode(value.substring(WRAPPED.length())), name), null));
                    } catch (KeyEncryptionService.KeyUnwrapException e) {
                        throw new IllegalArgumentException("key file " + file + ": " + e.getMessage(), e);
                    }
                } else {
                    if (wrappedBy != null) throw new IllegalArgumentException("key file " + file + " is wrapped but holds a plain key: " + name);
                    entries.add(new Entry(name, Base64.getDecoder().decode(value), null));
                }
            }
            return new KeyFile(entries, wrappedBy != null);
        }

        boolean has(String name) {
            return entries.stream().anyMatch(e -> e.name().equals(name));
        }

        void add(String name, byte[] secret) {
            entries.add(new Entry(name, secret, null));
        }

        /** Sets a plain setting, replacing an earlier value. */
        void set(String name, String value) {
            entries.removeIf(e -> e.name().equals(name));
            entries.add(new Entry(name, null, value));
        }

        String text(Optional<KeyEncryptionService> kek) {
            StringBuilder out = new StringBuilder("# OpenPalm keys: AES-256 data keys, template protection keys, the phone look-up key."
                    + " Keep secret; back up.\n");
            kek.ifPresent(k -> out.append("# Wrapped by a key-encrypting key (").append(EnvironmentKeyEncryption.VARIABLE)
                    .append(" or a key service): useless without it.\n").append(KEK).append('=').append(k.keyId()).append('\n'));
            for (Entry e : entries) {
                out.append(e.name()).append('=');
                if (e.secret() == null) out.append(e.value());
                else if (kek.isPresent()) out.append(WRAPPED).append(Base64.getEncoder().encodeToString(kek.get().wrap(e.secret(), e.name())));
                else out.append(Base64.getEncoder().encodeToString(e.secret()));
                out.append('\n');
            }
            return out.toString();
        }

        void write(Path file, Optional<KeyEncryptionService> kek) throws IOException {
            PrivateFiles.replace(file, text(kek).getBytes(StandardCharsets.UTF_8));
        }

        FileKeyProvider provider(Path file) {
            Map<String, DataKey> keys = new LinkedHashMap<>();
            Map<String, TemplateProtectionKey> protection = new LinkedHashMap<>();
            String currentId = null;
            String currentProtectionId = null;
            LookupKey lookup = null;
            for (Entry e : entries) {
                switch (e.name()) {
                    case CURRENT -> currentId = e.value();
                    case PROTECTION_CURRENT -> currentProtectionId = e.value();
                    case PROTECTION -> {
                        TemplateProtectionKey key = TemplateProtectionKey.of(e.secret());
                        protection.put(key.id(), key);
                    }
                    case LOOKUP -> lookup = new LookupKey(new SecretKeySpec(e.secret(), "HmacSHA256"));
                    default -> keys.put(e.name(), new DataKey(e.name(), new SecretKeySpec(e.secret(), "AES")));
                }
            }
            if (currentId == null || !keys.containsKey(currentId)) throw new IllegalArgumentException("key file " + file + " names no current key");
            if (currentProtectionId == null || !protection.containsKey(currentProtectionId)) {
                throw new IllegalArgumentException("key file " + file + " names no current template protection key");
            }
            if (lookup == null) throw new IllegalArgumentException("key file " + file + " holds no phone look-up key");
            return new FileKeyProvider(keys, keys.get(currentId), protection, protection.get(currentProtectionId), lookup);
        }
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
    public LookupKey phoneLookup() {
        return phoneLookup;
    }

    @Override
    public String toString() {
        return "FileKeyProvider[" + keys.size() + " keys, current " + current.id() + "; " + protectionKeys.size()
                + " template protection keys, current " + currentProtection.id() + "]";
    }
}
