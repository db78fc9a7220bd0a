package org.openpalm.cli.demo;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * What the demo seeded, kept in the demo directory so a later run reuses it: the merchant, its
 * store and two terminals (their private keys in {@code reader.key} and {@code kiosk.key}, mode
 * 600), and the customers. {@code demo.properties} is written last, so its presence means the
 * seeding finished.
 *
 * @param cards demo-bank cards the network simulator must know (customers, crowd, spares)
 */
public record DemoState(String merchantId, String apiKey, String storeId, DemoClient.TerminalKey reader,
                        DemoClient.TerminalKey kiosk, YearMonth cardExpiry, int cards, String palmSource,
                        List<DemoCustomer> customers, int crowd) {
    static final String FILE = "demo.properties";

    /** A seeded customer; {@code cardIndex} names the demo-bank card (see {@link DemoCards}). */
    public record DemoCustomer(String name, String phone, String customerId, int cardIndex) {
        @Override
        public String toString() {
            return "DemoCustomer[" + name + ", " + customerId + "]";
        }
    }

    public DemoState {
        customers = List.copyOf(customers);
    }

    /** The state seeded in {@code dir}, or empty when the demo was never seeded there (or seeding did not finish). */
    public static Optional<DemoState> load(Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) return Optional.empty();
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        }
        List<DemoCustomer> customers = new ArrayList<>();
        int count = Integer.parseInt(p.getProperty("customers"));
        for (int i = 0; i < count; i++) {
            String prefix = "customer." + i + ".";
            customers.add(new DemoCustomer(p.getProperty(prefix + "name"), p.getProperty(prefix + "phone"),
                    p.getProperty(prefix + "id"), Integer.parseInt(p.getProperty(prefix + "card"))));
        }
        return Optional.of(new DemoState(p.getProperty("merchant.id"), p.getProperty("merchant.api_key"), p.getProperty("store.id"),
                new DemoClient.TerminalKey(p.getProperty("reader.id"), readKey(dir.resolve("reader.key"))),
                new DemoClient.TerminalKey(p.getProperty("kiosk.id"), readKey(dir.resolve("kiosk.key"))),
                YearMonth.parse(p.getProperty("card.expiry")), Integer.parseInt(p.getProperty("cards")),
                p.getProperty("palms.source"), customers, Integer.parseInt(p.getProperty("crowd"))));
    }

    /** Writes the keys, then the properties file (mode 600: it holds the merchant API key). */
    public void save(Path dir) throws IOException {
        writePrivate(dir.resolve("reader.key"), encode(reader.privateKey()));
        writePrivate(dir.resolve("kiosk.key"), encode(kiosk.privateKey()));
        Properties p = new Properties();
        p.setProperty("merchant.id", merchantId);
        p.setProperty("merchant.api_key", apiKey);
        p.setProperty("store.id", storeId);
        p.setProperty("reader.id", reader.terminalId());
        p.setProperty("kiosk.id", kiosk.terminalId());
        p.setProperty("card.expiry", cardExpiry.toString());
        p.setProperty("cards", Integer.toString(cards));
        p.setProperty("palms.source", palmSource);
        p.setProperty("crowd", Integer.toString(crowd));
        p.setProperty("customers", Integer.toString(customers.size()));
        for (int i = 0; i < customers.size(); i++) {
            DemoCustomer c = customers.get(i);
            String prefix = "customer." + i + ".";
            p.setProperty(prefix + "name", c.name());
            p.setProperty(prefix + "phone", c.phone());
            p.setProperty(prefix + "id", c.customerId());
            p.setProperty(prefix + "card", Integer.toString(c.cardIndex()));
        }
        Path tmp = dir.resolve(FILE + ".tmp");
        Files.deleteIfExists(tmp);
        createPrivate(tmp);
        try (Writer out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            p.store(out, "OpenPalm demo: what ./openpalm demo seeded (delete the folder or use --reset to start again)");
        }
        Files.move(tmp, dir.resolve(FILE), java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** Base64 PKCS#8 of a private key: what the reader and kiosk pages take in their URL fragment. */
    public static String encode(PrivateKey key) {
        return Base64.getEncoder().encodeToString(key.getEncoded());
    }

    static PrivateKey readKey(Path file) throws IOException {
        try {
            byte[] der = Base64.getDecoder().decode(Files.readString(file).strip());
            return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IOException(file + " does not hold a base64 PKCS#8 Ed25519 key", e);
        }
    }

    static void writePrivate(Path file, String content) throws IOException {
        Files.deleteIfExists(file);
        createPrivate(file);
        Files.writeString(file, content + "\n");
    }

    /** An empty file readable by its owner only (where the file system has POSIX permissions). */
    static void createPrivate(Path file) throws IOException {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(file);
        }
    }

    @Override
    public String toString() {
        return "DemoState[merchant " + merchantId + ", API key masked, reader " + reader.terminalId() + ", kiosk " + kiosk.terminalId()
                + ", " + customers.size() + " customers, crowd " + crowd + "]";
    }
}
