-- Reminders to people whose carnet lies unused, measured: each carnet is drawn once, the first
-- time a reminder could go to it, into the reminded group or the holdout group that is never
-- reminded; comparing the two groups' later use gives the effect of reminding, per campaign.
CREATE TABLE reminder_campaigns (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  programme_id uuid NOT NULL REFERENCES programmes(id) ON DELETE CASCADE,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
  holdout_percent smallint NOT NULL DEFAULT 10 CHECK (holdout_percent BETWEEN 0 AND 50),
  after_days smallint NOT NULL DEFAULT 30 CHECK (after_days BETWEEN 1 AND 365),
  before_expiry_days smallint NOT NULL DEFAULT 30 CHECK (before_expiry_days BETWEEN 1 AND 365),
  sms boolean NOT NULL DEFAULT false,
  -- The draw of a carnet is a hash of this seed and the carnet's id: reproducible, not guessable.
  seed text NOT NULL DEFAULT replace(gen_random_uuid()::text, '-', ''),
  started_at timestamptz NOT NULL DEFAULT now(),
  ended_at timestamptz,
  created_by uuid REFERENCES users(id)
);
-- One campaign runs at a time in a programme.
CREATE UNIQUE INDEX reminder_campaigns_open_idx ON reminder_campaigns (programme_id) WHERE ended_at IS NULL;

-- A carnet is drawn once for good: a held-out person stays held out in later campaigns.
CREATE TABLE reminder_enrolments (
  carnet_id uuid PRIMARY KEY REFERENCES carnets(id),
  campaign_id uuid NOT NULL REFERENCES reminder_campaigns(id) ON DELETE CASCADE,
  arm text NOT NULL CHECK (arm IN ('reminded', 'holdout')),
  reason text NOT NULL CHECK (reason IN ('unused', 'expiry', 'distributor')),
  enrolled_at timestamptz NOT NULL DEFAULT now(),
  reminders smallint NOT NULL DEFAULT 0,
  last_reminded_at timestamptz,
  expiry_reminded_at timestamptz
);
CREATE INDEX reminder_enrolments_campaign_idx ON reminder_enrolments (campaign_id, arm);

-- Every programme runs reminders from its start, with the defaults; the operator may end the
-- campaign or start another with other settings.
CREATE FUNCTION open_default_reminder_campaign() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO reminder_campaigns (programme_id, name) VALUES (NEW.id, 'Relances automatiques');
  RETURN NEW;
END $$;
CREATE TRIGGER programmes_reminder_campaign AFTER INSERT ON programmes
  FOR EACH ROW EXECUTE FUNCTION open_default_reminder_campaign();
INSERT INTO reminder_campaigns (programme_id, name) SELECT id, 'Relances automatiques' FROM programmes;

-- Text messages go through the same outbox as e-mails (kept and shown when no provider is set).
ALTER TABLE outbox_emails ADD COLUMN channel text NOT NULL DEFAULT 'email' CHECK (channel IN ('email', 'sms'));
