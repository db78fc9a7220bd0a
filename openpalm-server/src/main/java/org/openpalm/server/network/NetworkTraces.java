package org.openpalm.server.network;

import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.openpalm.iso8583.AuthorisationRequest;
import org.openpalm.iso8583.CompletionAdvice;
import org.openpalm.iso8583.OriginalData;
import org.openpalm.iso8583.RefundRequest;

/**
 * The ISO 8583 messages sent per payment, capture and refund, so that a retry sends the same
 * message (same STAN, transmission time and RRN). {@link DatabaseTraces} keeps them in the
 * database all servers share; {@link TraceStore} in a file of one server's data directory (the
 * earlier form, still read once to import it).
 */
interface NetworkTraces extends AutoCloseable {

    /**
     * The authorisation message to send for a payment: the current one when it is not reversed and
     * {@code reusable} accepts it (a retry), else a new one from {@code fresh}, recorded before it is
     * returned. A replaced, unreversed message is handed to {@code replaced} (to be reversed).
     */
    AuthorisationRequest authorisation(String payment, Predicate<AuthorisationRequest> reusable, Supplier<AuthorisationRequest> fresh,
                                       Consumer<AuthorisationRequest> replaced);

    Optional<TraceStore.AuthTrace> authorisationOf(String payment);

    /** Records that the payment's current authorisation is being reversed; a later one gets a new message. */
    void markReversed(String payment, AuthorisationRequest message);

    /** As {@link #markReversed(String, AuthorisationRequest)}, for the authorisation a reversal advice names (terminal, field 90). */
    void markReversed(String terminal, OriginalData original);

    /** The completion to send for capturing {@code amountMinor} of a payment: the recorded one, else a new one. */
    CompletionAdvice capture(String payment, long amountMinor, Supplier<CompletionAdvice> fresh);

    /** The refund message for a refund id: the recorded one, else a new one. */
    RefundRequest refund(String refund, Supplier<RefundRequest> fresh);

    @Override
    void close();
}
