package org.openpalm.iso8583.sim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import org.openpalm.iso8583.Transaction;

/**
 * The network's daily clearing file per acquirer (field 32): one CSV line per capture (0220),
 * refund (0200, processing code 20) and reversal (0400) that moved money or released a hold, the
 * first time it did (a repeated message clears nothing more). Format, shared with the platform's
 * reader ({@code org.openpalm.payments.reconcile.ClearingFile}):
 * {@code date,acquirer,kind,reference,rrn,amount_minor,currency,cleared_at}, file
 * {@code clearing-<acquirer>-<yyyy-mm-dd>.csv} (UTC day); the reference is the message's terminal,
 * STAN and transmission time ({@link Transaction#networkKey()}).
 */
final class ClearingWriter {
    static final String HEADER = "date,acquirer,kind,reference,rrn,amount_minor,currency,cleared_at";

    /** A cleared message, as the file records it. */
    record Cleared(String kind, Transaction tx, long amountMinor, Instant at) {
        Cleared {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(tx, "tx");
            Objects.requireNonNull(at, "at");
        }

        String line() {
            return String.join(",", LocalDate.ofInstant(at, ZoneOffset.UTC).toString(), tx.acceptor().acquirerId(), kind, tx.networkKey(),
                    tx.rrn().value(), Long.toString(amountMinor), tx.amount().currency().getCurrencyCode(), at.toString());
        }
    }

    private final List<Cleared> cleared = new CopyOnWriteArrayList<>();
    private final ReentrantLock appending = new ReentrantLock();
    private volatile Optional<Path> directory = Optional.empty();

    void writeTo(Path folder) {
        directory = Optional.of(folder);
    }

    List<Cleared> cleared() {
        return List.copyOf(cleared);
    }

    /** Records and appends (forced to disk) before the network answers: what it acknowledged, it has cleared. */
    void add(Cleared c) {
        cleared.add(c);
        Optional<Path> folder = directory;
        if (folder.isEmpty()) return;
        Path file = folder.get().resolve("clearing-" + c.tx().acceptor().acquirerId() + "-" + LocalDate.ofInstant(c.at(), ZoneOffset.UTC) + ".csv");
        // One appender at a time keeps lines whole and the header first; nothing else waits on this lock.
        appending.lock();
        try {
            Files.createDirectories(folder.get());
            boolean fresh = !Files.exists(file);
            try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
                out.write(ByteBuffer.wrap(((fresh ? HEADER + "\n" : "") + c.line() + "\n").getBytes(StandardCharsets.US_ASCII)));
                out.force(false);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to clearing file " + file, e);
        } finally {
            appending.unlock();
        }
    }
}
