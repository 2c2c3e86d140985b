-- Buying packages from the catalogue (idempotently) and cancelling them for a refund.

ALTER TABLE packages ADD COLUMN catalogue_code TEXT;
-- A retried purchase carries the same key and gets the first package back.
ALTER TABLE packages ADD COLUMN idempotency_key TEXT;
ALTER TABLE packages ADD COLUMN cancelled_at INTEGER;
CREATE UNIQUE INDEX packages_idempotency ON packages(company_id, idempotency_key) WHERE idempotency_key IS NOT NULL;

-- One open cancellation per package at a time.
CREATE UNIQUE INDEX service_requests_open_cancellation
    ON service_requests(package_id) WHERE kind = 'cancellation' AND status IN ('open', 'in_progress');

CREATE INDEX key_reveals_company ON key_reveals(company_id, benefit_id);
