package org.openpalm.payments.network;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.openpalm.payments.card.CardNumber;
import org.openpalm.payments.card.Expiry;
import org.openpalm.payments.card.NetworkToken;
import org.openpalm.payments.card.PaymentAccountReference;
import org.openpalm.payments.card.TokenService;
import org.openpalm.payments.ids.PaymentId;
import org.openpalm.payments.ids.RefundId;
import org.openpalm.payments.money.Money;
import org.openpalm.payments.payment.MovementKind;
import org.openpalm.payments.reconcile.ClearingFile;
import org.openpalm.payments.reconcile.ClearingRecord;

/**
 * A card network and issuer in one process, for tests and the demo: a token service, issuer
 * accounts with an available balance (in minor units, whatever the currency), holds, declines and
 * scripted failures. Cards not opened explicitly are opened on first tokenisation with
 * {@link #defaultBalanceMinor}. Its lock guards only memory; no I/O happens under it.
 *
 * <p>Its state lives in memory only: after a server restart it no longer knows the tokens it
 * issued. A well-formed token it has not seen (issued before the restart) is therefore taken as a
 * card opened with {@link #defaultBalanceMinor}, so that customers enrolled before a restart can
 * still pay. Likewise a capture of a well-formed authorisation it does not know (approved before
 * the restart) is accepted once, as if the hold had survived; its account is not tracked.
 *
 * <p>Account verification checks the card security code against {@link #testSecurityCodeOf}: the
 * CVV2 of every card is the last three digits of its number, as for the simulator's test cards, so
 * tests, the bench and a person at the kiosk can give the right one and a test a wrong one.
 */
public final class InProcessNetwork implements TokenService, CardAuthoriser, org.openpalm.payments.card.CardVerifier {
    /** Precompiled once, not per call. */
    private static final java.util.regex.Pattern FORMAT = java.util.regex.Pattern.compile("[0-9]{12}");

    /** What the network does with the next authorisations, for failure tests. */
    public enum Mode {
        NORMAL,
        /** No answer, nothing held. */
        TIMEOUT,
        /** The issuer approves and holds the funds, but the answer is lost: the platform sees a timeout. */
        APPROVE_THEN_TIMEOUT,
        UNAVAILABLE
    }

    /** What the network does with the next captures, reversals and refunds, for failure tests. */
    public enum ClearingMode {
        NORMAL,
        /** Nothing arrives, nothing moves: the platform sees the network unavailable. */
        UNAVAILABLE,
        /** The message is processed and money moves, but the answer is lost: the platform sees the network unavailable. */
        ANSWER_LOST,
        /** The network refuses the message (as an issuer refusing a late capture would): nothing moves. */
        REFUSED
    }

    private record Account(String panHash, long available, boolean closed, Optional<YearMonth> expiry) {}

    private enum HoldState { OPEN, CAPTURED, REVERSED }

    private record Hold(PaymentId payment, String panHash, long amount, String currency, String authCode, HoldState state) {
        boolean open() {
            return state == HoldState.OPEN;
        }
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Account> accounts = new HashMap<>(); // by SHA-256 of the PAN, never the PAN
    private final Map<String, String> tokens = new HashMap<>(); // token -> PAN hash
    private final Map<String, Hold> holds = new HashMap<>(); // RRN -> hold
    private final Map<PaymentId, List<String>> rrnsByPayment = new HashMap<>(); // payment -> RRNs of its holds
    private final Map<String, Long> refunds = new HashMap<>(); // refund id -> amount
    private final Map<String, Long> refundedByRrn = new HashMap<>();
    private final long defaultBalanceMinor;
    private final Optional<Path> clearingDirectory;
    private final List<ClearingRecord> clearedRecords = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final java.util.Map<MovementKind, java.util.concurrent.atomic.AtomicLong> receivedByKind = new java.util.EnumMap<>(MovementKind.class);
    private volatile Mode mode = Mode.NORMAL;
    private volatile ClearingMode clearingMode = ClearingMode.NORMAL;

    public InProcessNetwork(long defaultBalanceMinor) {
        this(defaultBalanceMinor, Optional.empty());
    }

    /**
     * @param clearingDirectory where the network writes its daily clearing file ({@link ClearingFile},
     *                          acquirer {@value #ACQUIRER}), as a card network does for each acquirer
     */
    public InProcessNetwork(long defaultBalanceMinor, Optional<Path> clearingDirectory) {
        if (defaultBalanceMinor < 0) throw new IllegalArgumentException("defaultBalanceMinor must not be negative");
        this.defaultBalanceMinor = defaultBalanceMinor;
        this.clearingDirectory = clearingDirectory;
        for (MovementKind k : MovementKind.values()) receivedByKind.put(k, new java.util.concurrent.atomic.AtomicLong());
    }

