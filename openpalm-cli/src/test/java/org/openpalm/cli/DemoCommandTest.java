package org.openpalm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DemoCommandTest {
    @Test
    void syntheticShoppersPayByPalmAmongACrowdAndAStrangerIsRefused(@TempDir Path dir) throws Exception {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new OpenPalmCommand());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(new StringWriter()));
        int exit = cli.execute("demo", "--synthetic", "--crowd", "2000", "--out", dir.toString());
        String text = out.toString();
        assertThat(exit).as(text).isZero();
        assertThat(text).contains("20 shoppers", "2,020 palms in the index", "wrong person: 0",
                "a stranger (never enrolled) -> not recognised");
        // every shopper's first payment is shown; nearly all 60 payments go to the right palm
        for (int i = 1; i <= 20; i++) assertThat(text).contains(String.format("till: shopper-%02d", i));
        java.util.regex.Matcher paid = java.util.regex.Pattern.compile("payments: 60; paid by the right palm: (\\d+);")
                .matcher(text);
        assertThat(paid.find()).as(text).isTrue();
        assertThat(Integer.parseInt(paid.group(1))).isGreaterThanOrEqualTo(54);
        assertThat(Files.readAllLines(dir.resolve("manifest.csv"))).hasSize(1 + 20 * 4);
        assertThat(dir.resolve("shopper-01_1.png")).isRegularFile();
    }
}
