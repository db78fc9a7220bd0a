package org.openpalm.iso8583;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link ReversalJournal} in an append-only text file, synced on every write. Lines are
 * {@code A <hex of the packed 0400 message>} (added) and {@code K <id>} (acknowledged). On open
 * the file is replayed, a torn last line from a crash is skipped, and the file is compacted to the
 * pending entries. The file holds network tokens, never card numbers.
 */
public final class FileReversalJournal implements ReversalJournal, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(FileReversalJournal.class.getName());
    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    private final NetworkCodec codec;
    private final Map<String, PendingReversal> pending = new LinkedHashMap<>();
    private final FileChannel channel;

    public FileReversalJournal(Path file) {
        this.codec = NetworkCodec.openPalm();
        try {
            if (Files.exists(file)) {
                replay(Files.readAllLines(file, StandardCharsets.US_ASCII));
            }
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            StringBuilder sb = new StringBuilder();
            for (PendingReversal p : pending.values()) {
                sb.append("A ").append(HEX.formatHex(codec.encode(p.advice()))).append('\n');
            }
            Files.writeString(tmp, sb, StandardCharsets.US_ASCII);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            this.channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND, StandardOpenOption.DSYNC);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open reversal journal " + file, e);
        }
    }

    private void replay(List<String> lines) {
        for (String line : lines) {
            try {
                if (line.startsWith("A ")) {
                    NetworkMessage m = codec.decode(HEX.parseHex(line.substring(2).strip()));
                    if (m instanceof ReversalAdvice r) {
                        PendingReversal p = new PendingReversal(r);
                        pending.put(p.id(), p);
                    }
                } else if (line.startsWith("K ")) {
                    pending.remove(line.substring(2).strip());
                }
            } catch (IsoCodecException | IllegalArgumentException e) {
                LOG.log(System.Logger.Level.WARNING, "skipping unreadable reversal journal line: {0}", e.getMessage());
            }
        }
    }

    @Override
    public void add(PendingReversal reversal) {
        String line = "A " + HEX.formatHex(codec.encode(reversal.advice())) + "\n";
        synchronized (pending) {
            pending.put(reversal.id(), reversal);
        }
        append(line);
    }

    @Override
    public void acknowledge(String id) {
        boolean removed;
        synchronized (pending) {
            removed = pending.remove(id) != null;
        }
        if (removed) {
            append("K " + id + "\n");
        }
    }

    @Override
    public List<PendingReversal> pending() {
        synchronized (pending) {
            return List.copyOf(new ArrayList<>(pending.values()));
        }
    }

    /** FileChannel appends are atomic with respect to each other; no lock of ours is held across I/O. */
    private void append(String line) {
        try {
            ByteBuffer buf = ByteBuffer.wrap(line.getBytes(StandardCharsets.US_ASCII));
            while (buf.hasRemaining()) {
                channel.write(buf);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write reversal journal", e);
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
