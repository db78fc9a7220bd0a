package org.openpalm.cli.evaluate;

import org.openpalm.biometrics.PalmTemplate;

/** The outcome of making a template from one captured image. */
public sealed interface Extraction {
    /** A template was made. */
    record Acquired(PalmTemplate template) implements Extraction {}

    /**
     * No template: a failure to acquire.
     *
     * @param reason a short stable code, counted per reason in the report (e.g. {@code truncated})
     * @param detail a human-readable explanation for logs
     */
    record Failed(String reason, String detail) implements Extraction {
        public Failed {
            if (reason.isBlank()) throw new IllegalArgumentException("reason is blank");
        }
    }
}
