-- Foundation schema: companies (tenants), their users and sessions, the packages they bought
-- and the benefits those granted. Every tenant-owned row carries company_id so that every
-- query can be scoped with `AND company_id = ?` without a join.
-- Instants are unix seconds (INTEGER, UTC); calendar dates are ISO 'YYYY-MM-DD' (TEXT), which
-- compare correctly as strings.

CREATE TABLE companies (
    id              INTEGER PRIMARY KEY,
    name            TEXT    NOT NULL,
    -- 'gold' | 'silver' | 'action_pack'
    partner_level   TEXT    NOT NULL CHECK (partner_level IN ('gold', 'silver', 'action_pack')),
    -- The company's Partner Center account email; alternate emails must differ from it.
    account_email   TEXT    NOT NULL,
    -- IANA time zone, used for calendar-day rules.
    time_zone       TEXT    NOT NULL DEFAULT 'UTC',
    created_at      INTEGER NOT NULL
);

CREATE TABLE users (
    id                  INTEGER PRIMARY KEY,
    company_id          INTEGER NOT NULL REFERENCES companies(id),
    -- Sign-in is by email alone, so an email is unique across the deployment (which also
    -- makes it unique within a company).
    email               TEXT    NOT NULL COLLATE NOCASE UNIQUE,
    name                TEXT    NOT NULL,
    password_hash       TEXT    NOT NULL,
    is_global_admin     INTEGER NOT NULL DEFAULT 0 CHECK (is_global_admin IN (0, 1)),
    is_mpn_partner_admin INTEGER NOT NULL DEFAULT 0 CHECK (is_mpn_partner_admin IN (0, 1)),
    active              INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at          INTEGER NOT NULL
);
CREATE INDEX users_company ON users(company_id, name);

CREATE TABLE sessions (
    -- SHA-256 of the cookie value: a stolen database does not hand out live sessions.
    token_hash  TEXT    PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE packages (
    id              INTEGER PRIMARY KEY,
    company_id      INTEGER NOT NULL REFERENCES companies(id),
    name            TEXT    NOT NULL,
    purchased_at    INTEGER NOT NULL,
    purchased_by    INTEGER REFERENCES users(id),
    price_cents     INTEGER NOT NULL,
    currency        TEXT    NOT NULL DEFAULT 'USD',
    status          TEXT    NOT NULL DEFAULT 'active',
    expires_on      TEXT    NOT NULL
);
CREATE INDEX packages_company ON packages(company_id);

CREATE TABLE benefits (
    id              INTEGER PRIMARY KEY,
    company_id      INTEGER NOT NULL REFERENCES companies(id),
    package_id      INTEGER NOT NULL REFERENCES packages(id),
    -- 'software' | 'cloud' | 'visual_studio' | 'technical' | 'go_to_market'
    category        TEXT    NOT NULL CHECK (category IN ('software', 'cloud', 'visual_studio', 'technical', 'go_to_market')),
    -- Cloud only: 'usage' (activated by assigning yourself) or 'license' (keys).
    cloud_kind      TEXT    CHECK (cloud_kind IS NULL OR cloud_kind IN ('usage', 'license')),
    name            TEXT    NOT NULL,
    quantity        INTEGER NOT NULL CHECK (quantity >= 0),
    -- 'licenses' | 'seats' | 'incidents' | 'hours' | 'credit' | 'campaigns'
    unit            TEXT    NOT NULL,
    used            INTEGER NOT NULL DEFAULT 0 CHECK (used >= 0 AND used <= quantity),
    -- 'not_activated' | 'pending' | 'active' | 'cancelled' ('expired' is derived from expires_on)
    status          TEXT    NOT NULL DEFAULT 'not_activated'
                    CHECK (status IN ('not_activated', 'pending', 'active', 'cancelled')),
    expires_on      TEXT    NOT NULL,
    -- Special instructions shown with the keys; as sensitive as the keys themselves.
    instructions    TEXT,
    -- Where an active cloud subscription is managed.
    portal_url      TEXT,
    activated_by    INTEGER REFERENCES users(id),
    activated_at    INTEGER
);
CREATE INDEX benefits_company_category ON benefits(company_id, category, name);
CREATE INDEX benefits_package ON benefits(package_id);

-- Licence keys: read only by the reveal function, never by a list.
CREATE TABLE product_keys (
    id          INTEGER PRIMARY KEY,
    benefit_id  INTEGER NOT NULL REFERENCES benefits(id),
    label       TEXT    NOT NULL,
    key_value   TEXT    NOT NULL
);
CREATE INDEX product_keys_benefit ON product_keys(benefit_id);

CREATE TABLE downloads (
    id          INTEGER PRIMARY KEY,
    benefit_id  INTEGER NOT NULL REFERENCES benefits(id),
    -- BCP 47 tag: 'en-US', 'ko-KR', 'ja-JP', 'de-DE', ...
    language    TEXT    NOT NULL,
    -- 'win64' | 'win32' | 'winarm64' | 'macos' | 'linux'
    os          TEXT    NOT NULL,
    file_name   TEXT    NOT NULL,
    size_bytes  INTEGER NOT NULL,
    sha256      TEXT    NOT NULL,
    url         TEXT    NOT NULL
);
CREATE INDEX downloads_benefit ON downloads(benefit_id);

-- Who holds a benefit (a cloud subscription assigned to oneself; later seats and technical
-- benefits). One user holds a benefit at most once.
CREATE TABLE benefit_assignments (
    id          INTEGER PRIMARY KEY,
    company_id  INTEGER NOT NULL REFERENCES companies(id),
    benefit_id  INTEGER NOT NULL REFERENCES benefits(id),
    user_id     INTEGER NOT NULL REFERENCES users(id),
    assigned_by INTEGER NOT NULL REFERENCES users(id),
    assigned_at INTEGER NOT NULL,
    UNIQUE (benefit_id, user_id)
);

-- Every reveal of keys: it decides whether a package can still be refunded.
CREATE TABLE key_reveals (
    id          INTEGER PRIMARY KEY,
    company_id  INTEGER NOT NULL REFERENCES companies(id),
    benefit_id  INTEGER NOT NULL REFERENCES benefits(id),
    user_id     INTEGER NOT NULL REFERENCES users(id),
    revealed_at INTEGER NOT NULL
);
CREATE INDEX key_reveals_benefit ON key_reveals(benefit_id);

-- The audit trail: who did what to which benefit, when. Never holds secret values.
CREATE TABLE audit_events (
    id          INTEGER PRIMARY KEY,
    company_id  INTEGER NOT NULL REFERENCES companies(id),
    user_id     INTEGER REFERENCES users(id),
    action      TEXT    NOT NULL,
    benefit_id  INTEGER REFERENCES benefits(id),
    detail      TEXT,
    at          INTEGER NOT NULL
);
CREATE INDEX audit_company_at ON audit_events(company_id, at);
