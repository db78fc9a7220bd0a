package org.openpalm.cli.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openpalm.cli.OpenPalmCommand;
import picocli.CommandLine;

/**
 * {@code openpalm privacy evaluate} end to end: on synthetic palm images written by
 * {@code openpalm synth}, and on the real datasets when present (skipped visibly otherwise).
 */
class PrivacyCommandTest {
    @TempDir
    Path temp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void protectionLeavesTheEerAndMakesTwoDeploymentsUnlinkableOnSyntheticPalms() {
        Path dataset = temp.resolve("synthetic");
        assertThat(run("synth", "--identities", "16", "--samples", "6", "--out", dataset.toString(), "--seed", "8",
                "--no-progress")).as(err.toString()).isZero();
        out.getBuffer().setLength(0);

        int exit = run("privacy", "evaluate", dataset.toString(), "--json");

        assertThat(exit).as(err.toString()).isZero();
        String json = out.toString();
        assertWithinTargets(json);
        assertThat(number(json, "images")).isEqualTo(96);
        // 16 palms x C(6,2) mated pairs, the rest of C(96,2) non-mated.
        assertThat(number(json, "mated_pairs")).isEqualTo(16 * 15);
        assertThat(number(json, "non_mated_pairs")).isEqualTo(96 * 95 / 2 - 16 * 15);
        // D<->sys pools the cross-key scores of several pairs of deployment keys, not one draw.
        assertThat(number(json, "key_pairs")).isEqualTo(UnlinkabilityConfig.DEFAULT.deploymentKeyPairs());
        assertThat(err.toString()).contains("protected and cross-key pairs").contains("100%");
    }

    @Test
    void theTableNamesEachMeasureAndItsTarget() {
        Path dataset = temp.resolve("synthetic");
        run("synth", "--identities", "4", "--samples", "3", "--out", dataset.toString(), "--no-progress");
        out.getBuffer().setLength(0);

        assertThat(run("privacy", "evaluate", dataset.toString())).as(err.toString()).isZero();

        assertThat(out.toString()).contains("EER plain").contains("EER protected").contains("D<->sys")
                .contains("<= 0.05").contains("12 images, 4 palms");
    }

    @Test
    void aFolderWithoutManifestIsRefused() {
        assertThat(run("privacy", "evaluate", temp.toString())).isEqualTo(1);
        assertThat(err.toString()).contains("no manifest.csv");
    }

    @Test
    void tongji() {
        assertWithinTargets(evaluateReal("tongji-roi"));
    }

    @Test
    void polyuGreen() {
        assertWithinTargets(evaluateReal("polyu-ms-green-roi"));
    }

    @Test
    void polyuNir() {
        assertWithinTargets(evaluateReal("polyu-ms-nir-roi"));
    }

    @Test
    void casia() {
        assertWithinTargets(evaluateReal("casia-ms-940"));
    }

    @Test
    void coep() {
        assertWithinTargets(evaluateReal("coep"));
    }

    private String evaluateReal(String name) {
        Path dataset = Datasets.require(name);
        assertThat(run("privacy", "evaluate", dataset.toString(), "--json")).as(err.toString()).isZero();
        return out.toString();
    }

    private static void assertWithinTargets(String json) {
        double plain = number(json, "eer_plain");
        double protectedEer = number(json, "eer_protected");
        assertThat(Math.abs(plain - protectedEer)).as("EER change in %s", json).isLessThanOrEqualTo(0.001);
        assertThat(number(json, "d_sys")).as("D<->sys in %s", json).isBetween(0.0, 0.05);
        // Cross-key pairs score like strangers, mated or not.
        assertThat(number(json, "mated_mean_score")).isBetween(0.0, 20.0);
    }

    private int run(String... args) {
        CommandLine cli = new CommandLine(new OpenPalmCommand());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private static double number(String json, String key) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(key) + "\": (-?[0-9.Ee+-]+)").matcher(json);
        assertThat(m.find()).as("numeric key %s in %s", key, json).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
