-- Age attestations (issue 17): "born on or before <date>", who checked which kind of document where.
-- No document image, number or full date of birth.
CREATE TABLE age_attestations (
    customer_id       VARCHAR(40) PRIMARY KEY REFERENCES customers (id),
    born_on_or_before DATE        NOT NULL,
    staff_id          VARCHAR(40) NOT NULL,
    store_id          VARCHAR(40) NOT NULL,
    document_type     VARCHAR(24) NOT NULL,
    attested_at       TIMESTAMP WITH TIME ZONE NOT NULL
);
