-- Pre-enrolment from the shopper's phone: palms stored PENDING_CONFIRMATION until the first palm
-- payment matches one of them 1:1 at a reader (then ACTIVE). Only ACTIVE palms are loaded into
-- the identifier, so no search finds a pending palm.
ALTER TABLE palm_enrolments ADD COLUMN status VARCHAR(24) DEFAULT 'ACTIVE' NOT NULL;

-- One row per pending customer: the hint that finds it at a reader (the phone's last four digits,
-- as palm_enrolments.hint), when it lapses (deleted unconfirmed) and the failed confirmations.
CREATE TABLE pre_enrolments (
    customer_id          VARCHAR(40) PRIMARY KEY REFERENCES customers (id),
    hint                 CHAR(4)     NOT NULL,
    created_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    failed_confirmations INTEGER     NOT NULL
);
CREATE INDEX pre_enrolments_hint ON pre_enrolments (hint);
CREATE INDEX pre_enrolments_expiry ON pre_enrolments (expires_at);
