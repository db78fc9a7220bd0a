package org.openpalm.server.http;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openpalm.payments.payment.Payment;
import org.openpalm.payments.payment.PaymentRepository;
import org.openpalm.payments.webhook.Delivery;
import org.openpalm.payments.webhook.WebhookConfig;
import org.openpalm.payments.webhook.WebhookRepository;
import org.openpalm.payments.webhook.WebhookSigner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the webhook outbox: polls due deliveries, locks each, fixes its body at the first
 * attempt, signs it (Stripe scheme, {@link WebhookSigner}) and POSTs it. A 2xx answer delivers;
 * anything else retries with exponential backoff and jitter until {@link WebhookConfig#maxAttempts()}.
 * Each delivery runs on its own virtual thread; no lock or transaction is held across the HTTP call.
 * Before each attempt the endpoint's address is checked again ({@link WebhookTargets}: a name may
 * have moved to an internal address since registration); redirects are never followed and no
 * proxy is used, so the request goes to the address checked or nowhere.
 */
public final class WebhookDispatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookDispatcher.class);

    /** The JSON sent to merchants. */
    public record WebhookBody(String id, String type, String createdAt, Data data) {}

    /** {@code loyalty}: with loyalty.points_earned and loyalty.points_redeemed, the payment's points and the member's balance. */
    public record Data(Dto.PaymentOut payment, LoyaltyDto.LoyaltyEventOut loyalty) {
        public Data(Dto.PaymentOut payment) {
            this(payment, null);
        }
    }

    private final WebhookRepository webhooks;
    private final PaymentRepository payments;
    private final WebhookConfig config;
    private final WebhookTargets targets;
    private final Clock clock;
    private final HttpClient http;
    private final Thread loop;
    private volatile boolean running = true;

    private final Optional<org.openpalm.payments.loyalty.LoyaltyStore> loyalty;

    public WebhookDispatcher(WebhookRepository webhooks, PaymentRepository payments, WebhookConfig config, WebhookTargets targets, Clock clock) {
        this(webhooks, payments, config, targets, clock, Optional.empty());
    }

    /** With {@code loyalty}: loyalty events carry the points and the balance. */
    public WebhookDispatcher(WebhookRepository webhooks, PaymentRepository payments, WebhookConfig config, WebhookTargets targets, Clock clock,
                             Optional<org.openpalm.payments.loyalty.LoyaltyStore> loyalty) {
        this.loyalty = loyalty;
        this.webhooks = webhooks;
        this.payments = payments;
        this.config = config;
        this.targets = targets;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(config.requestTimeoutMillis()))
                .followRedirects(HttpClient.Redirect.NEVER).proxy(HttpClient.Builder.NO_PROXY).build();
        this.loop = Thread.ofVirtual().name("openpalm-webhooks").unstarted(this::run);
    }

    public WebhookDispatcher start() {
        loop.start();
        return this;
    }

    private void run() {
        while (running) {
            try {
                List<Delivery> due = webhooks.due(clock.instant(), config.batchSize());
                List<Thread> threads = due.stream().map(d -> Thread.ofVirtual().name("openpalm-webhook-" + d.id()).start(() -> attempt(d))).toList();
                for (Thread t : threads) t.join();
                if (due.size() < config.batchSize()) TimeUnit.MILLISECONDS.sleep(config.pollIntervalMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.warn("webhook dispatch round failed: {}", e.getMessage());
                sleepQuietly();
            }
        }
    }

    private void sleepQuietly() {
        try {
            TimeUnit.MILLISECONDS.sleep(config.pollIntervalMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /** One attempt at one delivery (public for tests and tools). */
    void attempt(Delivery d) {
        Instant now = clock.instant();
        if (!webhooks.lock(d.id(), now, now.plusMillis(config.lockMillis()))) return;
        int attempt = d.attempts() + 1;
        String body = d.body().orElseGet(() -> {
            Optional<Payment> payment = payments.find(d.event().payment());
            String rendered = Json.write(new WebhookBody(d.event().id().value(), d.event().type(), d.event().createdAt().toString(),
                    new Data(payment.map(Dto.PaymentOut::of).orElse(null), loyaltyOf(d))));
            webhooks.saveBody(d.id(), rendered);
            return rendered;
        });
        String outcome;
        try {
            if (targets.check(d.endpoint().url()) instanceof WebhookTargets.Verdict.Refused refused) {
                throw new IllegalArgumentException("address refused: " + refused.reason());
            }
            HttpRequest request = HttpRequest.newBuilder(d.endpoint().url())
                    .timeout(Duration.ofMillis(config.requestTimeoutMillis()))
                    .header("Content-Type", "application/json")
                    .header("User-Agent", "OpenPalm-Webhooks/1")
                    .header("OpenPalm-Event-Id", d.event().id().value())
                    .header(WebhookSigner.HEADER, WebhookSigner.header(d.endpoint().secret(), clock.instant().getEpochSecond(), body))
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build();
            int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status >= 200 && status < 300) {
                webhooks.delivered(d.id(), attempt, clock.instant());
                return;
            }
            outcome = "HTTP " + status;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            outcome = "interrupted";
        } catch (java.io.IOException | IllegalArgumentException e) {
            outcome = e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        boolean giveUp = attempt >= config.maxAttempts();
        long backoff = config.backoffMillis(attempt);
        long jitter = (long) (backoff * 0.2 * ThreadLocalRandom.current().nextDouble());
        webhooks.failed(d.id(), attempt, clock.instant().plusMillis(backoff + jitter), outcome, giveUp);
        if (giveUp) LOG.warn("webhook {} to endpoint {} given up after {} attempts: {}", d.id(), d.endpoint().id(), attempt, outcome);
    }

    /** The points of a loyalty event's payment: earned (net of refunds so far) and redeemed, and the member's balance. */
    private LoyaltyDto.LoyaltyEventOut loyaltyOf(Delivery d) {
        if (!d.event().type().startsWith("loyalty.") || loyalty.isEmpty()) return null;
        var entries = loyalty.get().entriesOf(d.event().payment());
        if (entries.isEmpty()) return null;
        var e = entries.getFirst();
        long earned = entries.stream().filter(x -> x.kind() == org.openpalm.payments.loyalty.PointsEntry.Kind.EARNED).mapToLong(x -> x.points()).sum();
        long redeemed = entries.stream().filter(x -> x.kind() == org.openpalm.payments.loyalty.PointsEntry.Kind.REDEEMED).mapToLong(x -> x.points()).sum();
        return new LoyaltyDto.LoyaltyEventOut(e.customer().value(), earned, redeemed, loyalty.get().balance(e.merchant(), e.customer()));
    }

    @Override
    public void close() {
        running = false;
        loop.interrupt();
    }
}
