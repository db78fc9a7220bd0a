-- Phone numbers at rest: sealed with AES-256-GCM under a data key (key id, nonce, ciphertext, the
-- customer id as associated data) and found by a keyed hash (HMAC-SHA-256 under the look-up key of
-- the key file). The plain column stays only for rows written before: the server seals them at
-- start-up (JdbcStorage.sealPlainPhoneNumbers) and sets it to NULL; nothing writes it any more.
ALTER TABLE customers ALTER COLUMN phone DROP NOT NULL;
ALTER TABLE customers ADD COLUMN phone_hash CHAR(64);
ALTER TABLE customers ADD COLUMN phone_key_id VARCHAR(64);
ALTER TABLE customers ADD COLUMN phone_nonce BYTEA;
ALTER TABLE customers ADD COLUMN phone_ciphertext BYTEA;
CREATE UNIQUE INDEX customers_phone_hash ON customers (phone_hash);
