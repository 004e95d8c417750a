-- Vouchers: venue qualifications (the part redemption needs), jobs, orders, carnets, passes,
-- beneficiaries, redemptions, idempotency and the double-entry ledger.

-- Which venues may redeem a programme's passes. The Venues work adds the application, history
-- and renewal around this table.
CREATE TABLE venue_qualifications (
  programme_id uuid NOT NULL REFERENCES programmes(id) ON DELETE CASCADE,
  organisation_id uuid NOT NULL REFERENCES organisations(id),
  status text NOT NULL CHECK (status IN ('pending','qualified','changes_requested','refused','suspended','withdrawn')),
  decided_at timestamptz NOT NULL DEFAULT now(),
  reason text,
  renewal_date date,
  PRIMARY KEY (programme_id, organisation_id)
);

-- One registry for batch work (issuance now; statements, exports, reminders later), with its
-- execution log: who started it, progress, outcome. Claimed with FOR UPDATE SKIP LOCKED, so
-- several server processes share the queue; a crashed run is retried once its lease expires.
CREATE TABLE jobs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  programme_id uuid REFERENCES programmes(id),
  kind text NOT NULL,
  payload jsonb NOT NULL,
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued','running','done','failed')),
  progress real NOT NULL DEFAULT 0,
  attempts integer NOT NULL DEFAULT 0,
  lease_until timestamptz,
  result jsonb,
  error text,
  created_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  started_at timestamptz,
  finished_at timestamptz
);
CREATE INDEX jobs_claim_idx ON jobs (created_at) WHERE status IN ('queued','running');

CREATE TABLE carnet_orders (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  programme_id uuid NOT NULL REFERENCES programmes(id),
  carnets integer NOT NULL CHECK (carnets BETWEEN 1 AND 100000),
  value_cents bigint NOT NULL CHECK (value_cents > 0),
  job_id uuid NOT NULL REFERENCES jobs(id),
  first_sequence integer,
  created_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now()
);

-- The last carnet sequence used per programme; its row lock serialises concurrent issuances.
CREATE TABLE carnet_sequences (
  programme_id uuid PRIMARY KEY REFERENCES programmes(id) ON DELETE CASCADE,
  last_sequence integer NOT NULL DEFAULT 0
);

CREATE TABLE beneficiaries (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  programme_id uuid NOT NULL REFERENCES programmes(id),
  -- HMAC of (normalised name, birth date): finds the same person again without storing who it is.
  fingerprint bytea NOT NULL,
  birth_year smallint NOT NULL,
  birth_month smallint NOT NULL CHECK (birth_month BETWEEN 1 AND 12),
  commune_insee text NOT NULL,
  public_category text NOT NULL,
  sex text CHECK (sex IN ('F','M','X')),
  -- Only with consent to reminders.
  consent_reminders boolean NOT NULL DEFAULT false,
  first_name text,
  last_name text,
  email text,
  phone text,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (consent_reminders OR (first_name IS NULL AND last_name IS NULL AND email IS NULL AND phone IS NULL))
);
CREATE INDEX beneficiaries_fingerprint_idx ON beneficiaries (programme_id, fingerprint);

CREATE TABLE carnets (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  programme_id uuid NOT NULL REFERENCES programmes(id),
  order_id uuid NOT NULL REFERENCES carnet_orders(id),
  sequence integer NOT NULL,
  serial text NOT NULL UNIQUE,
  -- Null while in the operator's stock, else the distributor holding it.
  holder_organisation_id uuid REFERENCES organisations(id),
  beneficiary_id uuid REFERENCES beneficiaries(id),
  distributed_at timestamptz,
  distributed_by uuid REFERENCES organisations(id),
  replaces_carnet_id uuid REFERENCES carnets(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (programme_id, sequence)
);
CREATE INDEX carnets_holder_idx ON carnets (programme_id, holder_organisation_id) WHERE beneficiary_id IS NULL;
CREATE INDEX carnets_beneficiary_idx ON carnets (beneficiary_id);

CREATE TABLE passes (
  id bigserial PRIMARY KEY,
  programme_id uuid NOT NULL REFERENCES programmes(id),
  carnet_id uuid NOT NULL REFERENCES carnets(id),
  number smallint NOT NULL,
  code_hash bytea NOT NULL UNIQUE,
  code_sealed bytea NOT NULL,
  value_cents integer NOT NULL CHECK (value_cents > 0),
  state text NOT NULL DEFAULT 'issued'
    CHECK (state IN ('issued','distributed','redeemed','reimbursed','cancelled','expired')),
  expires_on date,
  state_changed_at timestamptz NOT NULL DEFAULT now(),
  cancel_reason text,
  UNIQUE (carnet_id, number)
);
CREATE INDEX passes_state_idx ON passes (programme_id, state);

CREATE TABLE redemptions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  programme_id uuid NOT NULL REFERENCES programmes(id),
  venue_organisation_id uuid NOT NULL REFERENCES organisations(id),
  service_id text,
  amount_cents bigint NOT NULL CHECK (amount_cents > 0),
  created_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  undone_at timestamptz,
  statement_id uuid
);
CREATE INDEX redemptions_venue_idx ON redemptions (venue_organisation_id, created_at);

-- The database itself forbids a pass in two live redemptions.
CREATE TABLE redemption_passes (
  redemption_id uuid NOT NULL REFERENCES redemptions(id),
  pass_id bigint NOT NULL REFERENCES passes(id),
  programme_id uuid NOT NULL,
  active boolean NOT NULL DEFAULT true,
  PRIMARY KEY (redemption_id, pass_id)
);
CREATE UNIQUE INDEX redemption_passes_one_live ON redemption_passes (pass_id) WHERE active;

-- Same key from the same caller, same answer; nothing done twice.
CREATE TABLE idempotency_keys (
  caller text NOT NULL,
  key text NOT NULL,
  request_hash text NOT NULL,
  status_code integer NOT NULL,
  response jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (caller, key)
);

-- Double entry: each row moves an amount from one account to another, so the journal balances
-- by construction; an account's balance is what came in minus what went out. Accounts:
-- 'programme' (the envelope for passes), 'stock:operator', 'stock:<organisation>',
-- 'distributed', 'owed:<venue>', 'paid'.
CREATE TABLE ledger_entries (
  id bigserial PRIMARY KEY,
  programme_id uuid NOT NULL REFERENCES programmes(id),
  at timestamptz NOT NULL DEFAULT now(),
  event text NOT NULL,
  from_account text NOT NULL,
  to_account text NOT NULL,
  amount_cents bigint NOT NULL CHECK (amount_cents > 0),
  ref_type text NOT NULL,
  ref_id text NOT NULL,
  CHECK (from_account <> to_account)
);
CREATE INDEX ledger_programme_idx ON ledger_entries (programme_id, id);
