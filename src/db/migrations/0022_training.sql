-- Training paths for aidants, published by the territorial hub: modules (text, links, files),
-- dated sessions with a capacity and a waiting list, attendance, and an attestation with a
-- verification code that anyone can check at a public address.
CREATE TABLE training_paths (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations(id),
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  summary text NOT NULL DEFAULT '' CHECK (length(summary) <= 2000),
  published boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE training_modules (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  path_id uuid NOT NULL REFERENCES training_paths(id) ON DELETE CASCADE,
  position integer NOT NULL,
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  body text NOT NULL DEFAULT '' CHECK (length(body) <= 20000),
  links jsonb NOT NULL DEFAULT '[]',
  UNIQUE (path_id, position)
);

CREATE TABLE training_files (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  module_id uuid NOT NULL REFERENCES training_modules(id) ON DELETE CASCADE,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  content_type text NOT NULL,
  content bytea NOT NULL CHECK (octet_length(content) <= 5242880),
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE training_sessions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  path_id uuid NOT NULL REFERENCES training_paths(id) ON DELETE CASCADE,
  starts_at timestamptz NOT NULL,
  place text NOT NULL CHECK (length(place) BETWEEN 1 AND 300),
  capacity integer NOT NULL CHECK (capacity BETWEEN 1 AND 500)
);
CREATE INDEX training_sessions_path_idx ON training_sessions (path_id, starts_at);

-- 'enrolled' up to the capacity, then 'waiting' in order of arrival; a place freed goes to the first waiting.
CREATE TABLE training_enrolments (
  session_id uuid NOT NULL REFERENCES training_sessions(id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users(id),
  status text NOT NULL CHECK (status IN ('enrolled', 'waiting')),
  attended boolean,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  PRIMARY KEY (session_id, user_id)
);
CREATE INDEX training_enrolments_user_idx ON training_enrolments (user_id);

-- The attestation keeps what it certifies as it was on the day (name, organisation, path).
CREATE TABLE training_attestations (
  code text PRIMARY KEY,
  path_id uuid NOT NULL REFERENCES training_paths(id),
  user_id uuid NOT NULL REFERENCES users(id),
  holder_name text NOT NULL,
  organisation_name text NOT NULL,
  path_title text NOT NULL,
  session_id uuid REFERENCES training_sessions(id) ON DELETE SET NULL,
  issued_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (path_id, user_id)
);

-- A programme may require a trained aidant in a venue before qualifying it.
ALTER TABLE programmes ADD COLUMN requires_trained_aidant boolean NOT NULL DEFAULT false;
