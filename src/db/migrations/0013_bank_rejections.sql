-- A transfer the bank rejected: its statement goes back to "validated" with the bank's reason,
-- shown to the venue and the operators until a later batch pays it.
ALTER TABLE statements ADD COLUMN bank_rejection text;
