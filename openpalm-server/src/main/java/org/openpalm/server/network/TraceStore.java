package org.openpalm.server.network;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.openpalm.iso8583.AuthorisationRequest;
import org.openpalm.iso8583.CompletionAdvice;
import org.openpalm.iso8583.IsoCodecException;
import org.openpalm.iso8583.NetworkCodec;
import org.openpalm.iso8583.NetworkMessage;
import org.openpalm.iso8583.OriginalData;
import org.openpalm.iso8583.RefundRequest;
import org.openpalm.iso8583.Transaction;

/**
 * The ISO 8583 messages this server sent per payment, capture and refund, so that a retry sends
 * <em>the same message</em> (same STAN, transmission time and RRN). The network identifies a
 * transaction by terminal, STAN and transmission time and answers a repeat with its first
 * decision, so a retry after a crash between the network call and the database write never holds,
 * captures or refunds twice.
 *
 * <p>An append-only text file, synced on every write before the message is sent. Lines:
 * <ul>
 *   <li>{@code A <payment id> <hex of the packed 0100>}: the payment's current authorisation;</li>
 *   <li>{@code X <payment id> <STAN> <epoch second>}: that authorisation is (being) reversed; a later
 *       authorisation of the payment gets a new message;</li>
 *   <li>{@code C <payment id>:<amount> <hex of the packed 0220>}: a capture of that amount;</li>
 *   <li>{@code F <refund id> <hex of the packed 0200>}: a refund.</li>
 * </ul>
 * On open the file is replayed (a torn last line is skipped) and compacted. It holds network tokens,
 * never card numbers. Writes for one key are serialised by a striped lock; reads are lock-free.
 *
 * <p>Servers now keep their traces in the database ({@link DatabaseTraces}); this file is read once,
 * to import it ({@link #exportTo}).
 */
final class TraceStore implements NetworkTraces {
    private static final System.Logger LOG = System.getLogger(TraceStore.class.getName());
    private static final HexFormat HEX = HexFormat.of().withUpperCase();
    private static final int STRIPES = 64;

    /** The current authorisation message of a payment, and whether it has been reversed. */
    record AuthTrace(AuthorisationRequest message, boolean reversed) {}

