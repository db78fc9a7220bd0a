-- Webhook endpoints (secret AES-256-GCM encrypted, like templates) and the transactional outbox.
CREATE TABLE webhook_endpoints (
    id                VARCHAR(40)   PRIMARY KEY,
    merchant_id       VARCHAR(40)   NOT NULL REFERENCES merchants (id),
    url               VARCHAR(2000) NOT NULL,
    secret_key_id     VARCHAR(64)   NOT NULL,
    secret_nonce      BYTEA         NOT NULL,
    secret_ciphertext BYTEA         NOT NULL,
    created_at        TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX webhook_endpoints_merchant ON webhook_endpoints (merchant_id);

-- One row per event and endpoint, inserted in the transaction of the payment change.
CREATE TABLE webhook_deliveries (
    id              VARCHAR(40)  PRIMARY KEY,
    event_id        VARCHAR(40)  NOT NULL,
    endpoint_id     VARCHAR(40)  NOT NULL REFERENCES webhook_endpoints (id),
    merchant_id     VARCHAR(40)  NOT NULL,
    event_type      VARCHAR(40)  NOT NULL,
    payment_id      VARCHAR(40)  NOT NULL,
    payment_version BIGINT       NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    attempts        INTEGER      NOT NULL,
    next_attempt_at TIMESTAMP WITH TIME ZONE NOT NULL,
    locked_until    TIMESTAMP WITH TIME ZONE,
    body            VARCHAR(1000000),
    delivered_at    TIMESTAMP WITH TIME ZONE,
    given_up_at     TIMESTAMP WITH TIME ZONE,
    last_error      VARCHAR(500)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at);
