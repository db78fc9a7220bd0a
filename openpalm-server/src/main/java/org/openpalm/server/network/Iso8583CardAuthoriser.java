package org.openpalm.server.network;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import org.openpalm.iso8583.Acceptor;
import org.openpalm.iso8583.AcquirerLink;
import org.openpalm.iso8583.ApprovalCode;
import org.openpalm.iso8583.AuthorisationResponse;
import org.openpalm.iso8583.CompletionAdvice;
import org.openpalm.iso8583.CompletionResponse;
import org.openpalm.iso8583.FileReversalJournal;
import org.openpalm.iso8583.LinkResult;
import org.openpalm.iso8583.OriginalData;
import org.openpalm.iso8583.PendingReversal;
import org.openpalm.iso8583.PointOfService;
import org.openpalm.iso8583.RefundRequest;
import org.openpalm.iso8583.RefundResponse;
import org.openpalm.iso8583.Reply;
import org.openpalm.iso8583.ResponseCode;
import org.openpalm.iso8583.RetrievalReference;
import org.openpalm.iso8583.ReversalAdvice;
import org.openpalm.iso8583.ReversalJournal;
import org.openpalm.iso8583.ReversalResponse;
import org.openpalm.iso8583.Stan;
import org.openpalm.iso8583.TerminalId;
import org.openpalm.iso8583.TokenisationRequest;
import org.openpalm.iso8583.TokenisationResponse;
import org.openpalm.iso8583.Transaction;
import org.openpalm.iso8583.TransactionType;
import org.openpalm.payments.card.CardNumber;
import org.openpalm.payments.card.Expiry;
import org.openpalm.payments.card.NetworkToken;
import org.openpalm.payments.card.PaymentAccountReference;
import org.openpalm.payments.card.TokenService;
import org.openpalm.payments.ids.MerchantId;
import org.openpalm.payments.ids.PaymentId;
import org.openpalm.payments.ids.RefundId;
import org.openpalm.payments.money.Money;
import org.openpalm.payments.network.Authorisation;
import org.openpalm.payments.network.AuthorisationRequest;
import org.openpalm.payments.network.AuthorisationResult;
import org.openpalm.payments.network.CardAuthoriser;
import org.openpalm.payments.network.ClearingResult;
import org.openpalm.payments.network.NetworkReference;
import org.openpalm.store.JdbcNetworkState;

/**
 * The payment core's card network ports ({@link CardAuthoriser}, {@link TokenService}) over the ISO
 * 8583 {@link AcquirerLink}: the adapter translating payments records to network messages and back.
 *
 * <table>
 * <caption>Port calls and messages</caption>
 * <tr><th>call</th><th>message</th></tr>
 * <tr><td>{@code tokenise}</td><td>0600/0610, processing code 900000</td></tr>
 * <tr><td>{@code authorise}</td><td>0100/0110 (purchase, POS 071/00)</td></tr>
 * <tr><td>{@code capture}</td><td>0220/0230 naming the authorisation (fields 38, 90)</td></tr>
 * <tr><td>{@code reverse}</td><td>0400/0410 naming the authorisation (field 90)</td></tr>
 * <tr><td>{@code refund}</td><td>0200/0210, processing code 200000</td></tr>
 * </table>
 *
 * <p><b>Idempotency</b> (the {@link CardAuthoriser} contract). The network identifies a
 * transaction by terminal (41), STAN (11) and transmission time (7), and answers a repeat with its
 * first decision without moving money again. STANs come from the link's counter; the message sent
 * for each payment, capture (payment and amount) and refund id is recorded in the {@link NetworkTraces}
 * (the shared database), durable before sending, so that a retried call, also after a crash and
 * restart, resends the very same message. Once an authorisation is reversed (timeout, void, lost
 * race) the next authorisation of that payment is a new message with a new STAN. Field 37 (RRN) is
 * {@code YDDDhh} of the transmission time plus the STAN; field 42 is 15 characters of the merchant
 * id; fields 32 and 41 come from {@link NetworkLinkSettings}.
 *
 * <p><b>Reversals.</b> An authorisation that times out or whose connection dropped is reversed by
 * the link from its {@link FileReversalJournal} (also across restarts). {@link #reverse} sends a
 * 0400 at once; if it is not acknowledged it goes to the same journal and is repeated until it is,
 * and the call is accepted (a reversal is an advice the network must take).
 *
 * <p>Servers keep the traces and the journal in the database they share ({@link DatabaseTraces},
 * {@link DatabaseReversalJournal}): any of them continues any payment's retry with the same message
 * and delivers the reversals of one that died. The file form ({@link TraceStore},
 * {@link FileReversalJournal}) remains for a link used without a database (tools, tests).
 *
 * <p>Response codes: 00 approves; 05, 14, 51, 54, 91 and 96 decline with shopper text; no answer in
 * time is {@code TimedOut}; a link down is {@code Unavailable}.
 */
