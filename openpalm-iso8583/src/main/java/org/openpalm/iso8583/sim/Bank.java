package org.openpalm.iso8583.sim;

import java.time.Clock;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.openpalm.iso8583.ApprovalCode;
import org.openpalm.iso8583.CardNumber;
import org.openpalm.iso8583.Money;
import org.openpalm.iso8583.ResponseCode;

/**
 * The issuers' ledgers: balances, holds, captures, refunds. All state changes are idempotent per
 * original transaction key, so a retransmitted or reversed message never charges twice. In-memory,
 * synchronized, no I/O under the lock.
 */
final class Bank {
    record Account(AccountConfig config, IssuerConfig issuer) {}

    /** What an issuer decided; {@code respond} false: processed, response dropped. */
    record Decision(ResponseCode code, Optional<ApprovalCode> approval, long delayMillis, boolean respond) {}

    private final Map<String, Account> accounts = new HashMap<>();
    private final Map<String, Long> available = new HashMap<>();
    private final Map<String, Hold> holds = new HashMap<>();
    private final Map<String, Decision> decided = new HashMap<>();
    private final Set<String> reversed = new HashSet<>();
    /** Amounts cleared for the first time, by message key, for the clearing file (taken by the simulator outside the lock). */
    private final Map<String, Long> freshlyCleared = new HashMap<>();
    private final Random random;
    private final Clock clock;

    private record Hold(String card, long amount, boolean captured) {}

    Bank(SimConfig config, Clock clock) {
        this.random = new Random(config.randomSeed());
        this.clock = clock;
        for (IssuerConfig issuer : config.issuers()) {
            for (AccountConfig a : issuer.accounts()) {
                accounts.put(a.card().digits(), new Account(a, issuer));
                available.put(a.card().digits(), a.balance().minorUnits());
            }
        }
    }

    synchronized boolean knows(CardNumber card) {
        return accounts.containsKey(card.digits());
    }

    synchronized long availableMinor(CardNumber card) {
        Long v = available.get(card.digits());
        if (v == null) {
            throw new IllegalArgumentException("no account for " + card);
        }
        return v;
    }

    /** Authorisation: checks in order issuer up, card status, expiry, random decline, limit, funds. */
    synchronized Decision authorise(String key, CardNumber card, Money amount) {
        Decision earlier = decided.get(key);
        if (earlier != null) {
            return earlier;
        }
        Account acc = accounts.get(card.digits());
        if (acc == null) {
            return remember(key, decline(ResponseCode.INVALID_CARD, 0));
        }
        IssuerConfig issuer = acc.issuer();
        long delay = issuer.responseDelayMillis();
        boolean respond = random.nextInt(100) >= issuer.dropRatePercent();
        Decision d;
        if (!issuer.available()) {
            d = decline(ResponseCode.ISSUER_UNAVAILABLE, 0);
        } else if (reversed.contains(key)) {
            d = decline(ResponseCode.DO_NOT_HONOUR, delay);
        } else {
            ResponseCode code = switch (acc.config().status()) {
                case ACTIVE -> checkActive(acc, amount, issuer);
                case BLOCKED -> ResponseCode.DO_NOT_HONOUR;
                case INVALID -> ResponseCode.INVALID_CARD;
                case MALFUNCTION -> ResponseCode.SYSTEM_MALFUNCTION;
            };
            if (code.approved()) {
                available.merge(card.digits(), -amount.minorUnits(), Long::sum);
                holds.put(key, new Hold(card.digits(), amount.minorUnits(), false));
                d = new Decision(code, Optional.of(approvalCode()), delay, true);
            } else {
                d = decline(code, delay);
            }
        }
        d = new Decision(d.code(), d.approval(), d.delayMillis(), d.respond() && (respond || !issuer.available()));
        return remember(key, d);
    }

    private ResponseCode checkActive(Account acc, Money amount, IssuerConfig issuer) {
        if (acc.config().expiry().isBefore(YearMonth.now(clock.withZone(ZoneOffset.UTC)))) {
            return ResponseCode.EXPIRED_CARD;
        }
        if (!amount.currency().equals(acc.config().balance().currency())) {
            return ResponseCode.DO_NOT_HONOUR;
        }
        if (random.nextInt(100) < issuer.declineRatePercent()) {
            return ResponseCode.DO_NOT_HONOUR;
        }
        if (amount.minorUnits() > acc.config().perTransactionLimitMinor()) {
            return ResponseCode.DO_NOT_HONOUR;
        }
        if (amount.minorUnits() > available.get(acc.config().card().digits())) {
            return ResponseCode.INSUFFICIENT_FUNDS;
        }
        return ResponseCode.APPROVED;
    }

