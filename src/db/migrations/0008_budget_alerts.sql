-- The budget alert: the share of the passes' envelope (envelope minus engineering) committed
-- from which the programme's operators are warned, and when they were warned, so that one
-- crossing sends one e-mail and a later crossing (after value came back) sends another.
ALTER TABLE programmes
  ADD COLUMN budget_alert_percent smallint NOT NULL DEFAULT 90 CHECK (budget_alert_percent BETWEEN 1 AND 100),
  ADD COLUMN budget_alerted_at timestamptz;
