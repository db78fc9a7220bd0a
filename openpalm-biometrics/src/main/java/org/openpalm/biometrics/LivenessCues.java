package org.openpalm.biometrics;

import java.util.List;

/**
 * The liveness cues measured on one presentation, each oriented so that larger looks more like
 * an attack. Raw measurements: {@link LivenessModel} judges them against live captures.
 */
public record LivenessCues(List<Cue> cues) {
    public LivenessCues {
        cues = List.copyOf(cues);
    }

    /** One measurement. */
    public record Cue(String name, double value) {
        public Cue {
            if (name == null || name.isBlank()) throw new IllegalArgumentException("cue name is required");
            if (!Double.isFinite(value)) throw new IllegalArgumentException("cue " + name + " is not finite: " + value);
        }
    }

    public List<String> names() {
        return cues.stream().map(Cue::name).toList();
    }
}
