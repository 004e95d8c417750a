-- The day, in Paris, each carnet was handed out, kept in its pre-aggregate row: the dashboard
-- groups by month of hand-out and by age, and filters by period, on this date instead of
-- converting every row's timestamp to Paris time on each view (measured on the national data set:
-- that conversion was most of the dashboard's time on a programme of 70,000 carnets).
-- Declared immutable so that a generated column may use it: it is, as long as the time-zone
-- rules of Europe/Paris are not changed for the past (the same caveat as any stored local date).
CREATE FUNCTION paris_date(t timestamptz) RETURNS date
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT (t AT TIME ZONE 'Europe/Paris')::date $$;

ALTER TABLE carnet_usage ADD COLUMN distributed_on date GENERATED ALWAYS AS (paris_date(distributed_at)) STORED;
