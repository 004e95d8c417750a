-- An orientation carries, with the person's consent, what the referrer typed, so the designated
-- prescriber hands the carnet without asking again. Those data are erased at the outcome (carnet
-- handed, or orientation closed with a reason) and after ORIENTATION_DAYS in any case.
ALTER TABLE orientations ADD COLUMN person jsonb;
ALTER TABLE orientations ADD COLUMN closed_at timestamptz;
ALTER TABLE orientations ADD COLUMN closed_reason text;
ALTER TABLE orientations ADD COLUMN closed_by uuid REFERENCES users(id);
CREATE INDEX orientations_pending_idx ON orientations (programme_id, created_at) WHERE carnet_id IS NULL AND closed_at IS NULL;
