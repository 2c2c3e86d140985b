-- The audit trail becomes a page: who an action was done to (a seat's holder, a user whose
-- roles changed), and the orders the page reads in (a person, as actor or subject; a benefit).
ALTER TABLE audit_events ADD COLUMN subject_user_id INTEGER REFERENCES users(id);
CREATE INDEX IF NOT EXISTS audit_company_actor ON audit_events(company_id, user_id, at);
CREATE INDEX IF NOT EXISTS audit_company_subject ON audit_events(company_id, subject_user_id, at);
CREATE INDEX IF NOT EXISTS audit_company_benefit ON audit_events(company_id, benefit_id, at);

-- Append-only, whatever the code does: the database refuses to change or remove an entry.
CREATE TRIGGER IF NOT EXISTS audit_events_no_update BEFORE UPDATE ON audit_events
BEGIN
    SELECT RAISE(ABORT, 'audit_events is append-only');
END;
CREATE TRIGGER IF NOT EXISTS audit_events_no_delete BEFORE DELETE ON audit_events
BEGIN
    SELECT RAISE(ABORT, 'audit_events is append-only');
END;
