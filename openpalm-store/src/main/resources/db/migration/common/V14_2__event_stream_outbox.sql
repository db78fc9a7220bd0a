-- Payment events for the event stream (Kafka), written in the payment's transaction when an event
-- stream is configured (transactional outbox); a relay publishes them and marks them published.
-- claimed_by names the relay holding the claim: a payment's later event is not taken while another
-- relay holds an earlier one, so a payment's events reach the stream in order.
CREATE TABLE event_stream_outbox (
    event_id        VARCHAR(40)  PRIMARY KEY,
    merchant_id     VARCHAR(40)  NOT NULL,
    event_type      VARCHAR(40)  NOT NULL,
    payment_id      VARCHAR(40)  NOT NULL,
    payment_version BIGINT       NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    locked_until    TIMESTAMP WITH TIME ZONE,
    claimed_by      VARCHAR(64),
    published_at    TIMESTAMP WITH TIME ZONE
);
CREATE INDEX event_stream_outbox_unpublished ON event_stream_outbox (published_at, created_at);
CREATE INDEX event_stream_outbox_payment ON event_stream_outbox (payment_id, payment_version);
