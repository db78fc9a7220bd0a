package org.openpalm.payments.webhook;

import java.time.Instant;
import java.util.List;
import org.openpalm.payments.ids.DeliveryId;
import org.openpalm.payments.ids.MerchantId;

/** Port: webhook endpoints and the outbox of deliveries. */
public interface WebhookRepository {
    void saveEndpoint(WebhookEndpoint endpoint);

    List<WebhookEndpoint> endpointsOf(MerchantId merchant);

    /**
     * Writes one delivery per endpoint of the events' merchant and event; call inside the
     * payment's transaction. The events (one state change may raise two, e.g. an automatically
     * captured sale) belong to one merchant, so its endpoints are read once.
     */
    void enqueue(List<OutboxEvent> events);

    /** Deliveries due at {@code now}, not delivered, not given up, not locked by another dispatcher. */
    List<Delivery> due(Instant now, int limit);

    /** Takes the delivery for this dispatcher until {@code lockedUntil}; false when another has it. */
    boolean lock(DeliveryId id, Instant now, Instant lockedUntil);

    /** Fixes the body at the first attempt (later calls keep the first body). */
    void saveBody(DeliveryId id, String body);

    void delivered(DeliveryId id, int attempts, Instant at);

    /** Records a failed attempt; {@code giveUp} ends retries. */
    void failed(DeliveryId id, int attempts, Instant nextAttemptAt, String error, boolean giveUp);

    /** Deliveries neither delivered nor given up (for tests and operations). */
    int pendingCount();
}
