-- Nonces of signed terminal requests: a second use of one is a replay.
CREATE TABLE terminal_nonces (
    terminal_id VARCHAR(40) NOT NULL,
    nonce       VARCHAR(64) NOT NULL,
    expires_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (terminal_id, nonce)
);
CREATE INDEX terminal_nonces_expiry ON terminal_nonces (expires_at);
