-- Service requests grow: support incidents (a request against the remaining incidents, like
-- advisory hours), withdrawal while open, and the history of every status change. SQLite
-- changes a CHECK only by rebuilding the table; nothing references it, so no foreign key is
-- touched.
CREATE TABLE service_requests_new (
    id              INTEGER PRIMARY KEY,
    company_id      INTEGER NOT NULL REFERENCES companies(id),
    case_number     TEXT    NOT NULL UNIQUE,
    kind            TEXT    NOT NULL CHECK (kind IN ('advisory_hours', 'cancellation', 'support_incident')),
    status          TEXT    NOT NULL CHECK (status IN ('open', 'in_progress', 'resolved', 'refunded', 'rejected', 'withdrawn')),
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
    idempotency_key TEXT,
    lang            TEXT    NOT NULL DEFAULT 'en',
    UNIQUE (company_id, idempotency_key)
);
INSERT INTO service_requests_new
     SELECT id, company_id, case_number, kind, status, title, description, benefit_id, package_id, phase,
            product, hours, contact_phone, time_zone, filed_by, created_at, updated_at, resolution,
            idempotency_key, lang
       FROM service_requests;
DROP TABLE service_requests;
ALTER TABLE service_requests_new RENAME TO service_requests;
CREATE INDEX service_requests_company ON service_requests(company_id, created_at DESC);
CREATE UNIQUE INDEX service_requests_open_cancellation
    ON service_requests(package_id) WHERE kind = 'cancellation' AND status IN ('open', 'in_progress');

-- Every status a request went through, who moved it there (none for the operator), and why.
CREATE TABLE service_request_events (
    id          INTEGER PRIMARY KEY,
    request_id  INTEGER NOT NULL REFERENCES service_requests(id),
    status      TEXT    NOT NULL,
    note        TEXT,
    by_user     INTEGER REFERENCES users(id),
    at          INTEGER NOT NULL
);
CREATE INDEX service_request_events_request ON service_request_events(request_id, at);
INSERT INTO service_request_events (request_id, status, by_user, at)
     SELECT id, 'open', filed_by, created_at FROM service_requests;
INSERT INTO service_request_events (request_id, status, note, at)
     SELECT id, status, resolution, updated_at FROM service_requests WHERE status <> 'open';
