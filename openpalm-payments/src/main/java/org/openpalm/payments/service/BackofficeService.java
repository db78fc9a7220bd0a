package org.openpalm.payments.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.openpalm.payments.ids.MerchantId;
import org.openpalm.payments.ids.PaymentId;
import org.openpalm.payments.ids.TerminalId;
import org.openpalm.payments.ledger.AccountKind;
import org.openpalm.payments.ledger.Transfer;
import org.openpalm.payments.merchant.ApiKey;
import org.openpalm.payments.merchant.ApiKeyInfo;
import org.openpalm.payments.merchant.Merchant;
import org.openpalm.payments.merchant.MerchantDirectory;
import org.openpalm.payments.merchant.Store;
import org.openpalm.payments.merchant.Terminal;
import org.openpalm.payments.money.Money;
import org.openpalm.payments.payment.Payment;
import org.openpalm.payments.payment.PaymentQueries;
import org.openpalm.payments.payment.PaymentStatus;
import org.openpalm.payments.report.DailyVolume;
import org.openpalm.payments.report.SettlementLine;
import org.openpalm.payments.report.SettlementReport;

/**
 * The read side of the merchant dashboard and the operator console (payment listings, daily
 * figures, settlement), the terminal's "which payment do I collect" question, and the API key life
 * cycle. Days are UTC days.
 */
public final class BackofficeService {
    private final Storage storage;
    private final MerchantDirectory directory;
    private final PaymentQueries queries;
    private final PaymentQueries reports;
    private final Clock clock;
    private final Duration pendingPaymentMaxAge;

    public BackofficeService(Storage storage, MerchantDirectory directory, PaymentQueries queries, BackofficeConfig config, Clock clock) {
        this(storage, directory, queries, queries, config, clock);
    }

    /** {@code reports}: where the daily volumes and settlement read (a standby may serve them; they may lag a moment). */
    public BackofficeService(Storage storage, MerchantDirectory directory, PaymentQueries queries, PaymentQueries reports,
                             BackofficeConfig config, Clock clock) {
        this.storage = Objects.requireNonNull(storage, "storage");
        this.directory = Objects.requireNonNull(directory, "directory");
        this.queries = Objects.requireNonNull(queries, "queries");
        this.reports = Objects.requireNonNull(reports, "reports");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.pendingPaymentMaxAge = Duration.ofSeconds(config.pendingPaymentMaxAgeSeconds());
    }

    // ---- payments ----

    /** One page of payments, newest first; {@code next} continues the listing when there may be more. */
    public record Page(List<Payment> payments, Optional<PaymentId> next) {
        public Page {
            payments = List.copyOf(payments);
            Objects.requireNonNull(next, "next");
        }
    }

    /** The result of listing payments. */
    public sealed interface ListOutcome {
        record Listed(Page page) implements ListOutcome {}

        /** The terminal filter names no terminal of this merchant. */
        record UnknownTerminal() implements ListOutcome {}

        /** The cursor names no payment of this merchant. */
        record UnknownCursor() implements ListOutcome {}
    }

    public ListOutcome payments(MerchantId merchant, PaymentQueries.Filter filter, Optional<PaymentId> after, int limit) {
        if (limit < 1) throw new IllegalArgumentException("limit must be positive");
        if (filter.terminal().isPresent()
                && storage.merchants().findTerminal(filter.terminal().get()).filter(t -> t.merchant().equals(merchant)).isEmpty()) {
            return new ListOutcome.UnknownTerminal();
        }
        Optional<PaymentQueries.Cursor> cursor = Optional.empty();
        if (after.isPresent()) {
            Optional<Payment> last = storage.payments().find(after.get()).filter(p -> p.merchant().equals(merchant));
            if (last.isEmpty()) return new ListOutcome.UnknownCursor();
            cursor = Optional.of(new PaymentQueries.Cursor(last.get().createdAt(), last.get().id()));
        }
        // one more than asked tells whether another page follows
        List<PaymentId> ids = queries.page(merchant, filter, cursor, limit + 1);
        List<Payment> payments = new ArrayList<>();
        for (PaymentId id : ids.subList(0, Math.min(limit, ids.size()))) storage.payments().find(id).ifPresent(payments::add);
        Optional<PaymentId> next = ids.size() > limit && !payments.isEmpty() ? Optional.of(payments.getLast().id()) : Optional.empty();
        return new ListOutcome.Listed(new Page(payments, next));
    }

    /** The payment the till created on this terminal that waits for a palm, oldest first. */
    public Optional<Payment> awaitingPalm(TerminalId terminal) {
        return queries.oldestAwaitingPalm(terminal, clock.instant().minus(pendingPaymentMaxAge))
                .flatMap(id -> storage.payments().find(id));
    }

    // ---- reports ----

