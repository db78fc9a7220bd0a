-- Privacy: consent channels, the hash-chained audit log, portal sign-in codes and sessions.

-- Where the last change of a consent came from (kiosk, portal, api); earlier consents came from the kiosk.
ALTER TABLE consents ADD COLUMN channel VARCHAR(16) DEFAULT 'KIOSK' NOT NULL;

-- Append-only (V5_1 triggers): hash = SHA-256(canonical entry + prev_hash), see AuditChain.
CREATE TABLE audit_log (
    seq         BIGINT        PRIMARY KEY,
    occurred_at TIMESTAMP WITH TIME ZONE NOT NULL,
    actor       VARCHAR(100)  NOT NULL,
    action      VARCHAR(40)   NOT NULL,
    subject     VARCHAR(100)  NOT NULL,
    details     VARCHAR(2000) NOT NULL,
    prev_hash   CHAR(64)      NOT NULL,
    hash        CHAR(64)      NOT NULL
);
CREATE INDEX audit_log_subject ON audit_log (subject);

-- The last entry's seq and hash, updated with every append: a removed tail shows against it, and
-- locking this one row serialises appends across processes.
CREATE TABLE audit_head (
    id   INTEGER  PRIMARY KEY CHECK (id = 1),
    seq  BIGINT   NOT NULL,
    hash CHAR(64) NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

-- One pending sign-in code per phone: salted SHA-256 only, never the code.
CREATE TABLE portal_codes (
    phone           VARCHAR(16) PRIMARY KEY,
    salt            CHAR(32)    NOT NULL,
    code_hash       CHAR(64)    NOT NULL,
    issued_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    failed_attempts INTEGER     NOT NULL
);

-- Portal sessions by SHA-256 of the cookie's token.
CREATE TABLE portal_sessions (
    token_hash  CHAR(64)    PRIMARY KEY,
    customer_id VARCHAR(40) NOT NULL REFERENCES customers (id),
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX portal_sessions_expiry ON portal_sessions (expires_at);

-- A customer's payments (history, export, retention's last use).
CREATE INDEX payments_by_customer ON payments (customer_id);
