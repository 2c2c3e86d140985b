-- Seat hygiene: when each person last signed in, shown beside the seats they hold.
ALTER TABLE users ADD COLUMN last_sign_in_at BIGINT;
