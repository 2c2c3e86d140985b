-- An email address is unique within a company, not across the deployment: a unique index
--    that spans companies told one company's admin whether an address existed at another, and
--    let them claim another company's addresses first. The same person may hold an account at
--    each company they work with; sign-in asks which when one password opens several.
CREATE TABLE users_new (
    id                  INTEGER PRIMARY KEY,
    company_id          INTEGER NOT NULL REFERENCES companies(id),
    email               TEXT    NOT NULL COLLATE NOCASE,
    name                TEXT    NOT NULL,
    password_hash       TEXT    NOT NULL,
    is_global_admin     INTEGER NOT NULL DEFAULT 0 CHECK (is_global_admin IN (0, 1)),
    is_mpn_partner_admin INTEGER NOT NULL DEFAULT 0 CHECK (is_mpn_partner_admin IN (0, 1)),
    active              INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at          INTEGER NOT NULL,
    invited_at          INTEGER,
    -- Added by migration 0010, which runs before this rebuild.
    last_sign_in_at     INTEGER,
    UNIQUE (company_id, email)
);
INSERT INTO users_new (id, company_id, email, name, password_hash, is_global_admin,
                       is_mpn_partner_admin, active, created_at, invited_at, last_sign_in_at)
     SELECT id, company_id, email, name, password_hash, is_global_admin,
            is_mpn_partner_admin, active, created_at, invited_at, last_sign_in_at FROM users;
DROP TABLE users;
ALTER TABLE users_new RENAME TO users;
CREATE INDEX users_company ON users(company_id, name);
CREATE INDEX users_email ON users(email COLLATE NOCASE);
CREATE INDEX users_active_global_admins ON users(company_id, name) WHERE is_global_admin = 1 AND active = 1;
CREATE INDEX users_company_active_name ON users(company_id, active, name COLLATE NOCASE);
CREATE TRIGGER users_fts_insert AFTER INSERT ON users BEGIN
    INSERT INTO users_fts (rowid, name, email) VALUES (new.id, new.name, new.email);
END;
CREATE TRIGGER users_fts_delete AFTER DELETE ON users BEGIN
    INSERT INTO users_fts (users_fts, rowid, name, email) VALUES ('delete', old.id, old.name, old.email);
END;
CREATE TRIGGER users_fts_update AFTER UPDATE OF name, email ON users BEGIN
    INSERT INTO users_fts (users_fts, rowid, name, email) VALUES ('delete', old.id, old.name, old.email);
    INSERT INTO users_fts (rowid, name, email) VALUES (new.id, new.name, new.email);
END;

-- Case-insensitive lookups and ordering that read the same on SQLite and PostgreSQL.
CREATE INDEX IF NOT EXISTS users_email_lower ON users(lower(email));
CREATE INDEX IF NOT EXISTS users_company_active_lower_name ON users(company_id, active, lower(name));
CREATE INDEX IF NOT EXISTS users_company_active_order ON users(company_id, active, lower(name), id);
CREATE INDEX IF NOT EXISTS users_company_order ON users(company_id, lower(name), id);
