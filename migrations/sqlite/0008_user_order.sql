-- The user list and picker read a company's users in name order, a page at a time: these
-- indexes hold that order (lower(name), then id), for active users and for everyone, so a page
-- is read from the index instead of sorting the company's users.
CREATE INDEX IF NOT EXISTS users_company_active_order ON users(company_id, active, lower(name), id);
CREATE INDEX IF NOT EXISTS users_company_order ON users(company_id, lower(name), id);
