-- Restricted prescription (Lozère): any insertion actor orients a person; only a designated
-- prescriber hands the carnet. The orientation is kept by fingerprint, never by name.
CREATE TABLE orientations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  programme_id uuid NOT NULL REFERENCES programmes(id),
  referrer_organisation_id uuid NOT NULL REFERENCES organisations(id),
  fingerprint bytea NOT NULL,
  created_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  carnet_id uuid REFERENCES carnets(id)
);
CREATE INDEX orientations_fingerprint_idx ON orientations (programme_id, fingerprint);
