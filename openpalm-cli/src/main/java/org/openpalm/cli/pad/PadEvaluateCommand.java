package org.openpalm.cli.pad;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.openpalm.biometrics.LivenessConfig;
import org.openpalm.cli.evaluate.Json;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code openpalm pad evaluate}: ISO/IEC 30107-3 figures of an attack set, subject-disjoint. */
@Command(
        name = "evaluate",
        mixinStandardHelpOptions = true,
        description = {
            "Measures liveness detection on an attack set (openpalm pad attacks): APCER per kind, "
                    + "APCER worst, BPCER, BPCER20, BPCER100 and IAPAR (attacks accepted as live and "
                    + "identified as their victim), with every fitted quantity fitted on other subjects (folds).",
        })
public final class PadEvaluateCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "the attack set folder (with manifest.csv)")
    Path folder;

    @Option(names = "--json", description = "print the report as JSON")
    boolean json;

    @Option(names = "--folds", paramLabel = "K", defaultValue = "5", description = "subject folds (default: ${DEFAULT-VALUE})")
    int folds;

    @Option(names = "--target-bpcer", paramLabel = "X", defaultValue = "0.01",
            description = "BPCER the thresholds are fitted to on the training folds (default: ${DEFAULT-VALUE})")
    double targetBpcer;

    @Option(names = "--dual-band-threshold", paramLabel = "SIGMAS",
            description = "dual-band decision threshold, live standard deviations (default: LivenessConfig.DEFAULT's)")
    Double dualSigmas;

    @Option(names = "--single-camera-threshold", paramLabel = "SIGMAS",
            description = "single-camera decision threshold, live standard deviations (default: LivenessConfig.DEFAULT's)")
    Double singleSigmas;

    @Override
    public Integer call() throws Exception {
        if (folds < 2) throw new CommandLine.ParameterException(spec.commandLine(), "--folds must be at least 2");
        if (!(targetBpcer >= 0 && targetBpcer < 1)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--target-bpcer must be in [0,1)");
        }
        Map<String, Object> report;
        try {
            report = new PadEvaluation(folds, targetBpcer,
                    dualSigmas != null ? dualSigmas : LivenessConfig.DEFAULT.dualBand().thresholdSigmas(),
                    singleSigmas != null ? singleSigmas : LivenessConfig.DEFAULT.singleCamera().thresholdSigmas())
                    .evaluate(folder);
        } catch (PadSetException e) {
            spec.commandLine().getErr().println("openpalm pad evaluate: " + e.getMessage());
            return 1;
        }
        var out = spec.commandLine().getOut();
        if (json) {
            out.print(Json.write(report));
        } else {
            out.printf(Locale.ROOT, "%s (%s) %s%n", report.get("set"), report.get("mode"), report.get("presentations"));
            print(out, String.valueOf(report.get("mode")), report);
            if (report.get("single_camera") instanceof Map<?, ?> single) print(out, "single_camera", single);
            out.println(report.get("protocol"));
        }
        out.flush();
        return 0;
    }

    private static void print(java.io.PrintWriter out, String mode, Map<?, ?> f) {
        out.printf(Locale.ROOT, "%s at %s sigmas: APCER %s worst %.4f | BPCER %.4f | BPCER20 %.4f | BPCER100 %.4f | IAPAR %s (without PAD %s)%n",
                mode, f.get("threshold_sigmas"), f.get("apcer"), (Double) f.get("apcer_worst"), (Double) f.get("bpcer"), (Double) f.get("bpcer20"),
                (Double) f.get("bpcer100"), f.get("iapar"), f.get("iapar_without_pad"));
    }
}
