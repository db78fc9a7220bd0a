package org.openpalm.payments.reconcile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.openpalm.payments.network.NetworkReference;
import org.openpalm.payments.payment.MovementKind;

/**
 * The clearing file format: CSV with the header {@link #HEADER}, one {@link ClearingRecord} a line,
 * one file per acquirer and UTC day named {@code clearing-<acquirer>-<yyyy-mm-dd>.csv}. The ISO 8583
 * network simulator writes the same format (openpalm-iso8583 {@code ClearingWriter}); the in-process
 * network writes it through {@link #append}.
 */
public final class ClearingFile {
    public static final String HEADER = "date,acquirer,kind,reference,rrn,amount_minor,currency,cleared_at";

    private ClearingFile() {}

    /** The file of {@code acquirer} for the UTC day of {@code at} in {@code directory}. */
    public static Path of(Path directory, String acquirer, Instant at) {
        return directory.resolve("clearing-" + acquirer + "-" + LocalDate.ofInstant(at, ZoneOffset.UTC) + ".csv");
    }

    /**
     * Appends one record to its day's file (header first when the file is new) and forces it to the
     * disk: the network has cleared the movement once this returns.
     */
    public static synchronized void append(Path directory, ClearingRecord r) {
        Path file = of(directory, r.acquirer(), r.clearedAt());
        try {
            Files.createDirectories(directory);
            boolean fresh = !Files.exists(file);
            String line = (fresh ? HEADER + "\n" : "") + format(r) + "\n";
            try (var channel = java.nio.channels.FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND)) {
                channel.write(java.nio.ByteBuffer.wrap(line.getBytes(StandardCharsets.US_ASCII)));
                channel.force(false);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to clearing file " + file, e);
        }
    }

    public static String format(ClearingRecord r) {
        return String.join(",", r.date().toString(), r.acquirer(), r.kind().name(), r.reference().value(), r.rrn(),
                Long.toString(r.amountMinor()), r.currencyCode(), r.clearedAt().toString());
    }

    /** A clearing file, or every {@code clearing-*.csv} of a folder. */
    public static List<ClearingRecord> read(Path fileOrFolder) {
        try {
            if (Files.isDirectory(fileOrFolder)) {
                List<ClearingRecord> all = new ArrayList<>();
                try (Stream<Path> files = Files.list(fileOrFolder)) {
                    for (Path f : files.filter(f -> f.getFileName().toString().matches("clearing-.*\\.csv")).sorted().toList()) {
                        all.addAll(read(f));
                    }
                }
                return all;
            }
            List<String> lines = Files.readAllLines(fileOrFolder, StandardCharsets.US_ASCII);
            List<ClearingRecord> records = new ArrayList<>();
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).strip();
                if (line.isEmpty() || line.equals(HEADER)) continue;
                records.add(parse(line, fileOrFolder, i + 1));
            }
            return records;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read clearing file " + fileOrFolder, e);
        }
    }

    private static ClearingRecord parse(String line, Path file, int lineNumber) {
        String[] f = line.split(",", -1);
        if (f.length != 8) throw new ClearingFileException(file, lineNumber, "expected 8 fields, found " + f.length);
        try {
            return new ClearingRecord(LocalDate.parse(f[0]), f[1], MovementKind.valueOf(f[2]), new NetworkReference(f[3]), f[4],
                    Long.parseLong(f[5]), f[6], Instant.parse(f[7]));
        } catch (DateTimeParseException | IllegalArgumentException e) {
            throw new ClearingFileException(file, lineNumber, e.getMessage());
        }
    }

    /** A line that is not a clearing record. */
    public static final class ClearingFileException extends RuntimeException {
        public ClearingFileException(Path file, int line, String problem) {
            super(file + " line " + line + ": " + problem);
        }
    }
}
