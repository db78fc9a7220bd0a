package org.openpalm.cli.evaluate;

import java.util.List;

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
 */
public record EvaluationRun(
        Manifest manifest,
        List<Extraction> acquisitions,
        PairScores scores,
        List<Double> extractMillis,
        List<Double> matchMicros,
        List<ReplayFound> replays) {

    public EvaluationRun {
        acquisitions = List.copyOf(acquisitions);
        extractMillis = List.copyOf(extractMillis);
        matchMicros = List.copyOf(matchMicros);
        replays = List.copyOf(replays);
        if (acquisitions.size() != manifest.size() || scores.images() != manifest.size()) {
            throw new IllegalArgumentException("acquisitions and scores must cover every manifest entry");
        }
    }
}
