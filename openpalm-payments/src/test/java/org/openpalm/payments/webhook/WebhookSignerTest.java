package org.openpalm.payments.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WebhookSignerTest {
    final WebhookSecret secret = WebhookSecret.generate();

    @Test
    void signaturesVerifyOnlyForTheSameBodySecretAndRecentTime() {
        String body = "{\"type\":\"payment.captured\"}";
        String header = WebhookSigner.header(secret, 1_700_000_000L, body);
        assertThat(header).startsWith("t=1700000000,v1=");
        assertThat(WebhookSigner.verify(header, secret, body, 1_700_000_100L, 300)).isTrue();
        assertThat(WebhookSigner.verify(header, secret, body + " ", 1_700_000_100L, 300)).isFalse();
        assertThat(WebhookSigner.verify(header, WebhookSecret.generate(), body, 1_700_000_100L, 300)).isFalse();
        assertThat(WebhookSigner.verify(header, secret, body, 1_700_000_301L, 300)).isFalse();
        assertThat(WebhookSigner.verify("v1=abc", secret, body, 1_700_000_000L, 300)).isFalse();
        assertThat(secret.toString()).doesNotContain(secret.reveal());
    }

    @Test
    void backoffDoublesUpToTheCap() {
        WebhookConfig c = new WebhookConfig(100, 10, 1_000, 5_000, 1_000, 10, 2_000);
        assertThat(c.backoffMillis(1)).isEqualTo(1_000);
        assertThat(c.backoffMillis(2)).isEqualTo(2_000);
        assertThat(c.backoffMillis(3)).isEqualTo(4_000);
        assertThat(c.backoffMillis(4)).isEqualTo(5_000);
        assertThat(c.backoffMillis(40)).isEqualTo(5_000);
    }
}
