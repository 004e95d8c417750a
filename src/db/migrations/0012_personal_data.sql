-- Personal data of beneficiaries (RGPD): each programme keeps it for a period after the hand-out,
-- then a daily job erases it; an operator erases it earlier at the person's request. Kept after
-- erasure: the fingerprint (the one-carnet rule), birth year, commune and category (anonymous
-- statistics), never a name or a contact.
ALTER TABLE programmes ADD COLUMN personal_data_retention_months integer NOT NULL DEFAULT 24
  CHECK (personal_data_retention_months BETWEEN 1 AND 120);
ALTER TABLE beneficiaries ALTER COLUMN birth_month DROP NOT NULL;
ALTER TABLE beneficiaries ADD COLUMN erased_at timestamptz;
ALTER TABLE beneficiaries ADD COLUMN erased_because text CHECK (erased_because IN ('retention', 'request'));
CREATE INDEX beneficiaries_to_erase_idx ON beneficiaries (created_at) WHERE erased_at IS NULL;