    /**
     * Account verification, answered by the network in stand-in for the issuer (as card networks
     * verify CVV2 on the issuer's behalf): the card must be known and its security code match
     * (compared in constant time). The card's status, expiry and issuer availability are left to
     * authorisations, so the decline test cards can be enrolled and show their decline at payment.
     * Nothing is held.
     */
    synchronized Decision verifyAccount(CardNumber card, org.openpalm.iso8583.SecurityCode securityCode) {
        Account acc = accounts.get(card.digits());
        if (acc == null) {
            return decline(ResponseCode.INVALID_CARD, 0);
        }
        boolean matches = java.security.MessageDigest.isEqual(acc.config().securityCode().digits().getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                securityCode.digits().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        return decline(matches ? ResponseCode.APPROVED : ResponseCode.SECURITY_CODE_MISMATCH, 0);
    }

    /** Completion: captures the hold of the original for the final amount, releasing the rest. */
    synchronized Decision complete(String key, String originalKey, long finalAmount) {
        Decision earlier = decided.get(key);
        if (earlier != null) {
            return earlier;
        }
        Hold h = holds.get(originalKey);
        Decision d;
        if (h == null || h.captured() || finalAmount > h.amount()) {
            d = decline(ResponseCode.DO_NOT_HONOUR, 0);
        } else {
            available.merge(h.card(), h.amount() - finalAmount, Long::sum);
            holds.put(originalKey, new Hold(h.card(), finalAmount, true));
            freshlyCleared.put(key, finalAmount);
            d = new Decision(ResponseCode.APPROVED, Optional.of(approvalCode()), delayOf(h.card()), true);
        }
        return remember(key, d);
    }

    /** Refund: credits the account. */
    synchronized Decision refund(String key, CardNumber card, Money amount) {
        Decision earlier = decided.get(key);
        if (earlier != null) {
            return earlier;
        }
        Account acc = accounts.get(card.digits());
        Decision d;
        if (acc == null || acc.config().status() != CardStatus.ACTIVE) {
            d = decline(acc == null ? ResponseCode.INVALID_CARD : ResponseCode.DO_NOT_HONOUR, 0);
        } else if (!acc.issuer().available()) {
            d = decline(ResponseCode.ISSUER_UNAVAILABLE, 0);
        } else {
            available.merge(card.digits(), amount.minorUnits(), Long::sum);
            freshlyCleared.put(key, amount.minorUnits());
            d = new Decision(ResponseCode.APPROVED, Optional.of(approvalCode()), acc.issuer().responseDelayMillis(), true);
        }
        return remember(key, d);
    }

    /**
     * Reversal: releases the hold (or the capture) of the original, once. Always acknowledged with
     * 00, also for an unknown original: the network stands in for the issuer.
     */
    synchronized Decision reverse(String key, String originalKey) {
        if (reversed.add(originalKey)) {
            Hold h = holds.remove(originalKey);
            if (h != null) {
                available.merge(h.card(), h.amount(), Long::sum);
                freshlyCleared.put(key, h.amount());
            }
        }
        return new Decision(ResponseCode.APPROVED, Optional.empty(), 0, true);
    }

    /** The amount the message with this key cleared, if it cleared something just now; taken once. */
    synchronized Optional<Long> takeCleared(String key) {
        return Optional.ofNullable(freshlyCleared.remove(key));
    }

    private long delayOf(String card) {
        Account acc = accounts.get(card);
        return acc == null ? 0 : acc.issuer().responseDelayMillis();
    }

    private Decision remember(String key, Decision d) {
        decided.put(key, d);
        return d;
    }

    private static Decision decline(ResponseCode code, long delay) {
        return new Decision(code, Optional.empty(), delay, true);
    }

    private ApprovalCode approvalCode() {
        return new ApprovalCode(String.format("%06d", random.nextInt(1_000_000)));
    }
}
