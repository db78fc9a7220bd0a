-- Fingerprints of the keys this database's data is sealed with, recorded by the first server to
-- start on it: a server holding other keys (its own fresh key file, a wrong shared path) refuses
-- to start instead of writing rows the others cannot read. A fingerprint is an HMAC under the key
-- of a fixed text: it identifies the key without revealing it.
CREATE TABLE key_fingerprints (
    kind        VARCHAR(20)  NOT NULL,
    key_id      VARCHAR(64)  NOT NULL,
    fingerprint CHAR(64)     NOT NULL,
    recorded_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (kind, key_id)
);
