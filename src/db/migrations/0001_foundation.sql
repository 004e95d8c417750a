-- Foundation: organisations, accounts, sessions, throttling, programmes, audit log.
-- Every table that holds programme data carries programme_id, so it can later be partitioned
-- or distributed by programme.

CREATE TABLE organisations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  siret char(14) NOT NULL UNIQUE CHECK (siret ~ '^[0-9]{14}$'),
  kinds text[] NOT NULL CHECK (kinds <@ ARRAY['funder','operator','distributor','referrer','venue']::text[] AND cardinality(kinds) > 0),
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE users (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations(id),
  email text NOT NULL UNIQUE CHECK (email = lower(email)),
  display_name text NOT NULL,
  password_hash text,
  is_platform_admin boolean NOT NULL DEFAULT false,
  disabled_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX users_organisation_idx ON users (organisation_id);

CREATE TABLE programmes (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code text NOT NULL UNIQUE CHECK (code ~ '^[A-Z0-9]{2,10}$'),
  name text NOT NULL,
  operator_organisation_id uuid NOT NULL REFERENCES organisations(id),
  territory jsonb NOT NULL,
  envelope_cents bigint NOT NULL CHECK (envelope_cents > 0),
  engineering_cents bigint NOT NULL DEFAULT 0 CHECK (engineering_cents >= 0 AND engineering_cents < envelope_cents),
  face_value_cents integer NOT NULL DEFAULT 1000 CHECK (face_value_cents > 0),
  passes_per_carnet integer NOT NULL DEFAULT 5 CHECK (passes_per_carnet BETWEEN 1 AND 50),
  validity_months integer CHECK (validity_months > 0),
  start_date date NOT NULL,
  end_date date,
  eligibility jsonb NOT NULL,
  max_carnets_per_person integer NOT NULL DEFAULT 1 CHECK (max_carnets_per_person > 0),
  prescription_mode text NOT NULL CHECK (prescription_mode IN ('open','restricted')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (validity_months IS NOT NULL OR end_date IS NOT NULL),
  CHECK (end_date IS NULL OR end_date >= start_date)
);

-- Cost shares in basis points (1/100 of a percent); the service checks they add up to 10,000.
CREATE TABLE programme_funders (
  programme_id uuid NOT NULL REFERENCES programmes(id) ON DELETE CASCADE,
  organisation_id uuid NOT NULL REFERENCES organisations(id),
  share_bp integer NOT NULL CHECK (share_bp > 0 AND share_bp <= 10000),
  PRIMARY KEY (programme_id, organisation_id)
);

-- A user's roles, per programme. Platform admins hold users.is_platform_admin instead.
CREATE TABLE user_roles (
  programme_id uuid NOT NULL REFERENCES programmes(id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  role text NOT NULL CHECK (role IN ('operator','funder','distributor','referrer','venue')),
  granted_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (programme_id, user_id, role)
);
CREATE INDEX user_roles_user_idx ON user_roles (user_id);

-- Only the SHA-256 of a session token is stored: a database leak opens no session.
CREATE TABLE sessions (
  token_hash text PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);
CREATE INDEX sessions_user_idx ON sessions (user_id);

CREATE TABLE api_tokens (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  name text NOT NULL,
  token_hash text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  revoked_at timestamptz
);

-- Fixed-window counters shared by every server process (login failures, public look-ups).
CREATE TABLE throttle_counters (
  bucket text NOT NULL,
  window_start timestamptz NOT NULL,
  hits integer NOT NULL,
  PRIMARY KEY (bucket, window_start)
);

-- OpenID Connect sign-in in progress: state, nonce and PKCE verifier, kept in the database so
-- that the callback may reach another server process.
CREATE TABLE oidc_logins (
  state text PRIMARY KEY,
  nonce text NOT NULL,
  code_verifier text NOT NULL,
  expires_at timestamptz NOT NULL
);

CREATE TABLE audit_log (
  id bigserial PRIMARY KEY,
  programme_id uuid,
  at timestamptz NOT NULL DEFAULT now(),
  actor_user_id uuid,
  actor_organisation_id uuid,
  action text NOT NULL,
  entity_type text NOT NULL,
  entity_id text NOT NULL,
  before jsonb,
  after jsonb,
  request_id text
);
CREATE INDEX audit_log_programme_idx ON audit_log (programme_id, id DESC);
CREATE INDEX audit_log_entity_idx ON audit_log (entity_type, entity_id);
