-- Pending portal sign-in codes are found by the phone's keyed hash, not the number. Codes live
-- five minutes: the pending ones are dropped, the shopper asks for a new one.
DROP TABLE portal_codes;
CREATE TABLE portal_codes (
    phone_hash      CHAR(64)    PRIMARY KEY,
    salt            CHAR(32)    NOT NULL,
    code_hash       CHAR(64)    NOT NULL,
    issued_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    failed_attempts INTEGER     NOT NULL
);
