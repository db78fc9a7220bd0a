package org.openpalm.cli.evaluate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A dataset folder and its {@code manifest.csv} ({@code file,subject,hand,session,sample}), in
 * file order. The files themselves are not opened here: a missing or broken image is a failure to
 * acquire, counted by the evaluation, not a manifest error.
 */
public record Manifest(Path folder, List<ManifestEntry> entries) {
    public static final String FILE_NAME = "manifest.csv";
    private static final String HEADER = "file,subject,hand,session,sample";

    public Manifest {
        entries = List.copyOf(entries);
    }

    public static Manifest read(Path folder) throws ManifestException {
        Path csv = folder.resolve(FILE_NAME);
        List<String> lines;
        try {
            lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ManifestException(Files.isDirectory(folder)
                    ? "no " + FILE_NAME + " in " + folder
                    : "no dataset folder " + folder + " (a bare name is also looked up in $OPENPALM_DATASETS)", e);
        } catch (IOException e) {
            throw new ManifestException("cannot read " + csv + ": " + e, e);
        }
        if (lines.isEmpty() || !lines.getFirst().strip().replace("\uFEFF", "").equals(HEADER)) {
            throw new ManifestException(csv + ": the first line must be '" + HEADER + "'");
        }
        List<ManifestEntry> entries = new ArrayList<>();
        Set<String> files = new HashSet<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) continue;
            String[] f = line.split(",", -1);
            if (f.length != 5) {
                throw new ManifestException(csv + " line " + (i + 1) + ": expected 5 fields, got " + f.length);
            }
            ManifestEntry entry;
            try {
                entry = new ManifestEntry(f[0].strip(), f[1].strip(), f[2].strip(),
                        Integer.parseInt(f[3].strip()), Integer.parseInt(f[4].strip()));
            } catch (IllegalArgumentException e) { // NumberFormatException is one
                throw new ManifestException(csv + " line " + (i + 1) + ": " + e.getMessage(), e);
            }
            if (!files.add(entry.file())) {
                throw new ManifestException(csv + " line " + (i + 1) + ": " + entry.file() + " listed twice");
            }
            entries.add(entry);
        }
        if (entries.isEmpty()) throw new ManifestException(csv + " lists no images");
        return new Manifest(folder, entries);
    }

    /** Name of the dataset: its folder's name. */
    public String name() {
        Path name = folder.toAbsolutePath().normalize().getFileName();
        return name == null ? "dataset" : name.toString();
    }

    public int size() {
        return entries.size();
    }

    /** True when there is a genuine pair (a subject with two images) and an impostor pair. */
    public boolean hasGenuineAndImpostorPairs() {
        Map<String, Long> perSubject = entries.stream()
                .collect(Collectors.groupingBy(ManifestEntry::subject, Collectors.counting()));
        return perSubject.size() >= 2 && perSubject.values().stream().anyMatch(c -> c >= 2);
    }

    public long subjectCount() {
        return entries.stream().map(ManifestEntry::subject).distinct().count();
    }
}
