package org.openpalm.payments.idempotency;

import java.util.Objects;

/** The response given the first time, replayed for retries: a status code and a body. */
public record StoredResponse(int status, String body) {
    public StoredResponse {
        Objects.requireNonNull(body, "body");
    }
}
