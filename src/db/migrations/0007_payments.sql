-- Paying venues: statements (relevés) of redeemed passes, payment batches (SEPA credit
-- transfers), and the programme's payment settings.

-- How often statements are drawn up, and the operator's account that pays the venues.
ALTER TABLE programmes ADD COLUMN statement_period text NOT NULL DEFAULT 'monthly'
  CHECK (statement_period IN ('weekly','monthly','quarterly'));
ALTER TABLE programmes ADD COLUMN debtor_name text;
ALTER TABLE programmes ADD COLUMN debtor_iban text CHECK (debtor_iban ~ '^[A-Z]{2}[0-9]{2}[A-Z0-9]{10,30}$');
ALTER TABLE programmes ADD COLUMN debtor_bic text CHECK (debtor_bic ~ '^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$');

-- Payment batches: one SEPA file each. The creation time is kept so that downloading the file
-- again yields the very same bytes; the request key makes a double click one batch.
CREATE TABLE payment_batches (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  programme_id uuid NOT NULL REFERENCES programmes(id),
  reference text NOT NULL UNIQUE CHECK (length(reference) <= 20),
  request_key text NOT NULL,
  status text NOT NULL DEFAULT 'created' CHECK (status IN ('created','paid')),
  execution_date date NOT NULL,
  amount_cents bigint NOT NULL CHECK (amount_cents >= 0),
  created_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  paid_on date,
  UNIQUE (programme_id, request_key)
);

-- A statement per venue and period. Its amount is fixed when the operator validates it.
CREATE TABLE statements (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  programme_id uuid NOT NULL REFERENCES programmes(id),
  venue_organisation_id uuid NOT NULL REFERENCES organisations(id),
  reference text NOT NULL UNIQUE CHECK (length(reference) <= 35),
  period_start date NOT NULL,
  period_end date NOT NULL CHECK (period_end >= period_start),
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','submitted','validated','in_batch','paid')),
  amount_cents bigint,
  created_at timestamptz NOT NULL DEFAULT now(),
  submitted_at timestamptz,
  submitted_by uuid REFERENCES users(id),
  validated_at timestamptz,
  validated_by uuid REFERENCES users(id),
  batch_id uuid REFERENCES payment_batches(id),
  paid_on date,
  UNIQUE (programme_id, venue_organisation_id, period_start),
  CHECK ((status IN ('in_batch','paid')) = (batch_id IS NOT NULL)),
  CHECK (status IN ('draft','submitted') OR amount_cents IS NOT NULL)
);
CREATE INDEX statements_batch_idx ON statements (batch_id);
CREATE INDEX statements_status_idx ON statements (programme_id, status);

-- One line per redeemed pass. A line the operator rejects either goes back to the venue's list
-- ('returned': the pass will be on a later statement) or is cancelled with its pass.
CREATE TABLE statement_lines (
  statement_id uuid NOT NULL REFERENCES statements(id),
  pass_id bigint NOT NULL REFERENCES passes(id),
  redemption_id uuid NOT NULL REFERENCES redemptions(id),
  programme_id uuid NOT NULL,
  amount_cents integer NOT NULL CHECK (amount_cents > 0),
  status text NOT NULL DEFAULT 'included' CHECK (status IN ('included','returned','cancelled')),
  reject_reason text,
  PRIMARY KEY (statement_id, pass_id),
  CHECK ((status = 'included') = (reject_reason IS NULL))
);
-- A pass is on at most one statement at a time.
CREATE UNIQUE INDEX statement_lines_live_pass ON statement_lines (pass_id) WHERE status <> 'returned';

-- The account a statement is paid to, fixed when it enters a batch: the file stays the same
-- even if the venue changes its IBAN afterwards.
ALTER TABLE statements ADD COLUMN bank_account_id uuid REFERENCES bank_accounts(id);
CREATE SEQUENCE statement_numbers;
CREATE SEQUENCE batch_numbers;
