-- The audit trail becomes a page: who an action was done to (a seat's holder, a user whose
-- roles changed), and the orders the page reads in (a person, as actor or subject; a benefit).
ALTER TABLE audit_events ADD COLUMN subject_user_id BIGINT REFERENCES users(id);
CREATE INDEX audit_company_actor ON audit_events(company_id, user_id, at);
CREATE INDEX audit_company_subject ON audit_events(company_id, subject_user_id, at);
CREATE INDEX audit_company_benefit ON audit_events(company_id, benefit_id, at);

-- Append-only, whatever the code does: the database refuses to change, remove or truncate an
-- entry. (A role that owns the table could still drop the trigger: run the servers as a role
-- that does not, see the README.)
CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_events is append-only (% refused)', TG_OP;
END
$$;
CREATE TRIGGER audit_events_no_change BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
    FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();
