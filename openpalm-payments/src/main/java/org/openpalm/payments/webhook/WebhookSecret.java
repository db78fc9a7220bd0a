package org.openpalm.payments.webhook;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;

/** The HMAC secret of a webhook endpoint: shown to the merchant once, stored encrypted, never logged. */
public final class WebhookSecret {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final String value;

    private WebhookSecret(String value) {
        this.value = value;
    }

    public static WebhookSecret generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return new WebhookSecret("whsec_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    public static WebhookSecret of(String value) {
        return new WebhookSecret(Objects.requireNonNull(value, "value"));
    }

    public String reveal() {
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WebhookSecret s && s.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return "WebhookSecret[****]";
    }
}
