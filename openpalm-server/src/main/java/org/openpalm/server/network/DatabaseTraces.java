package org.openpalm.server.network;

import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.openpalm.iso8583.AuthorisationRequest;
import org.openpalm.iso8583.CompletionAdvice;
import org.openpalm.iso8583.NetworkCodec;
import org.openpalm.iso8583.NetworkMessage;
import org.openpalm.iso8583.OriginalData;
import org.openpalm.iso8583.RefundRequest;
import org.openpalm.store.JdbcNetworkState;

/**
 * {@link NetworkTraces} in the database every server shares ({@link JdbcNetworkState}): a payment
 * retried on another server, after the first died, is sent as the very message the first sent, so
 * the network recognises the repeat and answers it with its first decision.
 */
final class DatabaseTraces implements NetworkTraces {
    private final NetworkCodec codec = NetworkCodec.openPalm();
    private final JdbcNetworkState state;

    DatabaseTraces(JdbcNetworkState state) {
        this.state = state;
    }

    @Override
    public AuthorisationRequest authorisation(String payment, Predicate<AuthorisationRequest> reusable, Supplier<AuthorisationRequest> fresh,
                                              Consumer<AuthorisationRequest> replaced) {
        JdbcNetworkState.StoredAuthorisation now = state.decideAuthorisation(payment, current -> {
            if (current.isPresent() && !current.get().reversed()) {
                AuthorisationRequest earlier = authorisationMessage(current.get().sent().packed());
                if (reusable.test(earlier)) return Optional.empty();
                replaced.accept(earlier); // its reversal is journalled in this same transaction
            }
            AuthorisationRequest message = fresh.get();
            return Optional.of(new JdbcNetworkState.AuthorisationMessage(codec.encode(message), message.tx().networkKey()));
        });
        return authorisationMessage(now.sent().packed());
    }

    @Override
    public Optional<TraceStore.AuthTrace> authorisationOf(String payment) {
        return state.authorisation(payment).map(a -> new TraceStore.AuthTrace(authorisationMessage(a.sent().packed()), a.reversed()));
    }

    @Override
    public void markReversed(String payment, AuthorisationRequest message) {
        state.markReversed(payment, message.tx().networkKey());
    }

    @Override
    public void markReversed(String terminal, OriginalData original) {
        state.markReversedByNetworkKey(terminal + "|" + original.stan().digits() + "|" + original.transmittedAt().getEpochSecond());
    }

    @Override
    public CompletionAdvice capture(String payment, long amountMinor, Supplier<CompletionAdvice> fresh) {
        byte[] packed = state.messageOnce(JdbcNetworkState.CAPTURE, payment + ":" + amountMinor, () -> codec.encode(fresh.get()));
        return (CompletionAdvice) decode(packed, CompletionAdvice.class);
    }

    @Override
    public RefundRequest refund(String refund, Supplier<RefundRequest> fresh) {
        byte[] packed = state.messageOnce(JdbcNetworkState.REFUND, refund, () -> codec.encode(fresh.get()));
        return (RefundRequest) decode(packed, RefundRequest.class);
    }

    /** Copies an authorisation of a server's old trace file (import on first start with the database). */
    void importAuthorisation(String payment, TraceStore.AuthTrace trace) {
        state.importAuthorisation(payment, new JdbcNetworkState.StoredAuthorisation(
                new JdbcNetworkState.AuthorisationMessage(codec.encode(trace.message()), trace.message().tx().networkKey()), trace.reversed()));
    }

    /** Copies a capture or refund message of a server's old trace file. */
    void importMessage(String kind, String key, NetworkMessage message) {
        state.messageOnce(kind, key, () -> codec.encode(message));
    }

    private AuthorisationRequest authorisationMessage(byte[] packed) {
        return (AuthorisationRequest) decode(packed, AuthorisationRequest.class);
    }

    private NetworkMessage decode(byte[] packed, Class<? extends NetworkMessage> expected) {
        NetworkMessage m = codec.decode(packed);
        if (!expected.isInstance(m)) {
            throw new IllegalStateException("the network state holds a " + m.getClass().getSimpleName() + " where a "
                    + expected.getSimpleName() + " belongs");
        }
        return m;
    }

    @Override
    public void close() {
        // the database outlives the link: nothing of ours to close
    }
}
