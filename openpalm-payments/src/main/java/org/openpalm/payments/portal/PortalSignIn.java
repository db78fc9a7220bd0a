package org.openpalm.payments.portal;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Executor;
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
 *
 * <p>Nothing tells whether a phone is enrolled: asking for a code does the same work for any phone
 * (the throttles, the customer look-up, a pending code stored, a hash computed) and answers the
 * same; for an unknown phone the stored hash covers a value no six digits equal, so entering codes
 * answers as for an enrolled phone given a wrong one. Only the delivery differs, and it runs off
 * the request (on {@code sendExecutor}), so the time of the answer does not show it either. Code
 * requests are throttled per phone and per client address, code entries per client address
 * ({@link PortalConfig.Backoff}), before anything else is looked at.
 */
public final class PortalSignIn {
    private static final System.Logger LOG = System.getLogger(PortalSignIn.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();
    private final Transactor transactor;
    private final CustomerRepository customers;
    private final PortalStore store;
    private final AuditLog audit;
    private final OneTimeCodeSender sender;
    private final Executor sendExecutor;
    private final PortalConfig config;
    private final Clock clock;

    public PortalSignIn(Transactor transactor, CustomerRepository customers, PortalStore store, AuditLog audit, OneTimeCodeSender sender,
                        Executor sendExecutor, PortalConfig config, Clock clock) {
        this.transactor = Objects.requireNonNull(transactor, "transactor");
        this.customers = Objects.requireNonNull(customers, "customers");
        this.store = Objects.requireNonNull(store, "store");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.sender = Objects.requireNonNull(sender, "sender");
        this.sendExecutor = Objects.requireNonNull(sendExecutor, "sendExecutor");
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The result of asking for a code. Enrolled or not, the phone gets {@code Accepted}: enrolment is not revealed. */
    public sealed interface CodeRequest {
        /** A code is pending until {@code expiresAt} (sent when the phone is enrolled). */
        record Accepted(Instant expiresAt) implements CodeRequest {}

        /** This phone or this client asked too often; ask again after {@code retryAfterSeconds}. */
        record Throttled(long retryAfterSeconds) implements CodeRequest {}
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

        /** This client entered too many codes; try again after {@code retryAfterSeconds}. */
        record Throttled(long retryAfterSeconds) implements SignIn {}
    }

    public CodeRequest requestCode(PhoneNumber phone, ClientAddress client) {
        Instant now = clock.instant();
        OptionalLong refused = admit(clientSubject(client), config.perClient(), now);
        if (refused.isEmpty()) refused = admit(phoneSubject(phone), config.perPhone(), now);
        if (refused.isPresent()) return new CodeRequest.Throttled(refused.getAsLong());
        Optional<Customer> customer = customers.findByPhone(phone);
        OneTimeCode code = OneTimeCode.generate();
        byte[] saltBytes = new byte[16];
        RANDOM.nextBytes(saltBytes);
        String salt = HexFormat.of().formatHex(saltBytes);
        // an unknown phone's hash covers "-" + the digits, which no six-digit entry can equal
        String hashed = hash(salt, phone, customer.isPresent() ? code.reveal() : "-" + code.reveal());
        Instant expiresAt = now.plusSeconds(config.codeValiditySeconds());
        store.saveCode(new PortalStore.PendingCode(phone, salt, hashed, now, expiresAt, 0));
        if (customer.isPresent()) sendExecutor.execute(() -> deliver(phone, code));
        return new CodeRequest.Accepted(expiresAt);
    }

    private void deliver(PhoneNumber phone, OneTimeCode code) {
        try {
            sender.send(phone, code);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "the sign-in code for the phone ending {0} could not be sent: {1}",
                    phone.hint().lastFourDigits(), e.getMessage());
        }
    }

    /** Counts an attempt of {@code subject} under {@code rule}; empty when admitted, else the seconds to wait. */
    private OptionalLong admit(String subject, PortalConfig.Backoff rule, Instant now) {
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        return store.withAttemptCounter(subject, current -> {
            int attempts = current.filter(c -> c.day().equals(today)).map(PortalStore.AttemptCounter::attempts).orElse(0);
            if (attempts >= rule.dailyCap()) {
                long untilTomorrow = Duration.between(now, today.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant()).toSeconds();
                return new PortalStore.CounterStep<>(Optional.empty(), OptionalLong.of(Math.max(1, untilTomorrow)));
            }
            if (attempts > 0) {
                Instant nextAllowed = current.orElseThrow().lastAttemptAt().plusSeconds(rule.delayAfterSeconds(attempts));
                if (now.isBefore(nextAllowed)) {
                    long wait = Duration.between(now, nextAllowed).toMillis();
                    return new PortalStore.CounterStep<>(Optional.empty(), OptionalLong.of(Math.max(1, (wait + 999) / 1000)));
                }
            }
            return new PortalStore.CounterStep<>(Optional.of(new PortalStore.AttemptCounter(today, attempts + 1, now)), OptionalLong.empty());
        });
    }

    /** The phone's counter is kept under the store's keyed hash, not the number. */
    private String phoneSubject(PhoneNumber phone) {
        return store.phoneSubject(phone);
    }

    private static String clientSubject(ClientAddress client) {
        return "client:" + client.value();
    }

    public SignIn verify(PhoneNumber phone, OneTimeCode code, ClientAddress client) {
        OptionalLong refused = admit(clientSubject(client), config.perClient(), clock.instant());
        if (refused.isPresent()) return new SignIn.Throttled(refused.getAsLong());
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
        return hash(salt, phone, code.reveal());
    }

    private static String hash(String salt, PhoneNumber phone, String digits) {
        return SessionToken.sha256Hex(salt + ":" + phone.e164() + ":" + digits);
    }
}
