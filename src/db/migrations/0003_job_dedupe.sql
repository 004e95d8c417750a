-- Scheduled jobs (daily expiry) are enqueued by every server process; the key makes one win.
ALTER TABLE jobs ADD COLUMN dedupe_key text UNIQUE;
