-- Found by the benchmark (`make bench`): with 10,000 users in a company, listing its Global
-- admins (on every `me`) scanned all of them. Few users are admins: a partial index finds them.
CREATE INDEX users_active_global_admins ON users(company_id, name) WHERE is_global_admin = 1 AND active = 1;
-- The user list and picker order by name without a filter on roles; keep that order indexed
-- for active users too.
CREATE INDEX users_company_active_name ON users(company_id, active, name COLLATE NOCASE);
