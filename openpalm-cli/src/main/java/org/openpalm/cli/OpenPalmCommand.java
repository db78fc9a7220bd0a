package org.openpalm.cli;

import org.openpalm.cli.evaluate.EvaluateCommand;
import org.openpalm.cli.pad.PadCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code openpalm} command: one subcommand per job. */
@Command(
        name = "openpalm",
        mixinStandardHelpOptions = true,
        version = "OpenPalm 0.1.0",
        description = "OpenPalm: open-source palm payment platform.",
        subcommands = {
            CommandLine.HelpCommand.class, DemoCommand.class, ServeCommand.class, EvaluateCommand.class,
            RoiCommand.class, SynthCommand.class, NetworkSimCommand.class, LedgerCommand.class, PrivacyCommand.class,
            AuditCommand.class, PadCommand.class, ClusterCommand.class
        })
public final class OpenPalmCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(new CommandLine(new OpenPalmCommand()).execute(args));
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
