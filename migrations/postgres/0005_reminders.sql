-- Expiry reminders: each company's thresholds (days before a benefit ends, largest first).
ALTER TABLE companies ADD COLUMN reminder_days TEXT NOT NULL DEFAULT '60,30,7';

-- One row per benefit and threshold told: the primary key is what makes a reminder go out
-- exactly once, however many servers sweep at the same time.
CREATE TABLE expiry_reminders (
    benefit_id      BIGINT  NOT NULL REFERENCES benefits(id),
    threshold_days  BIGINT  NOT NULL,
    sent_at         BIGINT  NOT NULL,
    PRIMARY KEY (benefit_id, threshold_days)
);

-- A person's calendar feed of expiry dates. Only the SHA-256 of the secret in its address is
-- kept: a stolen database does not hand out feeds. Renewing replaces the row; revoking deletes it.
CREATE TABLE calendar_feeds (
    user_id     BIGINT  PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    token_hash  TEXT    NOT NULL UNIQUE,
    -- The language its events are written in: the owner's when they made it.
    lang        TEXT    NOT NULL DEFAULT 'en',
    created_at  BIGINT  NOT NULL
);
