package org.openpalm.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** /openapi.yaml describes exactly the routes the running server answers: none missing, none invented. */
class OpenApiDescriptionTest {
    private static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete", "head", "options", "trace");

    @Test
    void theServedDescriptionNamesEveryRouteOfTheRunningServerAndNoOther(@TempDir Path dir) throws Exception {
        try (TestServer t = new TestServer(dir)) {
            TestServer.Response served = t.get("/openapi.yaml", null);
            assertThat(served.status()).isEqualTo(200);
            JsonNode api = new ObjectMapper(new YAMLFactory()).readTree(served.text());
            assertThat(api.path("openapi").asText()).startsWith("3.1");
            assertThat(api.path("info").path("title").asText()).isNotBlank();

            SortedSet<String> described = new TreeSet<>();
            api.path("paths").properties().forEach(path -> path.getValue().properties().forEach(op -> {
                if (!METHODS.contains(op.getKey())) return;
                String route = op.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey();
                described.add(route);
                assertThat(op.getValue().path("summary").asText()).as("%s has a summary", route).isNotBlank();
                assertThat(op.getValue().path("responses").isObject()).as("%s lists its responses", route).isTrue();
                assertThat(op.getValue().path("responses").size()).as("%s lists its responses", route).isPositive();
            }));

            SortedSet<String> real = t.server.httpRoutes();
            assertThat(real).as("routes of the running server").contains("POST /v1/payments", "POST /terminal/v1/enrolments");
            SortedSet<String> missing = new TreeSet<>(real);
            missing.removeAll(described);
            SortedSet<String> invented = new TreeSet<>(described);
            invented.removeAll(real);
            assertThat(missing).as("routes the server answers that openapi.yaml does not describe").isEmpty();
            assertThat(invented).as("routes openapi.yaml describes that the server does not answer").isEmpty();
        }
    }

    @Test
    void theMainRoutesDescribeTheirRequestAndResponseBodies(@TempDir Path dir) throws Exception {
        try (TestServer t = new TestServer(dir)) {
            JsonNode api = new ObjectMapper(new YAMLFactory()).readTree(t.get("/openapi.yaml", null).text());
            for (String[] route : new String[][] {{"/v1/payments", "post", "201"}, {"/terminal/v1/enrolments", "post", "201"},
                {"/terminal/v1/payments/{id}/palm", "post", "200"}}) {
                JsonNode op = api.path("paths").path(route[0]).path(route[1]);
                assertThat(op.path("requestBody").path("content").path("application/json").path("schema").isMissingNode())
                        .as("%s %s request schema", route[1], route[0]).isFalse();
                assertThat(op.path("responses").path(route[2]).path("content").path("application/json").path("schema").isMissingNode())
                        .as("%s %s response schema", route[1], route[0]).isFalse();
            }
            // every $ref points at a schema that exists
            String text = t.get("/openapi.yaml", null).text();
            java.util.regex.Matcher ref = java.util.regex.Pattern.compile("\\$ref: *'?#/components/schemas/([A-Za-z0-9]+)").matcher(text);
            while (ref.find()) {
                assertThat(api.path("components").path("schemas").has(ref.group(1))).as("schema %s", ref.group(1)).isTrue();
            }
        }
    }
}
