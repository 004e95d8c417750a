-- A beneficiary's anonymous answer about a workshop paid with a pass: one per redeemed pass (a
-- second answer replaces the first). The key is a hash of the pass's code hash: it lets the
-- person answer again, while no view or export shows anything that leads back to a pass or a
-- person. The day only, not the time, is kept.
CREATE TABLE evaluations (
  answer_key bytea PRIMARY KEY,
  programme_id uuid NOT NULL REFERENCES programmes(id),
  venue_organisation_id uuid REFERENCES organisations(id),
  theme text,
  satisfaction smallint NOT NULL CHECK (satisfaction BETWEEN 1 AND 5),
  autonomy_before text NOT NULL CHECK (autonomy_before IN ('accompagne', 'partiel', 'autonome')),
  autonomy_after text NOT NULL CHECK (autonomy_after IN ('accompagne', 'partiel', 'autonome')),
  recommend boolean NOT NULL,
  comment text CHECK (length(comment) <= 1000),
  answered_on date NOT NULL DEFAULT current_date
);
CREATE INDEX evaluations_programme_idx ON evaluations (programme_id);
