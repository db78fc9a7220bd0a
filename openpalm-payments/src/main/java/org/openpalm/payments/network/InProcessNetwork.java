package org.openpalm.payments.network;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.YearMonth;
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

    private record Account(String panHash, long available, boolean closed, Optional<YearMonth> expiry) {}

    private enum HoldState { OPEN, CAPTURED, REVERSED }

    private record Hold(PaymentId payment, String panHash, long amount, String authCode, HoldState state) {
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
    private volatile Mode mode = Mode.NORMAL;

    public InProcessNetwork(long defaultBalanceMinor) {
        if (defaultBalanceMinor < 0) throw new IllegalArgumentException("defaultBalanceMinor must not be negative");
        this.defaultBalanceMinor = defaultBalanceMinor;
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
            holds.put(rrn, new Hold(request.payment(), panHash, amount, authCode, HoldState.OPEN));
            rrnsByPayment.computeIfAbsent(request.payment(), p -> new ArrayList<>()).add(rrn);
            return mode == Mode.APPROVE_THEN_TIMEOUT ? new AuthorisationResult.TimedOut() : new AuthorisationResult.Approved(authCode, rrn);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public ClearingResult capture(PaymentId payment, Authorisation authorisation, Money amount) {
        lock.lock();
        try {
            if (!holds.containsKey(authorisation.rrn()) && FORMAT.matcher(authorisation.rrn()).matches()) {
                String key = "rrn:" + authorisation.rrn(); // approved before a restart (see the class comment)
                accounts.putIfAbsent(key, new Account(key, 0, false, Optional.empty()));
                holds.put(authorisation.rrn(), new Hold(payment, key, authorisation.amount().minor(), authorisation.authCode(), HoldState.OPEN));
                rrnsByPayment.computeIfAbsent(payment, p -> new ArrayList<>()).add(authorisation.rrn());
            }
            Hold hold = holds.get(authorisation.rrn());
            if (hold == null || !hold.payment().equals(payment)) return new ClearingResult.Rejected("no such authorisation");
            if (hold.state() == HoldState.CAPTURED && hold.amount() == amount.minor()) return new ClearingResult.Accepted(); // repeat
            if (!hold.open()) return new ClearingResult.Rejected("no open authorisation");
            if (amount.minor() > hold.amount()) return new ClearingResult.Rejected("capture above authorisation");
            Account account = accounts.get(hold.panHash());
            accounts.put(hold.panHash(), new Account(hold.panHash(), account.available + hold.amount() - amount.minor(), account.closed, account.expiry));
            holds.put(authorisation.rrn(), new Hold(payment, hold.panHash(), amount.minor(), hold.authCode(), HoldState.CAPTURED));
            return new ClearingResult.Accepted();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public ClearingResult reverse(PaymentId payment) {
        lock.lock();
        try {
            for (String rrn : rrnsByPayment.getOrDefault(payment, List.of())) {
                Hold hold = holds.get(rrn);
                if (!hold.open()) continue;
                Account account = accounts.get(hold.panHash());
                accounts.put(hold.panHash(), new Account(hold.panHash(), account.available + hold.amount(), account.closed, account.expiry));
                holds.put(rrn, new Hold(payment, hold.panHash(), hold.amount(), hold.authCode(), HoldState.REVERSED));
            }
            return new ClearingResult.Accepted(); // nothing held: reversal is a no-op
        } finally {
            lock.unlock();
        }
    }

    @Override
    public ClearingResult refund(PaymentId payment, Authorisation authorisation, RefundId refund, Money amount) {
        lock.lock();
        try {
            Hold hold = holds.get(authorisation.rrn());
            if (hold == null || hold.state() != HoldState.CAPTURED) return new ClearingResult.Rejected("nothing captured");
            Long earlier = refunds.get(refund.value());
            if (earlier != null) {
                return earlier == amount.minor() ? new ClearingResult.Accepted() : new ClearingResult.Rejected("refund id reused for another amount");
            }
            long refunded = refundedByRrn.getOrDefault(authorisation.rrn(), 0L);
            if (refunded + amount.minor() > hold.amount()) return new ClearingResult.Rejected("refunds above the captured amount");
            refunds.put(refund.value(), amount.minor());
            refundedByRrn.put(authorisation.rrn(), refunded + amount.minor());
            Account account = accounts.get(hold.panHash());
            accounts.put(hold.panHash(), new Account(hold.panHash(), account.available + amount.minor(), account.closed, account.expiry));
            return new ClearingResult.Accepted();
        } finally {
            lock.unlock();
        }
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
