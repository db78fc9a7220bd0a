package org.openpalm.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openpalm.payments.testing.PaymentsFixture;

/**
 * Real palms (tongji-roi, from the shared datasets; skipped with a message when absent): each
 * subject enrols three first-session images over HTTP, then pays with a second-session image.
 * Most must be authorised, and never as somebody else.
 */
class RealPalmPaymentTest {
    @TempDir
    Path dataDir;

    record Sample(String file, String subject, int session) {}

    static Path dataset() {
        String env = System.getenv("OPENPALM_DATASETS");
        Path root = Path.of(env != null && !env.isBlank() ? env : System.getProperty("openpalm.datasets", "../shared/datasets"));
        Path dir = root.resolve("tongji-roi");
        boolean present = Files.isRegularFile(dir.resolve("manifest.csv"));
        if (!present) System.err.println("SKIPPED: dataset tongji-roi not found at " + dir.toAbsolutePath() + " (set OPENPALM_DATASETS)");
        assumeTrue(present, "dataset tongji-roi not found at " + dir.toAbsolutePath());
        return dir;
    }

    @Test
    void enrolledShoppersPayWithAnotherSessionsPalmAndNeverAsSomeoneElse() throws Exception {
        Path dir = dataset();
        Map<String, List<Sample>> bySubject = new LinkedHashMap<>();
        for (String line : Files.readAllLines(dir.resolve("manifest.csv")).subList(1, Files.readAllLines(dir.resolve("manifest.csv")).size())) {
            if (line.isBlank()) continue;
            String[] f = line.split(",");
            bySubject.computeIfAbsent(f[1], k -> new ArrayList<>()).add(new Sample(f[0], f[1], Integer.parseInt(f[3])));
        }
        try (TestServer s = new TestServer(dataDir)) {
            TestServer.Merchant m = s.onboard("Real palms");
            Map<String, String> customerOf = new LinkedHashMap<>();
            int n = 0;
            for (var e : bySubject.entrySet()) {
                n++;
                List<String> images = new ArrayList<>();
                for (Sample sample : e.getValue().stream().filter(x -> x.session() == 1).limit(3).toList()) {
                    images.add("\"" + Base64.getEncoder().encodeToString(Files.readAllBytes(dir.resolve(sample.file()))) + "\"");
                }
                String pan = PaymentsFixture.card(7000 + n).revealTo((x, y) -> null);
                String body = "{\"phone\":\"" + PaymentsFixture.phone(7000 + n).e164() + "\",\"card_number\":\"" + pan + "\",\"expiry\":\""
                        + YearMonth.now().plusYears(1) + "\",\"palm_images\":[" + String.join(",", images)
                        + "],\"biometric_consent\":true,\"consent_text_version\":\"v1\"}";
                TestServer.Response enrolled = s.enrol(m.kiosk(), body);
                assertThat(enrolled.status()).as(enrolled.text()).isEqualTo(201);
                customerOf.put(e.getKey(), enrolled.json().get("customer_id").asText());
            }
            int authorised = 0;
            for (var e : bySubject.entrySet()) {
                Sample probe = e.getValue().stream().filter(x -> x.session() == 2).findFirst().orElseThrow();
                String id = s.post("/v1/payments", m.apiKey(), TestServer.key(), "{\"amount\":{\"minor\":1234,\"currency\":\"EUR\"},\"terminal_id\":\""
                        + m.terminal().id() + "\"}").json().get("id").asText();
                TestServer.Response paid = s.terminalPost(m.terminal(), "/terminal/v1/payments/" + id + "/palm",
                        "{\"palm_image\":\"" + Base64.getEncoder().encodeToString(Files.readAllBytes(dir.resolve(probe.file()))) + "\"}");
                assertThat(paid.status()).as(paid.text()).isEqualTo(200);
                if (paid.json().get("result").asText().equals("AUTHORISED")) {
                    authorised++;
                    assertThat(paid.json().get("payment").get("customer_id").asText()).isEqualTo(customerOf.get(e.getKey()));
                }
            }
            assertThat(authorised).isGreaterThanOrEqualTo(bySubject.size() * 7 / 10);
            assertThat(s.server.ledgerAudit().check().problems()).isEmpty();
        }
    }
}
