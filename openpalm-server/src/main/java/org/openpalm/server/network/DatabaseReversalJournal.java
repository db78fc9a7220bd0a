package org.openpalm.server.network;

import java.util.ArrayList;
import java.util.List;
import org.openpalm.iso8583.IsoCodecException;
import org.openpalm.iso8583.NetworkCodec;
import org.openpalm.iso8583.NetworkMessage;
import org.openpalm.iso8583.PendingReversal;
import org.openpalm.iso8583.ReversalAdvice;
import org.openpalm.iso8583.ReversalJournal;
import org.openpalm.store.JdbcNetworkState;

/**
 * The link's {@link ReversalJournal} in the database every server shares: each server's link
 * repeats every pending reversal, its own and those a dead server left, until the network
 * acknowledges it. Two live servers may both send one; the second is a repeat of the same message
 * (same STAN and time) that the network answers with its first decision, and the acknowledgement of
 * either removes it.
 */
final class DatabaseReversalJournal implements ReversalJournal {
    private static final System.Logger LOG = System.getLogger(DatabaseReversalJournal.class.getName());
    private final NetworkCodec codec = NetworkCodec.openPalm();
    private final JdbcNetworkState state;

    DatabaseReversalJournal(JdbcNetworkState state) {
        this.state = state;
    }

    @Override
    public void add(PendingReversal reversal) {
        state.addReversal(reversal.id(), codec.encode(reversal.advice()));
    }

    @Override
    public void acknowledge(String id) {
        state.acknowledgeReversal(id);
    }

    @Override
    public List<PendingReversal> pending() {
        List<PendingReversal> out = new ArrayList<>();
        for (byte[] packed : state.pendingReversals()) {
            try {
                NetworkMessage m = codec.decode(packed);
                if (m instanceof ReversalAdvice r) out.add(new PendingReversal(r));
            } catch (IsoCodecException | IllegalArgumentException e) {
                LOG.log(System.Logger.Level.WARNING, "skipping an unreadable journalled reversal: {0}", e.getMessage());
            }
        }
        return List.copyOf(out);
    }
}
