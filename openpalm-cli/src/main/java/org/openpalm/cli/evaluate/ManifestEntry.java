package org.openpalm.cli.evaluate;

/**
 * One row of a dataset's {@code manifest.csv}.
 *
 * @param file    image path relative to the dataset folder
 * @param subject palm identity: two entries with the same subject are the same palm
 * @param hand    {@code left}, {@code right} or {@code unknown}
 * @param session capture session number
 * @param sample  sample number within the session
 */
public record ManifestEntry(String file, String subject, String hand, int session, int sample) {
    public ManifestEntry {
        if (file.isBlank()) throw new IllegalArgumentException("file is blank");
        if (subject.isBlank()) throw new IllegalArgumentException("subject is blank");
    }
}
