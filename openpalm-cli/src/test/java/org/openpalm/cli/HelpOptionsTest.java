package org.openpalm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every command of the {@code openpalm} tree, however deep, answers --help with its own usage. */
class HelpOptionsTest {
    /** A command and the words that reach it from the root ({@code []} for the root). */
    private record Reached(List<String> path, CommandLine command) {}

    private static List<Reached> walk(List<String> path, CommandLine command) {
        List<Reached> all = new ArrayList<>(List.of(new Reached(path, command)));
        command.getSubcommands().forEach((name, sub) -> {
            // aliases appear as extra keys for the same command; walk each command under its own name only
            if (name.equals(sub.getCommandName())) {
                List<String> subPath = new ArrayList<>(path);
                subPath.add(name);
                all.addAll(walk(subPath, sub));
            }
        });
        return all;
    }

    @Test
    void everyCommandHasAHelpOptionThatPrintsItsUsageAndExitsZero() {
        List<Reached> commands = walk(List.of(), new CommandLine(new OpenPalmCommand()));
        assertThat(commands).extracting(r -> String.join(" ", r.path()))
                .contains("", "demo", "serve", "evaluate", "roi", "synth", "network-sim", "ledger", "help");
        for (Reached reached : commands) {
            String name = String.join(" ", reached.path());
            CommandLine.Model.CommandSpec spec = reached.command().getCommandSpec();
            assertThat(spec.options()).as("'%s' has a usage-help option", name)
                    .anySatisfy(o -> {
                        assertThat(o.usageHelp()).isTrue();
                        assertThat(o.names()).contains("--help");
                    });

            StringWriter out = new StringWriter();
            CommandLine root = new CommandLine(new OpenPalmCommand());
            root.setOut(new PrintWriter(out));
            root.setErr(new PrintWriter(new StringWriter()));
            List<String> args = new ArrayList<>(reached.path());
            args.add("--help");
            int exit = root.execute(args.toArray(String[]::new));

            assertThat(exit).as("'%s --help' exit status", name).isZero();
            String usage = out.toString();
            assertThat(usage).as("'%s --help'", name)
                    .contains("Usage: " + ("openpalm " + name).strip() + " ")
                    .contains("--help");
            // picocli rewraps the description to the terminal width: compare the words, not the lines
            String words = usage.replaceAll("\\s+", " ");
            for (String line : spec.usageMessage().description()) {
                assertThat(words).as("'%s --help' shows its description", name).contains(line.replace("%n", "").replaceAll("\\s+", " ").strip());
            }
        }
    }
}
