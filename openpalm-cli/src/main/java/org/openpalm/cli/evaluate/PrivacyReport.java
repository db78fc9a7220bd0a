package org.openpalm.cli.evaluate;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code openpalm privacy evaluate} measured on one dataset.
 *
 * @param dataset               dataset folder name
 * @param images                images in the manifest
 * @param subjects              palms in the manifest
 * @param failuresToAcquire     images without a template (their pairs count as failed comparisons)
 * @param eerPlain              EER of the plain matcher on every pair
 * @param eerProtected          EER with every template protected under one random key, matched
 *                              through the protected path
 * @param dSys                  global unlinkability D&lt;-&gt;sys between two deployments' keys, the
 *                              cross-key scores of {@code keyPairs} pairs of keys pooled
 * @param keyPairs              pairs of deployment keys behind {@code dSys}
 * @param matedPairs            mated image pairs, each scored across every pair of keys
 * @param nonMatedPairs         non-mated image pairs, each scored across every pair of keys
 * @param matedMeanScore        mean matcher score of the cross-key mated pairs
 * @param nonMatedMeanScore     mean matcher score of the cross-key non-mated pairs
 */
public record PrivacyReport(String dataset, int images, int subjects, int failuresToAcquire, double eerPlain,
        double eerProtected, double dSys, int keyPairs, int matedPairs, int nonMatedPairs, double matedMeanScore,
        double nonMatedMeanScore) {
    /** Largest EER change protection may cause (issue #8). */
    public static final double EER_TOLERANCE = 0.001;
    /** Highest acceptable D&lt;-&gt;sys (issue #8). */
    public static final double DSYS_TARGET = 0.05;

    public boolean eerUnchanged() {
        return Math.abs(eerPlain - eerProtected) <= EER_TOLERANCE;
    }

    public boolean unlinkable() {
        return dSys <= DSYS_TARGET;
    }

    public String json() {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("dataset", dataset);
        o.put("images", images);
        o.put("subjects", subjects);
        o.put("fta", failuresToAcquire);
        o.put("eer_plain", eerPlain);
        o.put("eer_protected", eerProtected);
        o.put("d_sys", dSys);
        o.put("key_pairs", keyPairs);
        o.put("mated_pairs", matedPairs);
        o.put("non_mated_pairs", nonMatedPairs);
        o.put("mated_mean_score", matedMeanScore);
        o.put("non_mated_mean_score", nonMatedMeanScore);
        return Json.write(o);
    }

    public String table() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "Template protection on %s: %d images, %d palms, %d failures to acquire%n",
                dataset, images, subjects, failuresToAcquire));
        out.append(String.format(Locale.ROOT, "  %-28s %10s   %s%n", "measure", "value", "target"));
        out.append(String.format(Locale.ROOT, "  %-28s %10.5f%n", "EER plain", eerPlain));
        out.append(String.format(Locale.ROOT, "  %-28s %10.5f   |change| <= %.3f: %s%n", "EER protected", eerProtected,
                EER_TOLERANCE, eerUnchanged() ? "met" : "NOT MET"));
        out.append(String.format(Locale.ROOT, "  %-28s %10.5f   <= %.2f: %s%n", "unlinkability D<->sys", dSys, DSYS_TARGET,
                unlinkable() ? "met" : "NOT MET"));
        out.append(String.format(Locale.ROOT, "  cross-key pairs under %d pairs of keys: %d mated (mean score %.2f), %d non-mated (mean score %.2f)%n",
                keyPairs, matedPairs, matedMeanScore, nonMatedPairs, nonMatedMeanScore));
        return out.toString();
    }
}
