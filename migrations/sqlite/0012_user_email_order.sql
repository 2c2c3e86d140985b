-- Users sorted by email (`UserSort::Email`), a page at a time: read in that order from this
-- index, for active users and for everyone, as the name order is (0008_user_order.sql).
CREATE INDEX IF NOT EXISTS users_company_active_email_order ON users(company_id, active, lower(email), id);
CREATE INDEX IF NOT EXISTS users_company_email_order ON users(company_id, lower(email), id);
