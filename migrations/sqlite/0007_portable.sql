-- Indexes for the SQL both databases share: email compared by lower(email), users ordered by
-- lower(name) (what COLLATE NOCASE does, in words PostgreSQL also reads).
CREATE INDEX IF NOT EXISTS users_email_lower ON users(lower(email));
CREATE INDEX IF NOT EXISTS users_company_active_lower_name ON users(company_id, active, lower(name));
