-- The day, in Paris, of each validation, stored with it: the dashboard totals what the passes
-- paid for by month of use, and converting every validation's timestamp to Paris time on each
-- view was a third of that query's time on a programme of 47,000 validations (30 of 99 ms).
ALTER TABLE redemptions ADD COLUMN created_on date GENERATED ALWAYS AS (paris_date(created_at)) STORED;
