-- Claim, then call, then settle (issue: money moves once). A capture, void or refund is first
-- claimed on its payment, in a short version-checked transaction of its own, before the card
-- network is called; while a claim stands no other movement of that payment reaches the network.
ALTER TABLE payments ADD COLUMN pending_kind VARCHAR(16);
ALTER TABLE payments ADD COLUMN pending_amount_minor BIGINT;
ALTER TABLE payments ADD COLUMN pending_refund_id VARCHAR(40);
ALTER TABLE payments ADD COLUMN pending_claimed_at TIMESTAMP WITH TIME ZONE;
-- Recovery looks for claims older than a minute: their calls were cut by a crash or a lost answer.
CREATE INDEX payments_pending_claims ON payments (pending_claimed_at);

-- Every movement the network accepted, under the network's own reference (ISO 8583 fields 41, 11
-- and 7 of the message): the bridge between the network's clearing file and the ledger. A repeated
-- message has the same reference and is recorded once.
CREATE TABLE network_movements (
    reference    VARCHAR(64)  PRIMARY KEY,
    payment_id   VARCHAR(40)  NOT NULL REFERENCES payments (id),
    kind         VARCHAR(16)  NOT NULL,
    amount_minor BIGINT       NOT NULL CHECK (amount_minor >= 0),
    currency     CHAR(3)      NOT NULL,
    transfer_id  VARCHAR(128),
    recorded_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX network_movements_payment ON network_movements (payment_id);
