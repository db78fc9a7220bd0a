package org.openpalm.iso8583.sim;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.openpalm.iso8583.CardNumber;
import org.openpalm.iso8583.Money;

/**
 * Simulator configuration.
 *
 * <p>{@link #testCards(int)} is the built-in set. Test cards (all EUR, Luhn-valid):
 * <table>
 * <caption>Built-in test cards</caption>
 * <tr><th>card number</th><th>issuer</th><th>outcome of an authorisation</th></tr>
 * <tr><td>4000000000000002</td><td>openpalm-bank</td><td>00 approved (balance 1 000 000.00, limit 5 000.00; above: 05)</td></tr>
 * <tr><td>4000000000000051</td><td>openpalm-bank</td><td>51 insufficient funds above 10.00</td></tr>
 * <tr><td>4000000000000549</td><td>openpalm-bank</td><td>54 expired card (expired 2020-01)</td></tr>
 * <tr><td>4000000000000101</td><td>openpalm-bank</td><td>05 do not honour (blocked)</td></tr>
 * <tr><td>4000000000000143</td><td>openpalm-bank</td><td>14 invalid card (closed account)</td></tr>
 * <tr><td>4000000000000960</td><td>openpalm-bank</td><td>96 system malfunction</td></tr>
 * <tr><td>4000000000000911</td><td>offline-bank</td><td>91 issuer unavailable</td></tr>
 * <tr><td>4000000000000994</td><td>blackhole-bank</td><td>no response: the acquirer times out (and reverses)</td></tr>
 * </table>
 * The CVV2 of every test card is the last three digits of its number (4000000000000002: 002); an
 * account verification (0100, field 25 = 51) with another CVV2 gets N7. The network answers
 * account verifications in stand-in (known card and CVV2 only), so every test card can be enrolled.
 * A card number not in the table cannot be tokenised (0610 with 14); a token the network did not
 * issue gets 14.
 *
 * <p>Config file ({@link #load}) is a properties file:
 * <pre>
 * seed=42
 * issuer.mybank.available=true
 * issuer.mybank.declineRatePercent=10
 * issuer.mybank.responseDelayMillis=50
 * issuer.mybank.dropRatePercent=1
 * card.4000000000000002=issuer:mybank,expiry:2030-12,balance:100000,currency:EUR,limit:50000,status:ACTIVE,cvv2:123
 * </pre>
 *
 * @param port        TCP port to listen on; 0 picks a free one
 * @param randomSeed  seed for decline and drop decisions and approval codes
 * @param issuers     the issuers
 */
