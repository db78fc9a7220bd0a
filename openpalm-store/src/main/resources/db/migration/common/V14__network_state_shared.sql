-- The card network link's state, shared by every server on this database (it was files in each
-- server's data directory): any server continues any payment's retry with the message first sent
-- for it (same STAN, transmission time and RRN), and any server delivers the reversals a dead one
-- left unacknowledged. Messages are packed ISO 8583 (network tokens, never card numbers).

-- The current authorisation (0100) of each payment; network_key is terminal|STAN|epoch second.
CREATE TABLE network_authorisations (
    payment_id  VARCHAR(40)  PRIMARY KEY,
    message     BYTEA        NOT NULL,
    network_key VARCHAR(80)  NOT NULL,
    reversed    BOOLEAN      NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX network_authorisations_key ON network_authorisations (network_key);

-- Captures (kind C, key payment:amount) and refunds (kind F, key refund id): the first message wins.
CREATE TABLE network_messages (
    kind        CHAR(1)      NOT NULL,
    message_key VARCHAR(100) NOT NULL,
    message     BYTEA        NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (kind, message_key)
);

-- Reversals (0400) not yet acknowledged by the network; a row goes when the network answers.
CREATE TABLE network_reversals (
    id       VARCHAR(100) PRIMARY KEY,
    advice   BYTEA        NOT NULL,
    added_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX network_reversals_added ON network_reversals (added_at);
