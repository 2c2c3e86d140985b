-- A service request's contact phone as the person typed it ("+82 2 1234 5678"), shown on the
-- request; `contact_phone` keeps the normalised number (E.164) for anything that dials or
-- compares. The marketing contact does the same (`phone_display`). Older requests have none and
-- show the normalised number.
ALTER TABLE service_requests ADD COLUMN IF NOT EXISTS contact_phone_display TEXT;
