-- The journal's per-account indexes serve no query of the platform: the ledger check and the
-- reconciliation read the whole journal in order, settlement reads by posting date, payments by
-- payment id. Each cost every ledger insert two more B-tree insertions into pages that every
-- concurrent payment shares (a merchant's account is on every one of its transfers).
DROP INDEX ledger_transfers_debit;
DROP INDEX ledger_transfers_credit;
