-- Entry by palm (issue 17): per-merchant entry consents, tickets (validity windows) and every entry made.
CREATE TABLE entry_consents (
    merchant_id   VARCHAR(40) NOT NULL REFERENCES merchants (id),
    customer_id   VARCHAR(40) NOT NULL REFERENCES customers (id),
    text_version  VARCHAR(40) NOT NULL,
    channel       VARCHAR(16) NOT NULL,
    granted_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    withdrawn_at  TIMESTAMP WITH TIME ZONE,
    PRIMARY KEY (merchant_id, customer_id)
);
CREATE INDEX entry_consents_customer ON entry_consents (customer_id);

CREATE TABLE access_tickets (
    id           VARCHAR(40)  PRIMARY KEY,
    merchant_id  VARCHAR(40)  NOT NULL REFERENCES merchants (id),
    customer_id  VARCHAR(40)  NOT NULL REFERENCES customers (id),
    holder_name  VARCHAR(100) NOT NULL,
    valid_from   TIMESTAMP WITH TIME ZONE NOT NULL,
    valid_until  TIMESTAMP WITH TIME ZONE NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX access_tickets_holder ON access_tickets (merchant_id, customer_id);
CREATE INDEX access_tickets_customer ON access_tickets (customer_id);

-- customer_id is NULL for an unrecognised palm, and after the customer's erasure.
CREATE TABLE entries (
    id          VARCHAR(40) PRIMARY KEY,
    merchant_id VARCHAR(40) NOT NULL,
    store_id    VARCHAR(40) NOT NULL,
    terminal_id VARCHAR(40) NOT NULL,
    customer_id VARCHAR(40),
    allowed     BOOLEAN     NOT NULL,
    reason      VARCHAR(40) NOT NULL,
    entered_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX entries_merchant_time ON entries (merchant_id, entered_at);
CREATE INDEX entries_customer ON entries (customer_id);
