-- Only claimed payments (a movement between its claim and its settlement) are ever looked up by
-- claim time; every other payment has no claim (NULL) and needs no entry. A partial index keeps
-- the recovery's lookup and spares every payment insert and update an index insertion.
-- (PostgreSQL only: H2 has no partial indexes and keeps the full one.)
DROP INDEX payments_pending_claims;
CREATE INDEX payments_pending_claims ON payments (pending_claimed_at) WHERE pending_claimed_at IS NOT NULL;
