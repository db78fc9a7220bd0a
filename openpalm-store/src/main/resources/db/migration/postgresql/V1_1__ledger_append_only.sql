-- The journal is append-only: any UPDATE or DELETE of a transfer fails.
CREATE FUNCTION ledger_transfers_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'ledger_transfers is append-only (% refused)', TG_OP;
END;
$$;

CREATE TRIGGER ledger_transfers_no_change
    BEFORE UPDATE OR DELETE ON ledger_transfers
    FOR EACH ROW EXECUTE FUNCTION ledger_transfers_append_only();
