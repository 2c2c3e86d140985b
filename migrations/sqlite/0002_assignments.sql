-- Handing benefits to people (Visual Studio seats, technical and go-to-market benefits), the
-- company's users, notifications, service requests, and durable background jobs.

-- A user added by an admin signs in after setting a password through an invitation link.
ALTER TABLE users ADD COLUMN invited_at INTEGER;

CREATE TABLE invitations (
    token_hash  TEXT    PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL,
    used_at     INTEGER
);

-- Type-ahead search over names and emails: word-prefix queries stay fast with 10,000 users.
CREATE VIRTUAL TABLE users_fts USING fts5(
    name, email, content = 'users', content_rowid = 'id', tokenize = "unicode61 tokenchars '@.-_'"
);
INSERT INTO users_fts (rowid, name, email) SELECT id, name, email FROM users;
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

-- Technical benefits: who requested activation, where instructions go, and what support
-- issues once it is active.
ALTER TABLE benefit_assignments ADD COLUMN alternate_email TEXT;
ALTER TABLE benefits ADD COLUMN access_id TEXT;
ALTER TABLE benefits ADD COLUMN contract_id TEXT;

-- The company's marketing contact for go-to-market benefits (one per company).
CREATE TABLE marketing_contacts (
    company_id          INTEGER PRIMARY KEY REFERENCES companies(id),
    user_id             INTEGER NOT NULL REFERENCES users(id),
    alternate_email     TEXT    NOT NULL,
    phone               TEXT    NOT NULL,
    preferred_language  TEXT    NOT NULL,
    updated_by          INTEGER NOT NULL REFERENCES users(id),
    updated_at          INTEGER NOT NULL
);

-- A go-to-market benefit activated in one of the types open to the company's partner level.
CREATE TABLE gtm_activations (
    id              INTEGER PRIMARY KEY,
    company_id      INTEGER NOT NULL REFERENCES companies(id),
    benefit_id      INTEGER NOT NULL REFERENCES benefits(id),
    type_code       TEXT    NOT NULL,
    status          TEXT    NOT NULL CHECK (status IN ('pending', 'active', 'cancelled')),
    requested_by    INTEGER NOT NULL REFERENCES users(id),
    requested_at    INTEGER NOT NULL,
    activated_at    INTEGER,
    expires_on      TEXT,
    UNIQUE (benefit_id, type_code)
);

-- Every email the product sends. `sent_at` is set once an SMTP server accepted it.
CREATE TABLE emails (
    id          INTEGER PRIMARY KEY,
    company_id  INTEGER NOT NULL REFERENCES companies(id),
    to_address  TEXT    NOT NULL,
    subject     TEXT    NOT NULL,
    body        TEXT    NOT NULL,
    created_at  INTEGER NOT NULL,
    sent_at     INTEGER,
    last_error  TEXT
);
CREATE INDEX emails_company_created ON emails(company_id, created_at DESC);
CREATE INDEX emails_unsent ON emails(sent_at) WHERE sent_at IS NULL;

-- Service requests: advisory hours and cancellations. The case number is what people quote.
CREATE TABLE service_requests (
    id              INTEGER PRIMARY KEY,
    company_id      INTEGER NOT NULL REFERENCES companies(id),
    case_number     TEXT    NOT NULL UNIQUE,
    kind            TEXT    NOT NULL CHECK (kind IN ('advisory_hours', 'cancellation')),
    status          TEXT    NOT NULL CHECK (status IN ('open', 'in_progress', 'resolved', 'refunded', 'rejected')),
    title           TEXT    NOT NULL,
    description     TEXT    NOT NULL DEFAULT '',
    benefit_id      INTEGER REFERENCES benefits(id),
    package_id      INTEGER REFERENCES packages(id),
    phase           TEXT,
    product         TEXT,
    hours           INTEGER,
    contact_phone   TEXT,
    time_zone       TEXT,
    filed_by        INTEGER NOT NULL REFERENCES users(id),
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    resolution      TEXT,
    -- A retried submission carries the same key and gets the first answer back.
    idempotency_key TEXT,
    UNIQUE (company_id, idempotency_key)
);
CREATE INDEX service_requests_company ON service_requests(company_id, created_at DESC);

-- Durable background work (activations that "take several days"). A job is done exactly once:
-- its effect and `done_at` are written in one transaction.
CREATE TABLE jobs (
    id          INTEGER PRIMARY KEY,
    kind        TEXT    NOT NULL,
    company_id  INTEGER NOT NULL REFERENCES companies(id),
    target_id   INTEGER NOT NULL,
    -- The language of the requester, for the emails the job sends.
    lang        TEXT    NOT NULL DEFAULT 'en',
    run_at      INTEGER NOT NULL,
    created_at  INTEGER NOT NULL,
    done_at     INTEGER
);
CREATE INDEX jobs_due ON jobs(run_at) WHERE done_at IS NULL;