    /** The acquirer name in the clearing file. */
    public static final String ACQUIRER = "inprocess";

    /** How many capture, reversal or refund messages arrived since start, whatever the answer (repeats included). */
    public long received(MovementKind kind) {
        return receivedByKind.get(kind).get();
    }

    /** Every capture, reversal and refund that moved money here since start, in order (what the network received, for tests). */
    public List<ClearingRecord> clearedRecords() {
        return List.copyOf(clearedRecords);
    }

    private ClearingRecord clearing(MovementKind kind, NetworkReference reference, String rrn, long amountMinor, String currency) {
        Instant now = Instant.now();
        return new ClearingRecord(LocalDate.ofInstant(now, ZoneOffset.UTC), ACQUIRER, kind, reference, rrn, amountMinor, currency, now);
    }

    /** Outside the lock: file I/O. */
    private void writeClearing(ClearingRecord r) {
        clearedRecords.add(r);
        clearingDirectory.ifPresent(dir -> ClearingFile.append(dir, r));
    }

    private static NetworkReference captureRef(String rrn) {
        return new NetworkReference("ip-cap-" + rrn);
    }

    private static NetworkReference reversalRef(String rrn) {
        return new NetworkReference("ip-rev-" + rrn);
    }

    private static NetworkReference refundRef(RefundId refund) {
        return new NetworkReference("ip-ref-" + refund.value());
    }

    public InProcessNetwork() {
        this(10_000_000);
    }

    /** Opens (or resets) the issuer account of a card with an available balance. */
    public void openAccount(CardNumber number, long availableMinor) {
        withLock(() -> accounts.put(hash(number), new Account(hash(number), availableMinor, false, Optional.empty())));
    }

    /** Closes the account: tokenisation is refused and authorisations declined (14). */
    public void closeAccount(CardNumber number) {
        withLock(() -> accounts.computeIfPresent(hash(number), (k, a) -> new Account(k, a.available, true, a.expiry)));
    }

    public void setMode(Mode mode) {
        this.mode = mode;
    }

    public void setClearingMode(ClearingMode clearingMode) {
        this.clearingMode = clearingMode;
    }

