package org.openpalm.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/** Every browser page is served as HTML, references only files the server serves, and labels its controls. */
class WebPagesTest {
    /** Pages other parts of the project add (customer portal, insights): linked to, delivered with those parts. */
    static final Pattern REFERENCE = Pattern.compile("(?:src|href)=\"(/[^\"#?]*)");
    static final Pattern CONTROL = Pattern.compile("<(input|select|textarea)\\b([^>]*)>");
    static final Pattern ID = Pattern.compile("\\bid=\"([^\"]+)\"");

    @TempDir
    static Path dataDir;

    static TestServer s;

    @BeforeAll
    static void start() {
        s = new TestServer(dataDir);
    }

    @AfterAll
    static void stop() {
        s.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/index.html", "/reader.html", "/kiosk.html", "/dashboard.html", "/admin.html", "/portal.html", "/insights.html", "/enrol.html"})
    void pageIsServedAndReferencesOnlyServedFiles(String page) {
        TestServer.Response r = s.get(page, null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("text/html");
        List<String> references = new ArrayList<>();
        Matcher m = REFERENCE.matcher(r.text());
        while (m.find()) references.add(m.group(1));
        assertThat(references).contains("/app.css");
        for (String ref : references) {
            TestServer.Response file = s.get(ref, null);
            assertThat(file.status()).as(page + " references " + ref).isEqualTo(200);
            if (ref.endsWith(".js")) assertThat(file.contentType()).contains("javascript");
            if (ref.endsWith(".css")) assertThat(file.contentType()).startsWith("text/css");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/reader.html", "/kiosk.html", "/dashboard.html", "/admin.html", "/portal.html", "/insights.html", "/enrol.html"})
    void everyControlHasAnIdAndALabel(String page) {
        String html = s.get(page, null).text();
        assertThat(html).contains("aria-live");
        Matcher m = CONTROL.matcher(html);
        int controls = 0;
        while (m.find()) {
            Matcher id = ID.matcher(m.group(2));
            assertThat(id.find()).as(page + ": control without id: " + m.group()).isTrue();
            assertThat(html).as(page + ": no <label for=\"" + id.group(1) + "\">").contains("<label for=\"" + id.group(1) + "\"");
            controls++;
        }
        assertThat(controls).isPositive();
        List<String> ids = new ArrayList<>();
        Matcher all = ID.matcher(html);
        while (all.find()) ids.add(all.group(1));
        assertThat(ids).as(page + ": duplicate ids").doesNotHaveDuplicates();
    }
}
