package org.openpalm.cli.evaluate;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Raw results of running a template maker and the matcher over a dataset: what the metrics are
 * computed from.
 *
 * @param manifest        the dataset
 * @param acquisitions    per manifest entry, in manifest order
 * @param scores          every pair's score
 * @param extractMillis   per image that gave a template, the time to make it (decode + extract)
 * @param matchMicros     per timed batch, the mean time of one comparison
 * @param replays         captures taken for replays of earlier ones, in manifest order
 * @param system          the product's protocol: 3 captures enrolled per palm, the rest probes
 */
public record EvaluationRun(
        Manifest manifest,
        List<Extraction> acquisitions,
        PairScores scores,
        List<Double> extractMillis,
        List<Double> matchMicros,
        List<ReplayFound> replays,
        SystemScores system) {

    public EvaluationRun {
        acquisitions = List.copyOf(acquisitions);
        extractMillis = List.copyOf(extractMillis);
        matchMicros = List.copyOf(matchMicros);
        replays = List.copyOf(replays);
        if (acquisitions.size() != manifest.size() || scores.images() != manifest.size()) {
            throw new IllegalArgumentException("acquisitions and scores must cover every manifest entry");
        }
    }

    /**
     * The run as if the dataset held only these subjects: their images, the pairs among them, their
     * palms and probes. Timings stay those of the whole run (they do not depend on who is measured).
     */
    public EvaluationRun restrictedTo(Set<String> subjects) {
        List<ManifestEntry> entries = manifest.entries();
        List<Integer> kept = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) if (subjects.contains(entries.get(i).subject())) kept.add(i);
        int[] indices = kept.stream().mapToInt(Integer::intValue).toArray();
        Set<String> files = new java.util.HashSet<>();
        for (int i : indices) files.add(entries.get(i).file());
        return new EvaluationRun(
                new Manifest(manifest.folder(), kept.stream().map(entries::get).toList()),
                kept.stream().map(acquisitions::get).toList(),
                scores.restrictedTo(indices),
                extractMillis,
                matchMicros,
                replays.stream().filter(r -> files.contains(r.file())).toList(),
                system.restrictedTo(subjects));
    }
}
