-- Venues: the places of the public directory (applied, imported or both), their workshops,
-- the history of qualification decisions, bank details held for confirmation, invitations,
-- generic e-mails in the outbox, and the log of directory imports.

-- A place of digital mediation (or of carnet distribution). It belongs to the organisation that
-- redeems and is paid (null for an imported place nobody has claimed yet). Places are shared by
-- programmes: a programme qualifies the organisation, in venue_qualifications.
CREATE TABLE venues (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid REFERENCES organisations(id),
  source text NOT NULL,
  source_ref text,
  siret char(14) CHECK (siret ~ '^[0-9]{14}$'),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  address text NOT NULL,
  address_complement text,
  postcode char(5) NOT NULL CHECK (postcode ~ '^[0-9]{5}$'),
  commune_insee char(5) NOT NULL,
  commune_name text NOT NULL,
  latitude double precision NOT NULL CHECK (latitude BETWEEN -90 AND 90),
  longitude double precision NOT NULL CHECK (longitude BETWEEN -180 AND 180),
  -- x = longitude, y = latitude: a GiST index answers "within this box" for distance searches.
  location point GENERATED ALWAYS AS (point(longitude, latitude)) STORED,
  phone text,
  email text,
  website text,
  opening_hours text,
  summary text,
  description text,
  typologies text[] NOT NULL DEFAULT '{}',
  services text[] NOT NULL DEFAULT '{}',
  publics text[] NOT NULL DEFAULT '{}',
  specific_support text[] NOT NULL DEFAULT '{}',
  access_modes text[] NOT NULL DEFAULT '{}',
  support_modes text[] NOT NULL DEFAULT '{}',
  national_programmes text[] NOT NULL DEFAULT '{}',
  itinerant boolean NOT NULL DEFAULT false,
  -- People the venue says it can accompany per week: the yardstick of the capacity fraud signal.
  weekly_capacity integer CHECK (weekly_capacity > 0),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (source, source_ref)
);
CREATE INDEX venues_location_idx ON venues USING gist (location);
CREATE INDEX venues_organisation_idx ON venues (organisation_id);
CREATE INDEX venues_commune_idx ON venues (commune_insee);
CREATE INDEX venues_postcode_idx ON venues (postcode);

ALTER TABLE venue_qualifications ADD COLUMN applied_at timestamptz NOT NULL DEFAULT now();
ALTER TABLE venue_qualifications ADD COLUMN charter_accepted_at timestamptz;
CREATE INDEX venue_qualifications_qualified_idx ON venue_qualifications (organisation_id, programme_id)
  WHERE status = 'qualified';

-- Every decision, kept: the current state lives in venue_qualifications.
CREATE TABLE venue_qualification_events (
  id bigserial PRIMARY KEY,
  programme_id uuid NOT NULL REFERENCES programmes(id) ON DELETE CASCADE,
  organisation_id uuid NOT NULL REFERENCES organisations(id),
  status text NOT NULL,
  reason text,
  renewal_date date,
  decided_by uuid REFERENCES users(id),
  decided_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX venue_qualification_events_idx ON venue_qualification_events (programme_id, organisation_id, id);

CREATE TABLE workshops (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  venue_id uuid NOT NULL REFERENCES venues(id) ON DELETE CASCADE,
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  service text NOT NULL,
  level text NOT NULL CHECK (level IN ('initiation','perfectionnement')),
  format text NOT NULL CHECK (format IN ('individual','collective','remote')),
  duration_minutes integer NOT NULL CHECK (duration_minutes BETWEEN 15 AND 600),
  price_passes integer NOT NULL CHECK (price_passes BETWEEN 1 AND 10),
  description text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX workshops_venue_idx ON workshops (venue_id);

CREATE TABLE workshop_sessions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workshop_id uuid NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
  starts_at timestamptz NOT NULL,
  capacity integer NOT NULL CHECK (capacity BETWEEN 1 AND 500),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (workshop_id, starts_at)
);

-- Bank details: a new IBAN waits (pending) until the operator confirms it, so that a hijacked
-- account cannot divert payments. At most one confirmed and one pending per organisation.
CREATE TABLE bank_accounts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations(id),
  holder text NOT NULL,
  iban text NOT NULL CHECK (iban ~ '^[A-Z]{2}[0-9]{2}[A-Z0-9]{10,30}$'),
  bic text NOT NULL CHECK (bic ~ '^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$'),
  status text NOT NULL CHECK (status IN ('pending','confirmed','rejected','superseded')),
  submitted_by uuid REFERENCES users(id),
  submitted_at timestamptz NOT NULL DEFAULT now(),
  decided_by uuid REFERENCES users(id),
  decided_at timestamptz
);
CREATE UNIQUE INDEX bank_accounts_confirmed_idx ON bank_accounts (organisation_id) WHERE status = 'confirmed';
CREATE UNIQUE INDEX bank_accounts_pending_idx ON bank_accounts (organisation_id) WHERE status = 'pending';

-- A first user invited by e-mail chooses a password with a one-time token (only its hash kept).
CREATE TABLE user_invitations (
  token_hash text PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  expires_at timestamptz NOT NULL,
  used_at timestamptz
);

-- Plain e-mails (decisions, invitations) go through the same outbox as carnets; the body is
-- erased with the address once sent.
ALTER TABLE outbox_emails ALTER COLUMN programme_id DROP NOT NULL;
ALTER TABLE outbox_emails ADD COLUMN subject text;
ALTER TABLE outbox_emails ADD COLUMN body text;

CREATE TABLE venue_imports (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  programme_id uuid NOT NULL REFERENCES programmes(id),
  format text NOT NULL CHECK (format IN ('standard','france-services')),
  file_name text,
  created_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  -- A preview runs the whole import in a transaction that is then rolled back.
  dry_run boolean NOT NULL,
  rows_read integer NOT NULL,
  created integer NOT NULL,
  updated integer NOT NULL,
  unchanged integer NOT NULL,
  out_of_territory integer NOT NULL,
  rejected jsonb NOT NULL
);
