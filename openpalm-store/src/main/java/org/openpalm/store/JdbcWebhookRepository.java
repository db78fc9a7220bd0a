package org.openpalm.store;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import org.openpalm.payments.ids.DeliveryId;
import org.openpalm.payments.ids.EventId;
import org.openpalm.payments.ids.MerchantId;
import org.openpalm.payments.ids.PaymentId;
import org.openpalm.payments.ids.WebhookEndpointId;
import org.openpalm.payments.webhook.Delivery;
import org.openpalm.payments.webhook.OutboxEvent;
import org.openpalm.payments.webhook.WebhookEndpoint;
import org.openpalm.payments.webhook.WebhookRepository;
import org.openpalm.payments.webhook.WebhookSecret;

/** Webhook endpoints (secrets sealed with AES-256-GCM) and the delivery outbox. */
final class JdbcWebhookRepository implements WebhookRepository {
    private static final String ENDPOINT_COLUMNS = "e.id AS e_id, e.merchant_id AS e_merchant, e.url, e.secret_key_id, e.secret_nonce, "
            + "e.secret_ciphertext, e.created_at AS e_created";
    private final JdbcTransactor tx;
    private final TemplateCipher cipher;
    /** Also write each event to the event stream's outbox ({@link JdbcEventOutbox}): only when an event stream is configured. */
    private final boolean recordEventStream;

    JdbcWebhookRepository(JdbcTransactor tx, TemplateCipher cipher) {
        this(tx, cipher, false);
    }

    JdbcWebhookRepository(JdbcTransactor tx, TemplateCipher cipher, boolean recordEventStream) {
        this.tx = tx;
        this.cipher = cipher;
        this.recordEventStream = recordEventStream;
    }

    private static String aad(String endpointId) {
        return "webhook-secret:" + endpointId;
    }

    @Override
    public void saveEndpoint(WebhookEndpoint e) {
        TemplateCipher.Sealed sealed = cipher.seal(e.secret().reveal().getBytes(StandardCharsets.UTF_8), aad(e.id().value()));
        tx.update("INSERT INTO webhook_endpoints (id, merchant_id, url, secret_key_id, secret_nonce, secret_ciphertext, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                e.id().value(), e.merchant().value(), e.url().toString(), sealed.keyId(), sealed.nonce(), sealed.ciphertext(), e.createdAt());
    }

    private WebhookEndpoint endpoint(ResultSet rs) throws SQLException {
        String id = rs.getString("e_id");
        byte[] secret = cipher.open(new TemplateCipher.Sealed(rs.getString("secret_key_id"), rs.getBytes("secret_nonce"),
                rs.getBytes("secret_ciphertext")), aad(id));
        return new WebhookEndpoint(new WebhookEndpointId(id), new MerchantId(rs.getString("e_merchant")), URI.create(rs.getString("url")),
                WebhookSecret.of(new String(secret, StandardCharsets.UTF_8)), Sql.instant(rs, "e_created"));
    }

    @Override
    public List<WebhookEndpoint> endpointsOf(MerchantId merchant) {
        return tx.run(c -> {
            try (var ps = c.prepareStatement("SELECT " + ENDPOINT_COLUMNS + " FROM webhook_endpoints e WHERE e.merchant_id = ? ORDER BY e.created_at, e.id")) {
                Sql.bind(ps, merchant.value());
                return Sql.list(ps, this::endpoint);
            }
        });
    }

    @Override
    public void enqueue(List<OutboxEvent> events) {
        if (events.isEmpty()) return;
        MerchantId merchant = events.getFirst().merchant();
        if (events.stream().anyMatch(e -> !e.merchant().equals(merchant))) throw new IllegalArgumentException("events of several merchants");
        tx.exec(c -> {
            if (recordEventStream) JdbcEventOutbox.record(c, events);
            List<String> endpoints;
            try (var ps = c.prepareStatement("SELECT id FROM webhook_endpoints WHERE merchant_id = ?")) {
                Sql.bind(ps, merchant.value());
                endpoints = Sql.list(ps, rs -> rs.getString(1));
            }
            if (endpoints.isEmpty()) return;
            try (var ps = c.prepareStatement("INSERT INTO webhook_deliveries (id, event_id, endpoint_id, merchant_id, event_type, payment_id, "
                    + "payment_version, created_at, attempts, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?)")) {
                for (OutboxEvent event : events) {
                    for (String endpoint : endpoints) {
                        Sql.bind(ps, DeliveryId.random().value(), event.id().value(), endpoint, event.merchant().value(), event.type(),
                                event.payment().value(), event.paymentVersion(), event.createdAt(), event.createdAt());
                        ps.executeUpdate();
                    }
                }
            }
        });
    }

    @Override
    public List<Delivery> due(Instant now, int limit) {
        return tx.run(c -> {
            try (var ps = c.prepareStatement("SELECT d.*, " + ENDPOINT_COLUMNS + " FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id "
                    + "WHERE d.delivered_at IS NULL AND d.given_up_at IS NULL AND d.next_attempt_at <= ? "
                    + "AND (d.locked_until IS NULL OR d.locked_until < ?) ORDER BY d.next_attempt_at, d.id FETCH FIRST " + limit + " ROWS ONLY")) {
                Sql.bind(ps, now, now);
                return Sql.list(ps, rs -> new Delivery(new DeliveryId(rs.getString("id")),
                        new OutboxEvent(new EventId(rs.getString("event_id")), new MerchantId(rs.getString("merchant_id")), rs.getString("event_type"),
                                new PaymentId(rs.getString("payment_id")), rs.getLong("payment_version"), Sql.instant(rs, "created_at")),
                        endpoint(rs), rs.getInt("attempts"), Sql.optionalString(rs, "body"), Sql.instant(rs, "next_attempt_at")));
            }
        });
    }

    @Override
    public boolean lock(DeliveryId id, Instant now, Instant lockedUntil) {
        return tx.update("UPDATE webhook_deliveries SET locked_until = ? WHERE id = ? AND (locked_until IS NULL OR locked_until < ?)",
                lockedUntil, id.value(), now) == 1;
    }

    @Override
    public void saveBody(DeliveryId id, String body) {
        tx.update("UPDATE webhook_deliveries SET body = ? WHERE id = ? AND body IS NULL", body, id.value());
    }

    @Override
    public void delivered(DeliveryId id, int attempts, Instant at) {
        tx.update("UPDATE webhook_deliveries SET attempts = ?, delivered_at = ?, locked_until = NULL WHERE id = ?", attempts, at, id.value());
    }

    @Override
    public void failed(DeliveryId id, int attempts, Instant nextAttemptAt, String error, boolean giveUp) {
        String shortError = error.length() > 500 ? error.substring(0, 500) : error;
        tx.update("UPDATE webhook_deliveries SET attempts = ?, next_attempt_at = ?, last_error = ?, locked_until = NULL, given_up_at = ? WHERE id = ?",
                attempts, nextAttemptAt, shortError, giveUp ? nextAttemptAt : null, id.value());
    }

    @Override
    public int pendingCount() {
        return tx.run(c -> {
            try (var st = c.createStatement();
                 var rs = st.executeQuery("SELECT COUNT(*) FROM webhook_deliveries WHERE delivered_at IS NULL AND given_up_at IS NULL")) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }
}
