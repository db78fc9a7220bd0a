-- Portal sign-in attempts per subject and UTC day: 'phone:' + SHA-256 of the number (never the
-- number), or 'client:' + the client address (IPv6: its /64). Backoff and daily cap, see PortalConfig.
CREATE TABLE portal_attempts (
    subject         VARCHAR(100) PRIMARY KEY,
    attempt_day     DATE         NOT NULL,
    attempts        INTEGER      NOT NULL,
    last_attempt_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX portal_attempts_day ON portal_attempts (attempt_day);
