-- The journal is append-only: any UPDATE or DELETE of a transfer fails.
CREATE TRIGGER ledger_transfers_no_update BEFORE UPDATE ON ledger_transfers
    FOR EACH ROW CALL 'org.openpalm.store.AppendOnlyTrigger';
CREATE TRIGGER ledger_transfers_no_delete BEFORE DELETE ON ledger_transfers
    FOR EACH ROW CALL 'org.openpalm.store.AppendOnlyTrigger';
