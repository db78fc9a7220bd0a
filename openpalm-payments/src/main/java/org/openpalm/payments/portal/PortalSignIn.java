package org.openpalm.payments.portal;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import org.openpalm.payments.audit.AuditAction;
import org.openpalm.payments.audit.AuditEvent;
import org.openpalm.payments.audit.AuditLog;
import org.openpalm.payments.customer.Customer;
import org.openpalm.payments.customer.CustomerRepository;
import org.openpalm.payments.customer.PhoneNumber;
import org.openpalm.payments.ids.CustomerId;
import org.openpalm.payments.Transactor;

/**
 * Portal sign-in with a phone number and a one-time code: six digits, valid for a few minutes, a
 * few attempts, stored only as a salted SHA-256. A successful sign-in opens a session whose token
 * is stored hashed, and is audited.
 */
public final class PortalSignIn {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final Transactor transactor;
    private final CustomerRepository customers;
    private final PortalStore store;
    private final AuditLog audit;
    private final OneTimeCodeSender sender;
    private final PortalConfig config;
    private final Clock clock;

    public PortalSignIn(Transactor transactor, CustomerRepository customers, PortalStore store, AuditLog audit, OneTimeCodeSender sender,
                        PortalConfig config, Clock clock) {
        this.transactor = Objects.requireNonNull(transactor, "transactor");
        this.customers = Objects.requireNonNull(customers, "customers");
        this.store = Objects.requireNonNull(store, "store");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.sender = Objects.requireNonNull(sender, "sender");
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The result of asking for a code. The HTTP edge answers the same for the first two, so enrolment is not revealed. */
    public sealed interface CodeRequest {
        record Sent(Instant expiresAt) implements CodeRequest {}

        /** No customer has this phone: nothing is sent. */
        record UnknownPhone() implements CodeRequest {}

        /** A code was sent moments ago; ask again after {@code retryAfterSeconds}. */
        record TooSoon(long retryAfterSeconds) implements CodeRequest {}
    }

    /** The result of entering a code. */
    public sealed interface SignIn {
        record SignedIn(SessionToken token, CustomerId customer, Instant expiresAt) implements SignIn {}

        record WrongCode(int attemptsLeft) implements SignIn {}

        record CodeExpired() implements SignIn {}

        /** No code is waiting for this phone (never asked, already used, or burnt by too many attempts). */
        record NoCodeRequested() implements SignIn {}

        /** This entry used up the attempts; the code is burnt. */
        record TooManyAttempts() implements SignIn {}
    }

    public CodeRequest requestCode(PhoneNumber phone) {
        Optional<Customer> customer = customers.findByPhone(phone);
        if (customer.isEmpty()) return new CodeRequest.UnknownPhone();
        Instant now = clock.instant();
        Optional<PortalStore.PendingCode> previous = store.findCode(phone);
        if (previous.isPresent()) {
            Instant nextAllowed = previous.get().issuedAt().plusSeconds(config.codeResendIntervalSeconds());
            if (now.isBefore(nextAllowed)) return new CodeRequest.TooSoon(Math.max(1, Duration.between(now, nextAllowed).toSeconds()));
        }
        OneTimeCode code = OneTimeCode.generate();
        byte[] saltBytes = new byte[16];
        RANDOM.nextBytes(saltBytes);
        String salt = HexFormat.of().formatHex(saltBytes);
        Instant expiresAt = now.plusSeconds(config.codeValiditySeconds());
        store.saveCode(new PortalStore.PendingCode(phone, salt, hash(salt, phone, code), now, expiresAt, 0));
        sender.send(phone, code);
        return new CodeRequest.Sent(expiresAt);
    }

    public SignIn verify(PhoneNumber phone, OneTimeCode code) {
        return transactor.inTransaction(() -> {
            Optional<PortalStore.PendingCode> pending = store.findCode(phone);
            if (pending.isEmpty()) return new SignIn.NoCodeRequested();
            PortalStore.PendingCode p = pending.get();
            Instant now = clock.instant();
            if (!now.isBefore(p.expiresAt())) {
                store.deleteCode(phone);
                return new SignIn.CodeExpired();
            }
            boolean matches = MessageDigest.isEqual(hash(p.salt(), phone, code).getBytes(StandardCharsets.US_ASCII),
                    p.codeHash().getBytes(StandardCharsets.US_ASCII));
            if (!matches) {
                int failed = store.recordFailedAttempt(phone);
                if (failed >= config.maxCodeAttempts()) {
                    store.deleteCode(phone);
                    return new SignIn.TooManyAttempts();
                }
                return new SignIn.WrongCode(config.maxCodeAttempts() - failed);
            }
            store.deleteCode(phone);
            Optional<Customer> customer = customers.findByPhone(phone);
            if (customer.isEmpty()) return new SignIn.NoCodeRequested();
            SessionToken token = SessionToken.generate();
            Instant expiresAt = now.plusSeconds(config.sessionValiditySeconds());
            store.saveSession(new PortalStore.Session(token.hash(), customer.get().id(), now, expiresAt));
            audit.append(new AuditEvent("customer:" + customer.get().id().value(), AuditAction.PORTAL_SIGN_IN, customer.get().id().value(),
                    "signed in with a one-time code"), now);
            return new SignIn.SignedIn(token, customer.get().id(), expiresAt);
        });
    }

    /** The customer of a live session. */
    public Optional<CustomerId> session(SessionToken token) {
        Instant now = clock.instant();
        return store.findSession(token.hash()).filter(s -> now.isBefore(s.expiresAt())).map(PortalStore.Session::customer);
    }

    public void signOut(SessionToken token) {
        store.deleteSession(token.hash());
    }

    public int purgeExpired() {
        return store.purgeExpired(clock.instant());
    }

    public PortalConfig config() {
        return config;
    }

    private static String hash(String salt, PhoneNumber phone, OneTimeCode code) {
        return SessionToken.sha256Hex(salt + ":" + phone.e164() + ":" + code.reveal());
    }
}
