-- IBANs are kept encrypted at rest, like pass codes: AES-256-GCM under a key derived from
-- PASSNUM_SECRET, which the database never sees. A masked form serves every screen; only the
-- SEPA and CSV files of a payment batch open the sealed value. Rows written before this
-- migration are sealed when a server or `passnum migrate` starts (they need the key).
ALTER TABLE bank_accounts ADD COLUMN iban_sealed bytea;
ALTER TABLE bank_accounts ADD COLUMN iban_masked text;
ALTER TABLE bank_accounts ALTER COLUMN iban DROP NOT NULL;
ALTER TABLE programmes ADD COLUMN debtor_iban_sealed bytea;
ALTER TABLE programmes ADD COLUMN debtor_iban_masked text;
