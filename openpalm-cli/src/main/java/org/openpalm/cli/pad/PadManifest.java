package org.openpalm.cli.pad;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code manifest.csv} of an attack set: {@code file,subject,presentation,kind,source,band}.
 * Rows with the same kind and source are the bands of one presentation.
 */
public record PadManifest(Path folder, List<Row> rows) {
    public static final String FILE_NAME = "manifest.csv";
    public static final String HEADER = "file,subject,presentation,kind,source,band";
    /** The {@code kind} of bona fide rows. */
    public static final String LIVE = "live";

    public PadManifest {
        rows = List.copyOf(rows);
    }

    /**
     * One image.
     *
     * @param file         path relative to the set's folder
     * @param subject      the palm shown (for an attack: the victim)
     * @param attack       false for bona fide
     * @param kind         {@link #LIVE} or an attack kind label
     * @param source       the bona fide capture (input file name) this was made from
     * @param nearInfrared true for the 940 nm band, false for the visible band
     */
    public record Row(String file, String subject, boolean attack, String kind, String source, boolean nearInfrared) {
        String csv() {
            return String.join(",", file, subject, attack ? "attack" : "bona_fide", kind, source, nearInfrared ? "nir" : "visible");
        }
    }

    /** The bands of one presentation. */
    public record Presentation(String subject, boolean attack, String kind, String source, Path visible, Optional<Path> nearInfrared) {}

    public void write() throws IOException {
        List<String> lines = new ArrayList<>(rows.size() + 1);
        lines.add(HEADER);
        for (Row r : rows) lines.add(r.csv());
        Files.write(folder.resolve(FILE_NAME), (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    public static PadManifest read(Path folder) throws PadSetException {
        Path csv = folder.resolve(FILE_NAME);
        List<String> lines;
        try {
            lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new PadSetException("no " + FILE_NAME + " in " + folder + " (make one with: openpalm pad attacks)");
        } catch (IOException e) {
            throw new PadSetException("cannot read " + csv + ": " + e.getMessage());
        }
        if (lines.isEmpty() || !lines.getFirst().strip().replace("\uFEFF", "").equals(HEADER)) {
            throw new PadSetException(csv + ": the first line must be '" + HEADER + "'");
        }
        List<Row> rows = new ArrayList<>();
        Set<String> files = new HashSet<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) continue;
            String[] f = line.split(",", -1);
            String where = csv + " line " + (i + 1) + ": ";
            if (f.length != 6) throw new PadSetException(where + "expected 6 fields, got " + f.length);
            boolean attack = switch (f[2].strip()) {
                case "attack" -> true;
                case "bona_fide" -> false;
                default -> throw new PadSetException(where + "presentation must be bona_fide or attack, got '" + f[2] + "'");
            };
            boolean nir = switch (f[5].strip()) {
                case "nir" -> true;
                case "visible" -> false;
                default -> throw new PadSetException(where + "band must be visible or nir, got '" + f[5] + "'");
            };
            String kind = f[3].strip();
            if (attack == kind.equals(LIVE)) {
                throw new PadSetException(where + "kind '" + kind + "' does not fit presentation " + f[2]);
            }
            for (int k = 0; k < 5; k++) {
                if (f[k].isBlank()) throw new PadSetException(where + "field " + (k + 1) + " is blank");
            }
            if (!files.add(f[0].strip())) throw new PadSetException(where + f[0] + " listed twice");
            rows.add(new Row(f[0].strip(), f[1].strip(), attack, kind, f[4].strip(), nir));
        }
        if (rows.isEmpty()) throw new PadSetException(csv + " lists no images");
        return new PadManifest(folder, rows);
    }

    /** Rows grouped into presentations (kind + source), in file order; every one needs a visible frame. */
    public List<Presentation> presentations() throws PadSetException {
        Map<String, Row[]> byKey = new LinkedHashMap<>();
        for (Row r : rows) {
            Row[] bands = byKey.computeIfAbsent(r.kind() + "\u0000" + r.source(), k -> new Row[2]);
            int slot = r.nearInfrared() ? 1 : 0;
            if (bands[slot] != null) {
                throw new PadSetException("two " + (r.nearInfrared() ? "nir" : "visible") + " images for " + r.kind() + " " + r.source());
            }
            bands[slot] = r;
        }
        List<Presentation> out = new ArrayList<>(byKey.size());
        for (Row[] bands : byKey.values()) {
            if (bands[0] == null) throw new PadSetException("no visible image for " + bands[1].kind() + " " + bands[1].source());
            if (bands[1] != null && !bands[1].subject().equals(bands[0].subject())) {
                throw new PadSetException("the bands of " + bands[0].kind() + " " + bands[0].source() + " name different subjects");
            }
            out.add(new Presentation(bands[0].subject(), bands[0].attack(), bands[0].kind(), bands[0].source(),
                    folder.resolve(bands[0].file()),
                    Optional.ofNullable(bands[1]).map(b -> folder.resolve(b.file()))));
        }
        return out;
    }
}
