package org.openpalm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code openpalm serve} refuses to write portal sign-in codes to the log unless told to. */
class ServeCommandTest {
    @Test
    void refusesTheLogCodeSenderUnlessConfiguredExplicitlyWithOneLineSayingWhy(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("server.properties");
        Files.writeString(config, "data.dir=" + dir.resolve("data") + "\nhttp.port=0\nadmin.port=0\n");
        CommandLine cli = new CommandLine(new OpenPalmCommand());
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));

        assertThat(cli.execute("serve", "--config", config.toString())).isEqualTo(2);
        assertThat(err.toString().strip().lines()).hasSize(1);
        assertThat(err.toString()).contains("portal.codeSender is not set", "portal.codeSender=log", "portal.codeSender=http");
        // it stopped before starting anything: no database was created
        assertThat(dir.resolve("data")).doesNotExist();
    }
}
