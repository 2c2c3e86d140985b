-- Hardening after the probe of 2026-12-01 (issue 8).
-- (An email address becomes unique per company instead of across the deployment: SQLite can
-- only drop that constraint by rebuilding `users`, which needs foreign keys off, which it
-- ignores inside the transaction a migration runs in. `server::db::rebuild_users` does it
-- right after the migrations, in its own transaction.)

-- 1. The outbox. `body` is what people may read (secrets redacted); `sealed_body` is the
--    deliverable text, encrypted with the data key, readable only by the mail transport and
--    wiped once the email is sent or given up. Each email is claimed with a lease, retried with
--    backoff and marked failed after a few tries, so one rejected email never blocks the rest.
ALTER TABLE emails ADD COLUMN topic TEXT NOT NULL DEFAULT 'account';
ALTER TABLE emails ADD COLUMN user_id INTEGER REFERENCES users(id);
ALTER TABLE emails ADD COLUMN sealed_body TEXT;
ALTER TABLE emails ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE emails ADD COLUMN next_attempt_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE emails ADD COLUMN lease_until INTEGER;
ALTER TABLE emails ADD COLUMN failed_at INTEGER;
-- Replaced by a newer email (a resent invitation): never to be delivered.
ALTER TABLE emails ADD COLUMN withdrawn_at INTEGER;
-- Older emails get their recipient, so each person keeps their history on Notifications.
UPDATE emails SET user_id = (SELECT u.id FROM users u
                              WHERE u.company_id = emails.company_id AND u.email = emails.to_address)
 WHERE user_id IS NULL;
UPDATE emails SET topic = 'go_to_market' WHERE to_address IN (SELECT alternate_email FROM marketing_contacts);
DROP INDEX emails_unsent;
CREATE INDEX emails_due ON emails(next_attempt_at) WHERE sent_at IS NULL AND failed_at IS NULL AND withdrawn_at IS NULL;
CREATE INDEX emails_company_user ON emails(company_id, user_id);
-- Invitation emails stored before this change held their one-time link in clear: redact them,
-- and end those invitations (an admin sends a new one from Users).
UPDATE emails SET body = '[The invitation link was removed from this copy.]', topic = 'invitation'
 WHERE body LIKE '%/welcome?token=%';
UPDATE invitations SET expires_at = 0 WHERE used_at IS NULL;

-- 2. Failed sign-ins, shared by every server: per account and address (with backoff) and per
--    address alone. `key` is a hash, so the table holds no email or address in clear.
CREATE TABLE sign_in_throttle (
    key             TEXT    PRIMARY KEY,
    failures        INTEGER NOT NULL,
    window_start    INTEGER NOT NULL,
    blocked_until   INTEGER NOT NULL DEFAULT 0
);

-- 3. The language a service request was filed in: the email telling its outcome, sent later
--    by an operator command, is worded in it.
ALTER TABLE service_requests ADD COLUMN lang TEXT NOT NULL DEFAULT 'en';

-- 4. A go-to-market benefit's quantity counts the types requested on it (it was not counted,
--    so a benefit of one could have two): count them, within what the CHECK allows.
UPDATE benefits SET used = MIN(quantity, (SELECT COUNT(*) FROM gtm_activations g
                                           WHERE g.benefit_id = benefits.id AND g.status <> 'cancelled'))
 WHERE category = 'go_to_market';

-- 5. The marketing contact's phone as it was typed, shown back as such; `phone` stays the
--    normalised form.
ALTER TABLE marketing_contacts ADD COLUMN phone_display TEXT;
