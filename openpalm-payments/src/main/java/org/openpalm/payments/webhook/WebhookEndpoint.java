package org.openpalm.payments.webhook;

import java.net.URI;
import java.time.Instant;
import java.util.Objects;
import org.openpalm.payments.ids.MerchantId;
import org.openpalm.payments.ids.WebhookEndpointId;

/** Where a merchant receives payment events, and the secret their signatures use. */
public record WebhookEndpoint(WebhookEndpointId id, MerchantId merchant, URI url, WebhookSecret secret, Instant createdAt) {
    public WebhookEndpoint {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(merchant, "merchant");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
