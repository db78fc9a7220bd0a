package org.openpalm.cli.demo;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The palm as a membership card in the demo (issue 17): the merchant's loyalty programme ("every
 * 10th coffee free"), a gate terminal, the first customer a loyalty member allowed in at the gate,
 * and the second an age-checked adult (18+ and 21+ say yes at the reader). Seeded through the API
 * like the rest; kept in {@code memberships.properties} and {@code gate.key}.
 */
public record DemoMemberships(String programme, DemoClient.TerminalKey gate, String memberName, String adultName) {
    static final String FILE = "memberships.properties";
    static final String PROGRAMME = "Demo Coffee Club";

    @Override
    public String toString() {
        return "DemoMemberships[" + programme + ", gate " + gate.terminalId() + ", member " + memberName + ", adult " + adultName + "]";
    }

    static DemoMemberships seed(DemoClient client, DemoState state, DemoPalms palms) {
        ObjectNode programme = DemoClient.object().put("name", PROGRAMME).put("currency", "EUR").put("points_per_unit", 10);
        programme.putObject("every_nth_item_free").put("item", "coffee").put("n", 10);
        programme.putObject("points_redemption").put("points", 100).put("discount_minor", 100);
        client.post("v1/loyalty/programme", state.apiKey(), programme).require("defining the demo loyalty programme");
        DemoClient.TerminalKey gate = DemoEnvironment.terminal(client, state.apiKey(), state.storeId(), "gate");
        List<DemoState.DemoCustomer> customers = state.customers();
        DemoState.DemoCustomer member = customers.getFirst();
        DemoState.DemoCustomer adult = customers.size() > 1 ? customers.get(1) : member;
        int memberIndex = 0;
        int adultIndex = customers.indexOf(adult);
        client.terminalPost(state.kiosk(), "/terminal/v1/loyalty/members", DemoClient.object().put("palm_image", palm(palms, memberIndex, 0))
                .put("display_name", capitalised(member.name())).put("loyalty_consent", true).put("consent_text_version", "demo-loyalty-1"))
                .require("joining " + member.name() + " to the loyalty programme");
        client.terminalPost(state.kiosk(), "/terminal/v1/entry-consents", DemoClient.object().put("palm_image", palm(palms, memberIndex, 1))
                .put("entry_consent", true).put("consent_text_version", "demo-entry-1")).require("recording " + member.name() + "'s entry consent");
        client.terminalPost(state.kiosk(), "/terminal/v1/age-attestations", DemoClient.object().put("palm_image", palm(palms, adultIndex, 2))
                .put("born_on_or_before", LocalDate.now(ZoneOffset.UTC).minusYears(30).toString()).put("staff_id", "demo-staff")
                .put("document_type", "id_card")).require("attesting " + adult.name() + "'s age");
        return new DemoMemberships(PROGRAMME, gate, member.name(), adult.name());
    }

    /**
     * Staff desk picture {@code which} of the customer's palm: each use gets a picture of its own
     * (a picture seen before is refused as a replay), never the sample the shopper pays with.
     */
    private static String palm(DemoPalms palms, int customer, int which) {
        return Base64.getEncoder().encodeToString(palms.customers().get(customer).staffCaptures().get(which).toPng());
    }

    private static String capitalised(String name) {
        return name.isEmpty() ? name : Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }

    static Optional<DemoMemberships> load(Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) return Optional.empty();
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        }
        return Optional.of(new DemoMemberships(p.getProperty("programme"),
                new DemoClient.TerminalKey(p.getProperty("gate.id"), DemoState.readKey(dir.resolve("gate.key"))),
                p.getProperty("member"), p.getProperty("adult")));
    }

    void save(Path dir) throws IOException {
        DemoState.writePrivate(dir.resolve("gate.key"), DemoState.encode(gate.privateKey()));
        Properties p = new Properties();
        p.setProperty("programme", programme);
        p.setProperty("gate.id", gate.terminalId());
        p.setProperty("member", memberName);
        p.setProperty("adult", adultName);
        try (Writer out = Files.newBufferedWriter(dir.resolve(FILE), StandardCharsets.UTF_8)) {
            p.store(out, "OpenPalm demo: loyalty programme, gate and age-checked customer");
        }
    }
}
