-- Terminal roles: only a kiosk enrols. Terminals registered before keep reading palms.
ALTER TABLE terminals ADD COLUMN role VARCHAR(10) DEFAULT 'reader' NOT NULL;
ALTER TABLE terminals ADD CONSTRAINT terminals_role CHECK (role IN ('reader', 'kiosk', 'gate'));

-- Phone checks of enrolments in progress: a salted SHA-256 over the phone and the one-time code,
-- never the code or the phone. A row is deleted when its code is used.
CREATE TABLE enrolment_phone_checks (
    id              VARCHAR(40)  PRIMARY KEY,
    salt            VARCHAR(32)  NOT NULL,
    code_hash       VARCHAR(64)  NOT NULL,
    issued_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    failed_attempts INTEGER      NOT NULL
);
CREATE INDEX enrolment_phone_checks_expiry ON enrolment_phone_checks (expires_at);

-- The SHA-256 of every palm capture received (payments and enrolments), shared by all servers:
-- a capture seen again from another origin is a replay. No template or image is kept.
CREATE TABLE palm_capture_digests (
    digest     VARCHAR(64)  PRIMARY KEY,
    origin     VARCHAR(120) NOT NULL,
    seen_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    forget_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX palm_capture_digests_forget ON palm_capture_digests (forget_at);

-- Palm presentation counters (per payment; per terminal and minute), shared by all servers.
CREATE TABLE palm_presentation_counts (
    scope          VARCHAR(120) PRIMARY KEY,
    presentations  INTEGER      NOT NULL,
    forget_at      TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX palm_presentation_counts_forget ON palm_presentation_counts (forget_at);
