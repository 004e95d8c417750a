-- What a redemption pays for: the workshop (and its session when dated), and why the number
-- of passes differs from the workshop's price when it does. Attendance of a session is the count
-- of its live redemptions.
ALTER TABLE redemptions ADD COLUMN workshop_id uuid REFERENCES workshops(id) ON DELETE SET NULL;
ALTER TABLE redemptions ADD COLUMN session_id uuid REFERENCES workshop_sessions(id) ON DELETE SET NULL;
ALTER TABLE redemptions ADD COLUMN count_reason text;
CREATE INDEX redemptions_session_idx ON redemptions (session_id) WHERE session_id IS NOT NULL;
CREATE INDEX redemptions_venue_day_idx ON redemptions (venue_organisation_id, created_at DESC);
