package org.openpalm.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.openpalm.biometrics.TemplateProtectionKey;
import org.openpalm.server.ConfigLoader;
import org.openpalm.server.ServerConfig;
import org.openpalm.store.Database;
import org.openpalm.store.FileKeyProvider;
import org.openpalm.store.TemplateProtectionRotation;
import org.openpalm.cli.evaluate.CaptureTemplateMaker;
import org.openpalm.cli.evaluate.EvaluateCommand;
import org.openpalm.cli.evaluate.EvaluationConfig;
import org.openpalm.cli.evaluate.EvaluationRun;
import org.openpalm.cli.evaluate.Evaluator;
import org.openpalm.cli.evaluate.Manifest;
import org.openpalm.cli.evaluate.ManifestException;
import org.openpalm.cli.evaluate.PrivacyEvaluation;
import org.openpalm.cli.evaluate.PrivacyReport;
import org.openpalm.cli.evaluate.UnlinkabilityConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code openpalm privacy}: protected (cancelable) palm templates, measured and managed. */
@Command(
        name = "privacy",
        mixinStandardHelpOptions = true,
        description = "Protected palm templates (ISO/IEC 24745): measure accuracy and unlinkability.",
        subcommands = {PrivacyCommand.Evaluate.class, PrivacyCommand.RotateKey.class})
public final class PrivacyCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code openpalm privacy evaluate DATASET_DIR [--json] [--input auto|roi|hand]}. */
    @Command(
            name = "evaluate",
            mixinStandardHelpOptions = true,
            description = {
                "On a dataset folder (with a manifest.csv): the EER of the plain matcher and of matching through "
                        + "protected templates (random key; must not change by more than 0.001), and the "
                        + "unlinkability of two deployments' templates of the same palm, global D<->sys of "
                        + "Gomez-Barrero et al. 2018 (target <= 0.05).",
                "--json prints one JSON object with the keys eer_plain, eer_protected, d_sys (and counts)."
            },
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:evaluated", "1:the dataset could not be read or has too few pairs", "2:usage error"})
    static final class Evaluate implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "DATASET_DIR",
                description = "Dataset folder holding manifest.csv; a bare name is also looked up in $OPENPALM_DATASETS.")
        Path dataset;

        @Option(names = "--json", description = "Print one JSON object instead of the table.")
        boolean json;

        @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: all cores, ${DEFAULT-VALUE}).")
        int threads = Runtime.getRuntime().availableProcessors();

        @Option(names = "--input", paramLabel = "KIND",
                description = "How images are taken: AUTO, ROI or HAND, as in 'openpalm evaluate' (default: ${DEFAULT-VALUE}).")
        CaptureTemplateMaker.InputKind input = CaptureTemplateMaker.InputKind.AUTO;

        @Override
        public Integer call() throws InterruptedException {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            if (threads < 1) {
                err.println("openpalm privacy evaluate: --threads must be at least 1");
                return 2;
            }
            Manifest manifest;
            try {
                manifest = Manifest.read(EvaluateCommand.resolveDataset(dataset));
            } catch (ManifestException e) {
                err.println("openpalm privacy evaluate: " + e.getMessage());
                return 1;
            }
            if (!manifest.hasGenuineAndImpostorPairs()) {
                err.println("openpalm privacy evaluate: " + manifest.name()
                        + " needs at least two subjects and a subject with two images");
                return 1;
            }
            EvaluationConfig config = EvaluationConfig.defaults().withThreads(threads);
            EvaluationRun run = new Evaluator(new CaptureTemplateMaker(input, config.roiMaxSidePixels()), config, err).run(manifest);
            PrivacyReport report;
            try {
                report = new PrivacyEvaluation(config, UnlinkabilityConfig.DEFAULT, err).evaluate(run);
            } catch (IllegalArgumentException e) {
                err.println("openpalm privacy evaluate: " + e.getMessage());
                return 1;
            }
            out.print(json ? report.json() : report.table());
            out.flush();
            return 0;
        }
    }

    /** {@code openpalm privacy rotate-key --config FILE}: renews every stored template under a new key. */
    @Command(
            name = "rotate-key",
            mixinStandardHelpOptions = true,
            description = {
                "Adds a new template protection key to the server's key file, makes it current, and re-protects "
                        + "every stored palm template under it (no re-enrolment). Run with the server stopped, "
                        + "or restart it afterwards; old keys stay in the file."
            },
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:rotated", "1:the configuration, key file or database could not be used"})
    static final class RotateKey implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--config", paramLabel = "FILE", description = "the server's properties file")
        Path config;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            try {
                ServerConfig c = ConfigLoader.load(Optional.ofNullable(config), System.getenv());
                try (Database db = Database.open(c.effectiveDatabase())) {
                    String before = c.openKeys().currentProtection().id();
                    TemplateProtectionKey fresh = FileKeyProvider.addProtectionKey(c.effectiveKeyFile(), c.keyEncryption());
                    int templates = TemplateProtectionRotation.reprotectAll(db, c.openKeys());
                    out.printf("template protection key %s -> %s: %d templates re-protected%n", before, fresh.id(), templates);
                    return 0;
                }
            } catch (RuntimeException e) {
                err.println("openpalm privacy rotate-key: " + e.getMessage());
                return 1;
            }
        }
    }
}
