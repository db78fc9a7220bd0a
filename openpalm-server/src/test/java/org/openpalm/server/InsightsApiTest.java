package org.openpalm.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shopping insights over HTTP: only customers with the insights consent in force are counted, a
 * withdrawal removes them from the next report, and the advertiser export drops every group of
 * fewer than 20 customers.
 */
class InsightsApiTest {
    @TempDir
    Path dataDir;

    private static int allCustomers(JsonNode export) {
        for (JsonNode row : export.get("rows")) {
            if (row.get("dimension").asText().equals("all")) return row.get("customers").asInt();
        }
        return 0;
    }

    @Test
    void consentingCustomersOnlyAndKAnonymousExport() {
        try (TestServer s = new TestServer(dataDir)) {
            PortalClient portal = new PortalClient(s);
            TestServer.Merchant m = s.onboard("Insight Grocer");
            TestServer.Merchant other = s.onboard("Elsewhere");
            List<String> consenting = new ArrayList<>();
            for (int n = 0; n < 21; n++) {
                consenting.add(portal.enrol(m, 4001 + n, true));
                assertThat(portal.pay(m, 4001 + n, 1_000 + 100L * n)).isEqualTo("AUTHORISED");
            }
            // two regulars without the insights consent, paying often and much
            for (int n = 0; n < 2; n++) {
                portal.enrol(m, 4101 + n, false);
                for (int visit = 0; visit < 3; visit++) assertThat(portal.pay(m, 4101 + n, 90_000)).isEqualTo("AUTHORISED");
            }
            assertThat(portal.pay(m, 4001, 2_000)).isEqualTo("AUTHORISED"); // one repeat visit

            assertThat(s.get("/v1/insights", null).status()).isEqualTo(401);
            TestServer.Response insights = s.get("/v1/insights", m.apiKey());
            assertThat(insights.status()).as(insights.text()).isEqualTo(200);
            assertThat(insights.json().get("customers").asInt()).isEqualTo(21);
            assertThat(insights.json().get("visits").asInt()).isEqualTo(22);
            assertThat(insights.json().get("repeat_customer_share_basis_points").asInt()).isEqualTo(10_000 / 21);
            JsonNode basket = insights.json().get("baskets").get(0);
            assertThat(basket.get("total_minor").asLong()).isEqualTo(21 * 1_000 + 100L * (20 * 21 / 2) + 2_000);
            assertThat(basket.get("median_minor").asLong()).isLessThan(90_000);
            int byHour = 0;
            for (JsonNode h : insights.json().get("visits_by_hour_utc")) byHour += h.asInt();
            assertThat(byHour).isEqualTo(22);
            assertThat(insights.json().get("cohorts").get(0).get("customers").asInt()).isEqualTo(21);
            assertThat(s.get("/v1/insights", other.apiKey()).json().get("customers").asInt()).isZero();

            TestServer.Response export = s.get("/v1/insights/export", m.apiKey());
            assertThat(export.json().get("k").asInt()).isEqualTo(20);
            assertThat(allCustomers(export.json())).isEqualTo(21);
            for (JsonNode row : export.json().get("rows")) assertThat(row.get("customers").asInt()).isGreaterThanOrEqualTo(20);
            assertThat(export.text()).doesNotContain("cus_").doesNotContain("+44").doesNotContain("90000");
            TestServer.Response csv = s.get("/v1/insights/export?format=csv", m.apiKey());
            assertThat(csv.contentType()).startsWith("text/csv");
            assertThat(csv.text()).startsWith("dimension,bucket,customers,visits\r\n").contains("all,all,21,22\r\n").doesNotContain("cus_");
            TestServer.Response badFormat = s.get("/v1/insights/export?format=xml", m.apiKey());
            assertThat(badFormat.status()).isEqualTo(400);
            assertThat(PortalClient.fields(badFormat)).containsExactly("format");

            // a customer withdraws in the portal: gone from the next report and export
            String cookie = portal.signIn(PortalClient.phone(4001));
            assertThat(portal.post("/portal/v1/consents/shopping-insights/withdraw", cookie, TestServer.key(), "{}").status()).isEqualTo(200);
            assertThat(s.get("/v1/insights", m.apiKey()).json().get("customers").asInt()).isEqualTo(20);
            assertThat(s.get("/v1/insights", m.apiKey()).json().get("visits").asInt()).isEqualTo(20);
            assertThat(allCustomers(s.get("/v1/insights/export", m.apiKey()).json())).isEqualTo(20);

            // one more withdrawal (through the API) leaves 19: under k, every group is suppressed
            TestServer.Response withdrawn = s.post("/admin/v1/customers/" + consenting.get(1) + "/consents/shopping-insights/withdraw",
                    TestServer.ADMIN_TOKEN, TestServer.key(), "");
            assertThat(withdrawn.status()).as(withdrawn.text()).isEqualTo(200);
            assertThat(s.get("/v1/insights", m.apiKey()).json().get("customers").asInt()).isEqualTo(19);
            JsonNode suppressed = s.get("/v1/insights/export", m.apiKey()).json();
            assertThat(suppressed.get("rows")).isEmpty();
            assertThat(suppressed.get("suppressed_groups").asInt()).isPositive();
            assertThat(s.get("/v1/insights/export?format=csv", m.apiKey()).text()).isEqualTo("dimension,bucket,customers,visits\r\n");

            assertThat(s.get("/insights.html", null).text()).contains("insights.js").contains("<label for=\"api-key\"");
        }
    }
}
