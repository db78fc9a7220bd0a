-- The audit log is append-only: any UPDATE or DELETE of an entry fails. (Verification still finds
-- tampering by someone who drops these triggers: see AuditChain.)
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
    FOR EACH ROW CALL 'org.openpalm.store.AppendOnlyTrigger';
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
    FOR EACH ROW CALL 'org.openpalm.store.AppendOnlyTrigger';
