-- A member's price is held from before authorisation (issue 17): two payments of one member at the
-- same moment must not both get the Nth item free or spend the same points. A held price
-- (settled = FALSE) counts for the member's next prices while its payment waits for the network;
-- the payment's authorisation settles it, a decline releases it. Rows before this are settled.
ALTER TABLE loyalty_applications ADD COLUMN settled BOOLEAN DEFAULT TRUE NOT NULL;
