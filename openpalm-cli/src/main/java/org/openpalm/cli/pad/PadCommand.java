package org.openpalm.cli.pad;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code openpalm pad}: presentation attack detection (liveness) tools. */
@Command(
        name = "pad",
        mixinStandardHelpOptions = true,
        description = "Presentation attack detection: simulated attack sets and their evaluation.",
        subcommands = {AttacksCommand.class, PadEvaluateCommand.class})
public final class PadCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
