-- Every e-mail stays visible: without SMTP it is kept (shown to admins and operators instead of
-- being sent); with SMTP a failed sending is retried later, its attempts and last error shown.
ALTER TABLE outbox_emails DROP CONSTRAINT outbox_emails_status_check;
ALTER TABLE outbox_emails ADD CONSTRAINT outbox_emails_status_check
  CHECK (status IN ('pending','sent','failed','kept'));
ALTER TABLE outbox_emails ADD COLUMN attempts integer NOT NULL DEFAULT 0;
ALTER TABLE outbox_emails ADD COLUMN next_attempt_at timestamptz;
CREATE INDEX outbox_emails_programme_idx ON outbox_emails (programme_id, created_at DESC);
CREATE INDEX outbox_emails_created_idx ON outbox_emails (created_at DESC);

-- A job that failed waits until run_after before it is tried again (backoff).
ALTER TABLE jobs ADD COLUMN run_after timestamptz;
