package org.openpalm.cluster;

import org.openpalm.biometrics.Identification;

/** The outcome of a search of the whole clustered gallery. */
public sealed interface ClusterSearch {
    /** Every partition searched exactly once: the merged answer, as one index over all palms would give. */
    record Complete(Identification found, int attempts) implements ClusterSearch {}

    /** No answer: below a majority of members, or partitions not covered after every attempt. */
    record Refused(String reason) implements ClusterSearch {}
}