    private final NetworkCodec codec = NetworkCodec.openPalm();
    private final Map<String, AuthTrace> authorisations = new ConcurrentHashMap<>();
    private final Map<String, String> paymentByNetworkKey = new ConcurrentHashMap<>();
    private final Map<String, CompletionAdvice> captures = new ConcurrentHashMap<>();
    private final Map<String, RefundRequest> refunds = new ConcurrentHashMap<>();
    private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];
    private final FileChannel channel;

    TraceStore(Path file) {
        for (int i = 0; i < STRIPES; i++) stripes[i] = new ReentrantLock();
        try {
            if (Files.exists(file)) replay(Files.readAllLines(file, StandardCharsets.US_ASCII));
            StringBuilder sb = new StringBuilder();
            authorisations.forEach((payment, t) -> {
                sb.append(authLine(payment, t.message()));
                if (t.reversed()) sb.append(reversedLine(payment, t.message().tx()));
            });
            captures.forEach((key, c) -> sb.append("C ").append(key).append(' ').append(hex(c)).append('\n'));
            refunds.forEach((key, r) -> sb.append("F ").append(key).append(' ').append(hex(r)).append('\n'));
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, sb, StandardCharsets.US_ASCII);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND, StandardOpenOption.DSYNC);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the network trace file " + file, e);
        }
    }

    private void replay(List<String> lines) {
        for (String line : lines) {
            String[] f = line.strip().split(" ");
            try {
                switch (f[0]) {
                    case "A" -> {
                        if (decode(f[2]) instanceof AuthorisationRequest a) putAuthorisation(f[1], new AuthTrace(a, false));
                    }
                    case "X" -> {
                        AuthTrace t = authorisations.get(f[1]);
                        if (t != null && t.message().stan().digits().equals(f[2])
                                && t.message().tx().transmittedAt().getEpochSecond() == Long.parseLong(f[3])) {
                            authorisations.put(f[1], new AuthTrace(t.message(), true));
                        }
                    }
                    case "C" -> {
                        if (decode(f[2]) instanceof CompletionAdvice c) captures.put(f[1], c);
                    }
                    case "F" -> {
                        if (decode(f[2]) instanceof RefundRequest r) refunds.put(f[1], r);
                    }
                    default -> LOG.log(System.Logger.Level.WARNING, "skipping an unknown network trace line");
                }
            } catch (IsoCodecException | IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
                LOG.log(System.Logger.Level.WARNING, "skipping an unreadable network trace line: {0}", e.getMessage());
            }
        }
    }

    /**
     * The authorisation message to send for a payment: the current one when it is not reversed and
     * {@code reusable} accepts it (a retry), else a new one from {@code fresh}, recorded before it is
     * returned. A replaced, unreversed message is handed to {@code replaced} (to be reversed).
     */
    public AuthorisationRequest authorisation(String payment, Predicate<AuthorisationRequest> reusable,
                                       Supplier<AuthorisationRequest> fresh, java.util.function.Consumer<AuthorisationRequest> replaced) {
        ReentrantLock lock = stripe(payment);
        lock.lock();
        try {
            AuthTrace current = authorisations.get(payment);
            if (current != null && !current.reversed() && reusable.test(current.message())) return current.message();
            if (current != null && !current.reversed()) {
                markReversed(payment, current.message());
                replaced.accept(current.message());
            }
            AuthorisationRequest message = fresh.get();
            append(authLine(payment, message));
            putAuthorisation(payment, new AuthTrace(message, false));
            return message;
        } finally {
            lock.unlock();
        }
    }

    public Optional<AuthTrace> authorisationOf(String payment) {
        return Optional.ofNullable(authorisations.get(payment));
    }

    /** Records that the payment's current authorisation is being reversed; a later one gets a new message. */
    public void markReversed(String payment, AuthorisationRequest message) {
        ReentrantLock lock = stripe(payment);
        lock.lock();
        try {
            AuthTrace current = authorisations.get(payment);
            if (current == null || current.reversed() || !current.message().equals(message)) return;
            append(reversedLine(payment, message.tx()));
            authorisations.put(payment, new AuthTrace(message, true));
        } finally {
            lock.unlock();
        }
    }

    /** As {@link #markReversed}, for the authorisation a reversal advice names (terminal, field 90). */
    public void markReversed(String terminal, OriginalData original) {
        String payment = paymentByNetworkKey.get(networkKey(terminal, original.stan().digits(), original.transmittedAt().getEpochSecond()));
        if (payment == null) return;
        AuthTrace current = authorisations.get(payment);
        if (current != null) markReversed(payment, current.message());
    }

    /** The completion to send for capturing {@code amountMinor} of a payment: the recorded one, else a new one. */
    public CompletionAdvice capture(String payment, long amountMinor, Supplier<CompletionAdvice> fresh) {
        String key = payment + ":" + amountMinor;
        ReentrantLock lock = stripe(payment);
        lock.lock();
        try {
            CompletionAdvice existing = captures.get(key);
            if (existing != null) return existing;
            CompletionAdvice message = fresh.get();
            append("C " + key + " " + hex(message) + "\n");
            captures.put(key, message);
            return message;
        } finally {
            lock.unlock();
        }
    }

    /** The refund message for a refund id: the recorded one, else a new one. */
    public RefundRequest refund(String refund, Supplier<RefundRequest> fresh) {
        ReentrantLock lock = stripe(refund);
        lock.lock();
        try {
            RefundRequest existing = refunds.get(refund);
            if (existing != null) return existing;
            RefundRequest message = fresh.get();
            append("F " + refund + " " + hex(message) + "\n");
            refunds.put(refund, message);
            return message;
        } finally {
            lock.unlock();
        }
    }

    /** Copies every message of this file into the database's traces (the one-time import). */
    void exportTo(DatabaseTraces target) {
        authorisations.forEach(target::importAuthorisation);
        captures.forEach((key, c) -> target.importMessage(org.openpalm.store.JdbcNetworkState.CAPTURE, key, c));
        refunds.forEach((key, r) -> target.importMessage(org.openpalm.store.JdbcNetworkState.REFUND, key, r));
    }

    private void putAuthorisation(String payment, AuthTrace trace) {
        Transaction tx = trace.message().tx();
        paymentByNetworkKey.put(networkKey(tx.acceptor().terminalId().value(), tx.stan().digits(), tx.transmittedAt().getEpochSecond()), payment);
        authorisations.put(payment, trace);
    }

    private static String networkKey(String terminal, String stan, long epochSecond) {
        return terminal + "|" + stan + "|" + epochSecond;
    }

    private String authLine(String payment, AuthorisationRequest message) {
        return "A " + payment + " " + hex(message) + "\n";
    }

    private static String reversedLine(String payment, Transaction tx) {
        return "X " + payment + " " + tx.stan().digits() + " " + tx.transmittedAt().getEpochSecond() + "\n";
    }

    private String hex(NetworkMessage m) {
        return HEX.formatHex(codec.encode(m));
    }

    private NetworkMessage decode(String hex) {
        return codec.decode(HEX.parseHex(hex));
    }

    private ReentrantLock stripe(String key) {
        return stripes[Math.floorMod(key.hashCode(), STRIPES)];
    }

    private void append(String line) {
        try {
            ByteBuffer buf = ByteBuffer.wrap(line.getBytes(StandardCharsets.US_ASCII));
            while (buf.hasRemaining()) channel.write(buf);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the network trace file", e);
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