public final class Iso8583CardAuthoriser implements CardAuthoriser, TokenService, org.openpalm.payments.card.CardVerifier, AutoCloseable {
    /** Field 42 of account verifications: enrolment is the platform's own, not a merchant's sale. */
    private static final String ENROLMENT_ACCEPTOR = "OPENPALMENROL01";
    /** Precompiled once, not per call. */
    private static final java.util.regex.Pattern FORMAT = java.util.regex.Pattern.compile("[0-9A-Z]{6}");

    private static final System.Logger LOG = System.getLogger(Iso8583CardAuthoriser.class.getName());

    private final NetworkLinkSettings settings;
    private final ReversalJournal journal;
    private final Runnable closeJournal;
    private final NetworkTraces traces;
    private final AcquirerLink link;
    private final Clock clock;

    private Iso8583CardAuthoriser(NetworkLinkSettings settings, ReversalJournal journal, Runnable closeJournal, NetworkTraces traces,
                                  org.openpalm.iso8583.StanSource stans, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.journal = journal;
        this.closeJournal = closeJournal;
        this.traces = traces;
        this.link = AcquirerLink.start(settings.linkConfig(), new TracingJournal(journal, traces), clock, stans);
    }

    /**
     * Opens the reversal journal and trace file under {@code directory} and starts connecting; waits
     * up to {@link NetworkLinkSettings#connectTimeoutMillis()} for the sign-on (calls before it are
     * {@code Unavailable}). One server's own files: servers sharing a database use
     * {@link #start(NetworkLinkSettings, JdbcNetworkState, Path, Clock)}.
     */
    public static Iso8583CardAuthoriser start(NetworkLinkSettings settings, Path directory, Clock clock) {
        createDirectory(directory);
        FileReversalJournal journal = new FileReversalJournal(directory.resolve("reversals.journal"));
        TraceStore traces = new TraceStore(directory.resolve("traces.log"));
        return signOn(new Iso8583CardAuthoriser(settings, journal, journal::close, traces, org.openpalm.iso8583.StanSource.counter(clock), clock),
                settings);
    }

    /**
     * With the traces and reversal journal in the database every server shares ({@code state}), so
     * any server continues any payment's retry with the message first sent and delivers the
     * reversals a dead server left; STANs come from blocks reserved there, so servers sharing a
     * terminal id never send the same STAN. The trace file and journal an older version kept under
     * {@code legacyDirectory} are imported once (then renamed {@code *.imported}).
     */
    public static Iso8583CardAuthoriser start(NetworkLinkSettings settings, JdbcNetworkState state, Path legacyDirectory, Clock clock) {
        DatabaseTraces traces = new DatabaseTraces(state);
        DatabaseReversalJournal journal = new DatabaseReversalJournal(state);
        importFiles(legacyDirectory, traces, journal);
        return signOn(new Iso8583CardAuthoriser(settings, journal, () -> { }, traces, new DatabaseStans(state), clock), settings);
    }

