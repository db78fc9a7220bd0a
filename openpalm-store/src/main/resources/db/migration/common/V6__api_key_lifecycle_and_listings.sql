-- API keys get a life cycle (several per merchant, revocable) and a display prefix (the first
-- 8 characters of the key, enough to tell keys apart); the key itself is still never stored.
ALTER TABLE api_keys ADD COLUMN display_prefix VARCHAR(8);
ALTER TABLE api_keys ADD COLUMN created_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL;
ALTER TABLE api_keys ADD COLUMN revoked_at TIMESTAMP WITH TIME ZONE;
CREATE INDEX api_keys_merchant ON api_keys (merchant_id);

-- Dashboard listings (newest first, keyset pages) and the terminal's pending-payment poll.
CREATE INDEX payments_merchant_created ON payments (merchant_id, created_at, id);
CREATE INDEX payments_terminal_created ON payments (terminal_id, created_at);
CREATE INDEX ledger_transfers_posted ON ledger_transfers (posted_at);
