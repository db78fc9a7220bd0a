-- Age-restricted items in a palm payment (issue 17): the minimum age the till says the basket
-- needs. After identification and before any card is asked, the payer's age attestation answers
-- it (yes or no, never a date). No personal data: a payment id and an age.
CREATE TABLE payment_age_requirements (
    payment_id  VARCHAR(40) PRIMARY KEY REFERENCES payments (id),
    minimum_age INTEGER     NOT NULL CHECK (minimum_age BETWEEN 1 AND 125)
);
