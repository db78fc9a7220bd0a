package org.openpalm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class NetworkSimCommandTest {
    @Test
    void networkSimIsASubcommandWithPortAndConfigOptions() {
        CommandLine cli = new CommandLine(new OpenPalmCommand());
        assertThat(cli.getSubcommands()).containsKey("network-sim");
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out));
        assertThat(cli.execute("network-sim", "--help")).isZero();
        assertThat(out.toString()).contains("--port").contains("--config");
    }

    @Test
    void badConfigFileIsAClearError() throws Exception {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("sim", ".properties");
        java.nio.file.Files.writeString(file, "card.4000000000000002=issuer:x,balance:10\n");
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new OpenPalmCommand());
        cli.setErr(new PrintWriter(err));
        assertThat(cli.execute("network-sim", "--port", "0", "--config", file.toString())).isNotZero();
        assertThat(err.toString()).contains("missing 'expiry'").doesNotContain("4000000000000002");
    }
}
