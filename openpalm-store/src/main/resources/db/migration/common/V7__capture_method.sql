-- When an authorised payment is captured: MANUAL (the merchant captures or voids later) or
-- AUTOMATIC (captured as one sale right after approval). Payments made before are manual.
ALTER TABLE payments ADD COLUMN capture_method VARCHAR(16) DEFAULT 'MANUAL' NOT NULL;