    /** Available balance of the card behind a token (for tests). */
    public long availableMinor(NetworkToken token) {
        lock.lock();
        try {
            String panHash = tokens.get(token.value());
            return panHash == null ? 0 : accounts.get(panHash).available;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public TokenisationResult tokenise(CardNumber number, Expiry expiry) {
        String panHash = hash(number);
        lock.lock();
        try {
            Account account = accounts.computeIfAbsent(panHash, k -> new Account(k, defaultBalanceMinor, false, Optional.empty()));
            if (account.closed) return new TokenisationResult.Refused("the card issuer refused the card");
            if (expiry.expiredAt(YearMonth.now())) return new TokenisationResult.Refused("the card has expired");
            accounts.put(panHash, new Account(panHash, account.available, false, Optional.of(expiry.month())));
            String token;
            do {
                token = luhnComplete("9" + digits(14));
            } while (tokens.containsKey(token));
            tokens.put(token, panHash);
            return new TokenisationResult.Tokenised(new NetworkToken(token), par(panHash), number.brand(), number.last4());
        } finally {
            lock.unlock();
        }
    }

    /**
     * The card security code this double expects for a card: the last three digits of its number
     * (the convention of the simulator's test cards). Test cards only; a real CVV2 is secret.
     */
    public static String testSecurityCodeOf(String cardNumber) {
        return cardNumber.substring(cardNumber.length() - 3);
    }

    @Override
    public AccountVerification verifyAccount(CardNumber number, Expiry expiry, org.openpalm.payments.card.CardSecurityCode securityCode) {
        switch (mode) {
            case TIMEOUT, APPROVE_THEN_TIMEOUT -> { return new AccountVerification.Unavailable("the card issuer did not answer in time"); }
            case UNAVAILABLE -> { return new AccountVerification.Unavailable("in-process network set unavailable"); }
            case NORMAL -> { }
        }
        if (expiry.expiredAt(YearMonth.now())) return new AccountVerification.Refused("the card has expired");
        String expected = testSecurityCodeOf(number.revealTo((org.openpalm.payments.card.CardVerifier) this));
        boolean matches = MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                securityCode.revealTo(this).getBytes(StandardCharsets.US_ASCII));
        lock.lock();
        try {
            Account account = accounts.get(hash(number));
            if (account != null && account.closed) return new AccountVerification.Refused("the card issuer refused the card");
        } finally {
            lock.unlock();
        }
        return matches ? new AccountVerification.Verified() : new AccountVerification.SecurityCodeMismatch();
    }

    /** An account for a token issued before a restart (see the class comment); the caller holds the lock. */
    private String openForEarlierToken(String token) {
        String key = "token:" + token;
        accounts.putIfAbsent(key, new Account(key, defaultBalanceMinor, false, Optional.empty()));
        return key;
    }

    @Override
    public AuthorisationResult authorise(AuthorisationRequest request) {
        switch (mode) {
            case TIMEOUT -> { return new AuthorisationResult.TimedOut(); }
            case UNAVAILABLE -> { return new AuthorisationResult.Unavailable("in-process network set unavailable"); }
            case NORMAL, APPROVE_THEN_TIMEOUT -> { }
        }
        lock.lock();
        try {
            String panHash = tokens.computeIfAbsent(request.token().value(), this::openForEarlierToken);
            Account account = accounts.get(panHash);
            if (account.closed) return new AuthorisationResult.Declined("14", "Card not recognised");
            if (account.expiry.map(e -> e.isBefore(YearMonth.now())).orElse(false)) {
                return new AuthorisationResult.Declined("54", "Card expired");
            }
            long amount = request.amount().minor();
            // duplicate transmission (a retry after a lost answer or a crash, also of a sale captured
            // at once): the same approval, no second hold
            for (String rrn : rrnsByPayment.getOrDefault(request.payment(), List.of())) {
                Hold h = holds.get(rrn);
                if ((h.open() || h.state() == HoldState.CAPTURED) && h.amount() == amount) return new AuthorisationResult.Approved(h.authCode(), rrn);
            }
            if (amount > account.available) return new AuthorisationResult.Declined("51", "Insufficient funds");
            accounts.put(panHash, new Account(panHash, account.available - amount, false, account.expiry));
            String rrn = digits(12);
            String authCode = alnum(6);
            holds.put(rrn, new Hold(request.payment(), panHash, amount, request.amount().currency().code(), authCode, HoldState.OPEN));
            rrnsByPayment.computeIfAbsent(request.payment(), p -> new ArrayList<>()).add(rrn);
            return mode == Mode.APPROVE_THEN_TIMEOUT ? new AuthorisationResult.TimedOut() : new AuthorisationResult.Approved(authCode, rrn);
        } finally {
            lock.unlock();
        }
    }

    private ClearingResult captureNow(PaymentId payment, Authorisation authorisation, Money amount) {
        receivedByKind.get(MovementKind.CAPTURE).incrementAndGet();
        List<ClearingRecord> cleared = new ArrayList<>();
        lock.lock();
        try {
            if (!holds.containsKey(authorisation.rrn()) && FORMAT.matcher(authorisation.rrn()).matches()) {
                String key = "rrn:" + authorisation.rrn(); // approved before a restart (see the class comment)
                accounts.putIfAbsent(key, new Account(key, 0, false, Optional.empty()));
                holds.put(authorisation.rrn(), new Hold(payment, key, authorisation.amount().minor(), authorisation.amount().currency().code(),
                        authorisation.authCode(), HoldState.OPEN));
                rrnsByPayment.computeIfAbsent(payment, p -> new ArrayList<>()).add(authorisation.rrn());
            }
            Hold hold = holds.get(authorisation.rrn());
            if (hold == null || !hold.payment().equals(payment)) return new ClearingResult.Rejected("no such authorisation");
            if (hold.state() == HoldState.CAPTURED && hold.amount() == amount.minor()) return new ClearingResult.Accepted(captureRef(authorisation.rrn())); // repeat
            if (!hold.open()) return new ClearingResult.Rejected("no open authorisation");
            if (amount.minor() > hold.amount()) return new ClearingResult.Rejected("capture above authorisation");
            Account account = accounts.get(hold.panHash());
            accounts.put(hold.panHash(), new Account(hold.panHash(), account.available + hold.amount() - amount.minor(), account.closed, account.expiry));
            holds.put(authorisation.rrn(), new Hold(payment, hold.panHash(), amount.minor(), hold.currency(), hold.authCode(), HoldState.CAPTURED));
            cleared.add(clearing(MovementKind.CAPTURE, captureRef(authorisation.rrn()), authorisation.rrn(), amount.minor(), hold.currency()));
            return new ClearingResult.Accepted(captureRef(authorisation.rrn()));
        } finally {
            lock.unlock();
            cleared.forEach(this::writeClearing);
        }
    }

    private ClearingResult reverseNow(PaymentId payment) {
        receivedByKind.get(MovementKind.REVERSAL).incrementAndGet();
        List<ClearingRecord> records = new ArrayList<>();
        NetworkReference reference = new NetworkReference("ip-rev-" + payment.value()); // nothing held: a no-op with its own reference
        lock.lock();
        try {
            for (String rrn : rrnsByPayment.getOrDefault(payment, List.of())) {
                Hold hold = holds.get(rrn);
                if (hold.state() == HoldState.REVERSED) reference = reversalRef(rrn); // a repeat: the same reference
                if (!hold.open()) continue;
                Account account = accounts.get(hold.panHash());
                accounts.put(hold.panHash(), new Account(hold.panHash(), account.available + hold.amount(), account.closed, account.expiry));
                holds.put(rrn, new Hold(payment, hold.panHash(), hold.amount(), hold.currency(), hold.authCode(), HoldState.REVERSED));
                reference = reversalRef(rrn);
                records.add(clearing(MovementKind.REVERSAL, reference, rrn, hold.amount(), hold.currency()));
            }
        } finally {
            lock.unlock();
        }
        records.forEach(this::writeClearing);
        return new ClearingResult.Accepted(reference);
    }

    private ClearingResult refundNow(PaymentId payment, Authorisation authorisation, RefundId refund, Money amount) {
        receivedByKind.get(MovementKind.REFUND).incrementAndGet();
        List<ClearingRecord> cleared = new ArrayList<>();
        lock.lock();
        try {
            Hold hold = holds.get(authorisation.rrn());
            if (hold == null || hold.state() != HoldState.CAPTURED) return new ClearingResult.Rejected("nothing captured");
            Long earlier = refunds.get(refund.value());
            if (earlier != null) {
                return earlier == amount.minor() ? new ClearingResult.Accepted(refundRef(refund)) : new ClearingResult.Rejected("refund id reused for another amount");
            }
            long refunded = refundedByRrn.getOrDefault(authorisation.rrn(), 0L);
            if (refunded + amount.minor() > hold.amount()) return new ClearingResult.Rejected("refunds above the captured amount");
            refunds.put(refund.value(), amount.minor());
            refundedByRrn.put(authorisation.rrn(), refunded + amount.minor());
            Account account = accounts.get(hold.panHash());
            accounts.put(hold.panHash(), new Account(hold.panHash(), account.available + amount.minor(), account.closed, account.expiry));
            cleared.add(clearing(MovementKind.REFUND, refundRef(refund), authorisation.rrn(), amount.minor(), amount.currency().code()));
            return new ClearingResult.Accepted(refundRef(refund));
        } finally {
            lock.unlock();
            cleared.forEach(this::writeClearing);
        }
    }

    @Override
    public ClearingResult capture(PaymentId payment, Authorisation authorisation, Money amount) {
        return clearing(() -> captureNow(payment, authorisation, amount));
    }

    @Override
    public ClearingResult reverse(PaymentId payment) {
        return clearing(() -> reverseNow(payment));
    }

    @Override
    public ClearingResult refund(PaymentId payment, Authorisation authorisation, RefundId refund, Money amount) {
        return clearing(() -> refundNow(payment, authorisation, refund, amount));
    }

    private ClearingResult clearing(java.util.function.Supplier<ClearingResult> message) {
        return switch (clearingMode) {
            case NORMAL -> message.get();
            case UNAVAILABLE -> new ClearingResult.Unavailable("in-process network set unavailable");
            case REFUSED -> new ClearingResult.Rejected("in-process network set to refuse");
            case ANSWER_LOST -> {
                message.get();
                yield new ClearingResult.Unavailable("the in-process network's answer was lost");
            }
        };
    }

    private void withLock(Runnable r) {
        lock.lock();
        try {
            r.run();
        } finally {
            lock.unlock();
        }
    }

    private String digits(int n) {
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) b.append((char) ('0' + random.nextInt(10)));
        return b.toString();
    }

    private String alnum(int n) {
        String alphabet = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ";
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) b.append(alphabet.charAt(random.nextInt(alphabet.length())));
        return b.toString();
    }

    private static String luhnComplete(String partial) {
        for (int check = 0; check < 10; check++) {
            String candidate = partial + check;
            int sum = 0;
            boolean doubled = false;
            for (int i = candidate.length() - 1; i >= 0; i--) {
                int d = candidate.charAt(i) - '0';
                if (doubled && (d *= 2) > 9) d -= 9;
                sum += d;
                doubled = !doubled;
            }
            if (sum % 10 == 0) return candidate;
        }
        throw new IllegalStateException("unreachable");
    }

    private String hash(CardNumber number) {
        return sha256(number.revealTo((TokenService) this));
    }

    private static PaymentAccountReference par(String panHash) {
        String alphabet = "0123456789ABCDEFGHJKLMNPQRSTVWXYZ";
        StringBuilder b = new StringBuilder("V001");
        for (int i = 0; b.length() < 29; i++) b.append(alphabet.charAt(Character.digit(panHash.charAt(i), 16) * 2 % alphabet.length()));
        return new PaymentAccountReference(b.toString());
    }

    private static String sha256(String text) {
        try {
            return java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