    private static void importFiles(Path directory, DatabaseTraces traces, DatabaseReversalJournal journal) {
        Path journalFile = directory.resolve("reversals.journal");
        Path traceFile = directory.resolve("traces.log");
        try {
            if (Files.exists(traceFile)) {
                try (TraceStore old = new TraceStore(traceFile)) {
                    old.exportTo(traces);
                }
                Files.move(traceFile, directory.resolve("traces.log.imported"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                LOG.log(System.Logger.Level.INFO, "imported the network trace file {0} into the database", traceFile);
            }
            if (Files.exists(journalFile)) {
                try (FileReversalJournal old = new FileReversalJournal(journalFile)) {
                    for (PendingReversal p : old.pending()) journal.add(p);
                }
                Files.move(journalFile, directory.resolve("reversals.journal.imported"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                LOG.log(System.Logger.Level.INFO, "imported the reversal journal {0} into the database", journalFile);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot import the network files of " + directory, e);
        }
    }

    private static void createDirectory(Path directory) {
        try {
            org.openpalm.store.PrivateFiles.createDirectories(directory); // 0700: traces and reversals name card tokens
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + directory, e);
        }
    }

    private static Iso8583CardAuthoriser signOn(Iso8583CardAuthoriser a, NetworkLinkSettings settings) {
        try {
            if (!a.link.awaitSignedOn(settings.connectTimeoutMillis())) {
                LOG.log(System.Logger.Level.WARNING, "card network {0}:{1} not signed on yet; retrying in the background",
                        settings.host(), String.valueOf(settings.port()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return a;
    }

    public boolean isSignedOn() {
        return link.isSignedOn();
    }

    /** Reversals journalled and not yet acknowledged by the network. */
    public int pendingReversals() {
        return link.pendingReversals();
    }

    // ------------------------------------------------------------------ token service

    @Override
    public TokenisationResult tokenise(CardNumber number, Expiry expiry) {
        TokenisationRequest request = new TokenisationRequest(new org.openpalm.iso8583.CardNumber(number.revealTo((TokenService) this)),
                expiry.month(), link.nextStan(), clock.instant(), new TerminalId(settings.terminalId()));
        return switch (link.tokenise(request)) {
            case LinkResult.Response<TokenisationResponse>(TokenisationResponse r) -> {
                if (r.token().isPresent() && r.par().isPresent()) {
                    yield new TokenisationResult.Tokenised(new NetworkToken(r.token().get().digits()),
                            new PaymentAccountReference(r.par().get().value()), number.brand(), number.last4());
                }
                yield switch (r.responseCode()) {
                    case ISSUER_UNAVAILABLE, SYSTEM_MALFUNCTION -> new TokenisationResult.Unavailable(shopperReason(r.responseCode()));
                    case APPROVED, DO_NOT_HONOUR, INVALID_CARD, INSUFFICIENT_FUNDS, EXPIRED_CARD, SECURITY_CODE_MISMATCH ->
                            new TokenisationResult.Refused("the card issuer refused the card (" + r.responseCode().code() + ")");
                };
            }
            case LinkResult.TimedOut<TokenisationResponse> t -> new TokenisationResult.Unavailable("the card network did not answer in time");
            case LinkResult.Disconnected<TokenisationResponse> d -> new TokenisationResult.Unavailable("card network link: " + d.reason());
        };
    }

    // ------------------------------------------------------------------ account verification

    /** 0100 with amount 0, POS condition 51 and the CVV2 in field 48 (not traced: it carries card data). */
    @Override
    public AccountVerification verifyAccount(CardNumber number, Expiry expiry, org.openpalm.payments.card.CardSecurityCode securityCode) {
        org.openpalm.iso8583.AccountVerificationRequest request = new org.openpalm.iso8583.AccountVerificationRequest(
                new org.openpalm.iso8583.CardNumber(number.revealTo((org.openpalm.payments.card.CardVerifier) this)), expiry.month(),
                new org.openpalm.iso8583.SecurityCode(securityCode.revealTo(this)), link.nextStan(), clock.instant(),
                new Acceptor(settings.acquirerId(), new TerminalId(settings.terminalId()), new org.openpalm.iso8583.MerchantId(ENROLMENT_ACCEPTOR)),
                java.util.Currency.getInstance("EUR"));
        return switch (link.verifyAccount(request)) {
            case LinkResult.Response<org.openpalm.iso8583.AccountVerificationResponse>(var r) -> switch (r.responseCode()) {
                case APPROVED -> new AccountVerification.Verified();
                case SECURITY_CODE_MISMATCH -> new AccountVerification.SecurityCodeMismatch();
                case ISSUER_UNAVAILABLE, SYSTEM_MALFUNCTION -> new AccountVerification.Unavailable(shopperReason(r.responseCode()));
                case DO_NOT_HONOUR, INVALID_CARD, INSUFFICIENT_FUNDS, EXPIRED_CARD ->
                        new AccountVerification.Refused("the card issuer refused the card (" + r.responseCode().code() + ")");
            };
            case LinkResult.TimedOut<org.openpalm.iso8583.AccountVerificationResponse> t -> new AccountVerification.Unavailable("the card network did not answer in time");
            case LinkResult.Disconnected<org.openpalm.iso8583.AccountVerificationResponse> d -> new AccountVerification.Unavailable("card network link: " + d.reason());
        };
    }

    // ------------------------------------------------------------------ authoriser

    @Override
    public AuthorisationResult authorise(AuthorisationRequest request) {
        if (request.amount().minor() > org.openpalm.iso8583.Money.MAX_MINOR_UNITS) {
            return new AuthorisationResult.Declined("05", "Amount not allowed");
        }
        org.openpalm.iso8583.Money amount = isoMoney(request.amount());
        org.openpalm.iso8583.NetworkToken token = new org.openpalm.iso8583.NetworkToken(request.token().value());
        org.openpalm.iso8583.AuthorisationRequest message;
        try {
            message = traces.authorisation(request.payment().value(),
                    earlier -> earlier.tx().amount().equals(amount) && earlier.tx().token().equals(token)
                            && earlier.tx().expiry().equals(request.expiry().month()),
                    () -> new org.openpalm.iso8583.AuthorisationRequest(transaction(TransactionType.PURCHASE, token,
                            request.expiry(), amount, acceptor(request.merchant()))),
                    this::reverseLater);
        } catch (UncheckedIOException | org.openpalm.store.StoreException e) {
            return new AuthorisationResult.Unavailable("cannot record the authorisation: " + e.getMessage());
        }
        LinkResult<AuthorisationResponse> result;
        try {
            result = link.authorise(message);
        } catch (IllegalStateException inFlight) {
            return new AuthorisationResult.Unavailable("an authorisation of this payment is already in flight");
        }
        return switch (result) {
            case LinkResult.Response<AuthorisationResponse>(AuthorisationResponse r) -> {
                if (!r.responseCode().approved()) {
                    yield new AuthorisationResult.Declined(r.responseCode().code(), shopperReason(r.responseCode()));
                }
                Optional<ApprovalCode> approval = r.reply().approvalCode();
                if (approval.isEmpty() || !FORMAT.matcher(approval.get().value()).matches()) {
                    reverse(request.payment());
                    yield new AuthorisationResult.Unavailable("the network approved without a usable approval code");
                }
                yield new AuthorisationResult.Approved(approval.get().value(), message.tx().rrn().value());
            }
            // The link has journalled a reversal (TracingJournal marked the message reversed).
            case LinkResult.TimedOut<AuthorisationResponse> t -> new AuthorisationResult.TimedOut();
            case LinkResult.Disconnected<AuthorisationResponse> d -> {
                traces.markReversed(request.payment().value(), message); // a retry must not reuse a message that may be reversed
                yield new AuthorisationResult.Unavailable("card network link: " + d.reason());
            }
        };
    }

    @Override
    public ClearingResult capture(PaymentId payment, Authorisation authorisation, Money amount) {
        Optional<Transaction> original = authorised(payment, authorisation);
        if (original.isEmpty()) return new ClearingResult.Rejected("no authorisation " + authorisation.rrn() + " of this payment on the network link");
        Transaction auth = original.get();
        if (amount.minor() > auth.amount().minorUnits()) return new ClearingResult.Rejected("capture above the authorised amount");
        CompletionAdvice advice;
        try {
            advice = traces.capture(payment.value(), amount.minor(), () -> {
                Transaction now = auth.retrace(link.nextStan(), clock.instant());
                Transaction tx = new Transaction(TransactionType.PURCHASE, now.token(), now.expiry(), isoMoney(amount), now.stan(),
                        now.transmittedAt(), LocalDateTime.ofInstant(now.transmittedAt(), ZoneOffset.UTC), auth.rrn(),
                        auth.pointOfService(), auth.acceptor());
                return new CompletionAdvice(tx, new ApprovalCode(authorisation.authCode()), OriginalData.of("0100", auth));
            });
        } catch (UncheckedIOException | org.openpalm.store.StoreException e) {
            return new ClearingResult.Unavailable("cannot record the capture: " + e.getMessage());
        }
        return clearing(send(() -> link.complete(advice)), CompletionResponse::reply, reference(advice.tx()));
    }

    @Override
    public ClearingResult reverse(PaymentId payment) {
        Optional<TraceStore.AuthTrace> trace = traces.authorisationOf(payment.value());
        // This server never asked the network for it: nothing to reverse, nothing sent.
        if (trace.isEmpty()) return new ClearingResult.Accepted(new NetworkReference("unsent-" + payment.value()));
        org.openpalm.iso8583.AuthorisationRequest original = trace.get().message();
        try {
            traces.markReversed(payment.value(), original);
        } catch (UncheckedIOException | org.openpalm.store.StoreException e) {
            return new ClearingResult.Unavailable("cannot record the reversal: " + e.getMessage());
        }
        ReversalAdvice advice = reversalOf(original);
        LinkResult<ReversalResponse> result = send(() -> link.reverse(advice));
        return switch (result) {
            case LinkResult.Response<ReversalResponse>(ReversalResponse r) -> r.reply().responseCode().approved()
                    ? new ClearingResult.Accepted(reference(advice.tx()))
                    : new ClearingResult.Rejected(shopperReason(r.reply().responseCode()));
            case LinkResult.TimedOut<ReversalResponse> t -> journalled(advice);
            case LinkResult.Disconnected<ReversalResponse> d -> journalled(advice);
        };
    }

    @Override
    public ClearingResult refund(PaymentId payment, Authorisation authorisation, RefundId refund, Money amount) {
        Optional<Transaction> original = authorised(payment, authorisation);
        if (original.isEmpty()) return new ClearingResult.Rejected("no authorisation " + authorisation.rrn() + " of this payment on the network link");
        Transaction auth = original.get();
        RefundRequest request;
        try {
            request = traces.refund(refund.value(), () -> new RefundRequest(transaction(TransactionType.REFUND, auth.token(),
                    new Expiry(auth.expiry()), isoMoney(amount), auth.acceptor())));
        } catch (UncheckedIOException | org.openpalm.store.StoreException e) {
            return new ClearingResult.Unavailable("cannot record the refund: " + e.getMessage());
        }
        if (request.tx().amount().minorUnits() != amount.minor()) return new ClearingResult.Rejected("refund id reused for another amount");
        return clearing(send(() -> link.refund(request)), RefundResponse::reply, reference(request.tx()));
    }

    // ------------------------------------------------------------------ translation

    private Optional<Transaction> authorised(PaymentId payment, Authorisation authorisation) {
        return traces.authorisationOf(payment.value()).map(t -> t.message().tx())
                .filter(tx -> tx.rrn().value().equals(authorisation.rrn()));
    }

    private Transaction transaction(TransactionType type, org.openpalm.iso8583.NetworkToken token, Expiry expiry,
                                    org.openpalm.iso8583.Money amount, Acceptor acceptor) {
        Stan stan = link.nextStan();
        Instant now = clock.instant();
        return new Transaction(type, token, expiry.month(), amount, stan, now, LocalDateTime.ofInstant(now, ZoneOffset.UTC),
                rrn(now, stan), PointOfService.PALM, acceptor);
    }

    /** YDDDhh of the transmission time (UTC) and the STAN: 12 digits, unique per terminal for ten years. */
    static RetrievalReference rrn(Instant at, Stan stan) {
        ZonedDateTime t = at.atZone(ZoneOffset.UTC);
        return new RetrievalReference(String.format("%d%03d%02d%s", t.getYear() % 10, t.getDayOfYear(), t.getHour(), stan.digits()));
    }

    private Acceptor acceptor(MerchantId merchant) {
        String id = merchant.value().substring(MerchantId.PREFIX.length(), MerchantId.PREFIX.length() + 15).toUpperCase();
        return new Acceptor(settings.acquirerId(), new TerminalId(settings.terminalId()), new org.openpalm.iso8583.MerchantId(id));
    }

    private static org.openpalm.iso8583.Money isoMoney(Money amount) {
        return org.openpalm.iso8583.Money.of(amount.minor(), amount.currency().code());
    }

    private ReversalAdvice reversalOf(org.openpalm.iso8583.AuthorisationRequest original) {
        return new ReversalAdvice(original.tx().retrace(link.nextStan(), clock.instant()), OriginalData.of(original.mti(), original.tx()), false);
    }

    /** An unreversed authorisation replaced by a new one (another amount or card): reversed via the journal. */
    private void reverseLater(org.openpalm.iso8583.AuthorisationRequest replaced) {
        journal.add(new PendingReversal(reversalOf(replaced)));
    }

    private ClearingResult journalled(ReversalAdvice advice) {
        try {
            journal.add(new PendingReversal(advice));
        } catch (UncheckedIOException | org.openpalm.store.StoreException e) {
            return new ClearingResult.Unavailable("reversal neither acknowledged nor journalled: " + e.getMessage());
        }
        LOG.log(System.Logger.Level.WARNING, "reversal {0} unacknowledged: journalled, repeated until acknowledged", advice.stan());
        return new ClearingResult.Accepted(reference(advice.tx()));
    }

    /** The network's reference of a message we sent (its clearing file names it so). */
    private static NetworkReference reference(Transaction tx) {
        return new NetworkReference(tx.networkKey());
    }

    private static <R> LinkResult<R> send(java.util.function.Supplier<LinkResult<R>> call) {
        try {
            return call.get();
        } catch (IllegalStateException inFlight) {
            return new LinkResult.Disconnected<>("the same message is already in flight");
        }
    }

    private static <R> ClearingResult clearing(LinkResult<R> result, java.util.function.Function<R, Reply> reply, NetworkReference sent) {
        return switch (result) {
            case LinkResult.Response<R>(R r) -> reply.apply(r).responseCode().approved()
                    ? new ClearingResult.Accepted(sent)
                    : new ClearingResult.Rejected(shopperReason(reply.apply(r).responseCode()) + " (" + reply.apply(r).responseCode().code() + ")");
            case LinkResult.TimedOut<R> t -> new ClearingResult.Unavailable("the card network did not answer in time");
            case LinkResult.Disconnected<R> d -> new ClearingResult.Unavailable("card network link: " + d.reason());
        };
    }

    /** Shopper text for a response code, fit for the terminal screen. */
    static String shopperReason(ResponseCode code) {
        return switch (code) {
            case APPROVED -> "Approved";
            case DO_NOT_HONOUR -> "Declined by the card issuer";
            case INVALID_CARD -> "Card not recognised";
            case INSUFFICIENT_FUNDS -> "Insufficient funds";
            case EXPIRED_CARD -> "Card expired";
            case ISSUER_UNAVAILABLE -> "Card issuer unavailable, try again later";
            case SYSTEM_MALFUNCTION -> "Card network error, try again later";
            case SECURITY_CODE_MISMATCH -> "Card security code does not match";
        };
    }

    @Override
    public void close() {
        try {
            link.close();
        } finally {
            try {
                traces.close();
            } finally {
                closeJournal.run();
            }
        }
    }

    /** The link's journal, marking an authorisation reversed in the trace file before its reversal is journalled. */
    private record TracingJournal(ReversalJournal delegate, NetworkTraces traces) implements ReversalJournal {
        @Override
        public void add(PendingReversal reversal) {
            traces.markReversed(reversal.advice().terminalKey(), reversal.advice().original());
            delegate.add(reversal);
        }

        @Override
        public void acknowledge(String id) {
            delegate.acknowledge(id);
        }

        @Override
        public List<PendingReversal> pending() {
            return delegate.pending();
        }
    }
}