public record SimConfig(int port, long randomSeed, List<IssuerConfig> issuers) {
    public SimConfig {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, was " + port);
        }
        issuers = List.copyOf(issuers);
    }

    public SimConfig withPort(int newPort) {
        return new SimConfig(newPort, randomSeed, issuers);
    }

    public static SimConfig testCards(int port) {
        YearMonth valid = YearMonth.now(ZoneOffset.UTC).plusYears(3);
        Money big = Money.of(100_000_000, "EUR");
        List<AccountConfig> bank = List.of(
                new AccountConfig(new CardNumber("4000000000000002"), valid, big, 500_000, CardStatus.ACTIVE),
                new AccountConfig(new CardNumber("4000000000000051"), valid, Money.of(1_000, "EUR"), 500_000, CardStatus.ACTIVE),
                new AccountConfig(new CardNumber("4000000000000549"), YearMonth.of(2020, 1), big, 500_000, CardStatus.ACTIVE),
                new AccountConfig(new CardNumber("4000000000000101"), valid, big, 500_000, CardStatus.BLOCKED),
                new AccountConfig(new CardNumber("4000000000000143"), valid, big, 500_000, CardStatus.INVALID),
                new AccountConfig(new CardNumber("4000000000000960"), valid, big, 500_000, CardStatus.MALFUNCTION));
        return new SimConfig(port, 42, List.of(
                new IssuerConfig("openpalm-bank", true, 0, 0, 0, bank),
                new IssuerConfig("offline-bank", false, 0, 0, 0, List.of(
                        new AccountConfig(new CardNumber("4000000000000911"), valid, big, 500_000, CardStatus.ACTIVE))),
                new IssuerConfig("blackhole-bank", true, 0, 0, 100, List.of(
                        new AccountConfig(new CardNumber("4000000000000994"), valid, big, 500_000, CardStatus.ACTIVE)))));
    }

    /** Reads a properties config file (see the class comment); a specific error names the bad key. */
    public static SimConfig load(Path file, int port) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        Map<String, List<AccountConfig>> cards = new LinkedHashMap<>();
        Map<String, Map<String, String>> issuerProps = new LinkedHashMap<>();
        for (String key : new java.util.TreeSet<>(p.stringPropertyNames())) {
            String value = p.getProperty(key).strip();
            if (key.startsWith("issuer.")) {
                int dot = key.lastIndexOf('.');
                if (dot <= "issuer.".length()) {
                    throw new IllegalArgumentException(file + ": key '" + key + "' must be issuer.NAME.SETTING");
                }
                issuerProps.computeIfAbsent(key.substring(7, dot), k -> new LinkedHashMap<>()).put(key.substring(dot + 1), value);
            } else if (key.startsWith("card.")) {
                Map<String, String> attrs = new LinkedHashMap<>();
                for (String part : value.split(",")) {
                    String[] kv = part.split(":", 2);
                    if (kv.length != 2) {
                        throw new IllegalArgumentException(file + ": '" + key + "' needs name:value pairs separated by commas");
                    }
                    attrs.put(kv[0].strip(), kv[1].strip());
                }
                try {
                    AccountConfig a = new AccountConfig(new CardNumber(key.substring(5)),
                            YearMonth.parse(required(attrs, "expiry", key)),
                            Money.of(Long.parseLong(required(attrs, "balance", key)), attrs.getOrDefault("currency", "EUR")),
                            Long.parseLong(attrs.getOrDefault("limit", String.valueOf(Money.MAX_MINOR_UNITS))),
                            CardStatus.valueOf(attrs.getOrDefault("status", "ACTIVE")),
                            attrs.containsKey("cvv2") ? new org.openpalm.iso8583.SecurityCode(attrs.get("cvv2"))
                                    : AccountConfig.testSecurityCodeOf(new CardNumber(key.substring(5))));
                    cards.computeIfAbsent(required(attrs, "issuer", key), k -> new ArrayList<>()).add(a);
                } catch (RuntimeException e) {
                    throw new IllegalArgumentException(file + ": card entry '" + maskKey(key) + "' is invalid: " + e.getMessage(), e);
                }
            } else if (!key.equals("seed")) {
                throw new IllegalArgumentException(file + ": unknown key '" + key + "'");
            }
        }
        List<IssuerConfig> issuers = new ArrayList<>();
        for (String name : cards.keySet()) {
            issuerProps.putIfAbsent(name, Map.of());
        }
        for (Map.Entry<String, Map<String, String>> e : issuerProps.entrySet()) {
            Map<String, String> s = e.getValue();
            issuers.add(new IssuerConfig(e.getKey(), Boolean.parseBoolean(s.getOrDefault("available", "true")),
                    Integer.parseInt(s.getOrDefault("declineRatePercent", "0")),
                    Long.parseLong(s.getOrDefault("responseDelayMillis", "0")),
                    Integer.parseInt(s.getOrDefault("dropRatePercent", "0")),
                    cards.getOrDefault(e.getKey(), List.of())));
        }
        return new SimConfig(port, Long.parseLong(p.getProperty("seed", "42").strip()), issuers);
    }

    private static String required(Map<String, String> attrs, String name, String key) {
        String v = attrs.get(name);
        if (v == null) {
            throw new IllegalArgumentException("missing '" + name + "'");
        }
        return v;
    }

    private static String maskKey(String key) {
        return "card." + org.openpalm.iso8583.Masking.pan(key.substring(5));
    }
}