    /** Every day from {@code from} to {@code to} (both included) with payments, per currency, in day order. */
    public List<DailyVolume> dailyVolumes(MerchantId merchant, LocalDate from, LocalDate to) {
        Instant start = from.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant end = to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        record Key(LocalDate day, String currency) {}
        Map<Key, DailyVolume> byDay = new TreeMap<>((a, b) -> a.day().equals(b.day()) ? a.currency().compareTo(b.currency()) : a.day().compareTo(b.day()));
        for (PaymentQueries.Attempt a : reports.attempts(merchant, start, end)) {
            boolean approved = a.wasAuthorised();
            boolean declined = a.status() == PaymentStatus.DECLINED;
            if (!approved && !declined) continue; // still open, or cancelled before any palm: not a decision
            LocalDate day = LocalDate.ofInstant(a.createdAt(), ZoneOffset.UTC);
            Key key = new Key(day, a.amount().currency().code());
            DailyVolume current = byDay.getOrDefault(key, new DailyVolume(day, 0, 0, Money.zero(a.amount().currency())));
            byDay.put(key, new DailyVolume(day, current.approved() + (approved ? 1 : 0), current.declined() + (declined ? 1 : 0),
                    approved ? current.approvedAmount().plus(a.amount()) : current.approvedAmount()));
        }
        return List.copyOf(byDay.values());
    }

    /**
     * What moved on the merchant's payable accounts on {@code day}, per payment, from the journal:
     * captures in, refunds and fees out. Holds (pending and voided authorisations) move nothing.
     */
    public SettlementReport settlement(MerchantId merchant, LocalDate day) {
        Instant start = day.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant end = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        Map<PaymentId, SettlementLine> lines = new LinkedHashMap<>();
        for (Transfer t : reports.merchantTransfers(merchant, start, end)) {
            Money amount = new Money(t.amount(), t.debit().currency());
            SettlementLine line = lines.getOrDefault(t.payment(), new SettlementLine(t.payment(), Money.zero(amount.currency()),
                    Money.zero(amount.currency()), Money.zero(amount.currency())));
            SettlementLine next = switch (t.kind()) {
                case POST_PENDING -> new SettlementLine(t.payment(), line.captured().plus(amount), line.refunded(), line.fees());
                case POSTED -> switch (t.credit().kind()) {
                    case PLATFORM_FEE -> new SettlementLine(t.payment(), line.captured(), line.refunded(), line.fees().plus(amount));
                    case CARD_FUNDING -> new SettlementLine(t.payment(), line.captured(), line.refunded().plus(amount), line.fees());
                    case MERCHANT_PAYABLE -> line; // nothing posts into a payable account directly today
                };
                case PENDING, VOID_PENDING -> line;
            };
            if (t.debit().kind() == AccountKind.MERCHANT_PAYABLE || t.credit().kind() == AccountKind.MERCHANT_PAYABLE) lines.put(t.payment(), next);
        }
        List<SettlementLine> moved = lines.values().stream()
                .filter(l -> !(l.captured().isZero() && l.refunded().isZero() && l.fees().isZero())).toList();
        Map<String, SettlementReport.Total> totals = new TreeMap<>();
        for (SettlementLine l : moved) {
            String currency = l.captured().currency().code();
            SettlementReport.Total t = totals.getOrDefault(currency, new SettlementReport.Total(currency, 0, 0, 0, 0));
            totals.put(currency, new SettlementReport.Total(currency, t.capturedMinor() + l.captured().minor(),
                    t.refundedMinor() + l.refunded().minor(), t.feesMinor() + l.fees().minor(), t.netMinor() + l.netMinor()));
        }
        return new SettlementReport(day, moved, List.copyOf(totals.values()));
    }

    // ---- merchants, stores, terminals ----

    public List<Merchant> merchants() {
        return directory.merchants();
    }

    public Optional<Merchant> merchant(MerchantId id) {
        return storage.merchants().findMerchant(id);
    }

    public List<Store> stores(MerchantId merchant) {
        return directory.storesOf(merchant);
    }

    public List<Terminal> terminals(MerchantId merchant) {
        return directory.terminalsOf(merchant);
    }

    // ---- API keys ----

    public List<ApiKeyInfo> apiKeys(MerchantId merchant) {
        return directory.apiKeysOf(merchant);
    }

    /** A new key for the merchant; shown here once, only its hash is kept. */
    public ApiKey createApiKey(MerchantId merchant) {
        ApiKey key = ApiKey.generate();
        directory.addApiKey(merchant, key.hash(), key.reveal().substring(0, ApiKeyInfo.DISPLAY_PREFIX_LENGTH), clock.instant());
        return key;
    }

    /** The result of revoking a key. */
    public sealed interface RevokeOutcome {
        record Revoked() implements RevokeOutcome {}

        /** No active key of this merchant has that id. */
        record NotFound() implements RevokeOutcome {}

        /** Refused: the merchant would be locked out of the API. */
        record LastActiveKey() implements RevokeOutcome {}
    }

    public RevokeOutcome revokeApiKey(MerchantId merchant, String keyId) {
        return storage.transactor().inTransaction(() -> {
            List<ApiKeyInfo> active = directory.apiKeysOf(merchant).stream().filter(ApiKeyInfo::active).toList();
            if (active.stream().noneMatch(k -> k.id().equals(keyId))) return new RevokeOutcome.NotFound();
            if (active.size() == 1) return new RevokeOutcome.LastActiveKey();
            return directory.revokeApiKey(merchant, keyId, clock.instant()) ? new RevokeOutcome.Revoked() : new RevokeOutcome.NotFound();
        });
    }
}
