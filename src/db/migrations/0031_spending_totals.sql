-- What the used passes paid for, kept as the validations are written, as the ledger's balances
-- are (migration 0021): totals per venue, per theme and per month of use, so that the dashboard
-- no longer groups every validation of a programme on each view (50,000 validations at 20,000
-- venues: 88 of the dashboard's 112 ms). Each statement that writes validations appends its
-- deltas (no row is updated, so validations at one venue never queue on its total); a compaction
-- folds them into `spending_totals` now and then. A reader sums both in one statement.
--
-- `key` is the venue's id, the theme ('' when none was given) or the month of use ('YYYY-MM', Paris).
CREATE TABLE spending_totals (
  programme_id uuid NOT NULL REFERENCES programmes(id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('venue', 'theme', 'month')),
  key text NOT NULL,
  passes integer NOT NULL,
  cents bigint NOT NULL,
  PRIMARY KEY (programme_id, kind, key)
);
-- The venues with the most passes, read in order from the index (ties by id, in byte order).
CREATE INDEX spending_totals_rank_idx ON spending_totals (programme_id, kind, passes DESC, key COLLATE "C");

CREATE TABLE spending_deltas (
  programme_id uuid NOT NULL,
  kind text NOT NULL,
  key text NOT NULL,
  passes integer NOT NULL,
  cents bigint NOT NULL
);
CREATE INDEX spending_deltas_programme_idx ON spending_deltas (programme_id);

-- The three totals a validation counts in (inlined by the planner: a plain SQL function).
CREATE FUNCTION spending_keys(venue uuid, theme text, day date) RETURNS TABLE (kind text, key text)
  LANGUAGE sql IMMUTABLE AS $$
  VALUES ('venue', venue::text), ('theme', COALESCE(theme, '')), ('month', to_char(day, 'YYYY-MM'))
$$;

-- The validations a statement wrote, undid, changed or removed: what they counted for before
-- (taken away) and after (added), per kind and key. Only live validations count. An update
-- reads only the rows whose counted columns changed: drawing up a statement sets
-- `statement_id` on thousands of validations and changes no total.
CREATE FUNCTION spending_on_redemptions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO spending_deltas (programme_id, kind, key, passes, cents)
    SELECT m.programme_id, k.kind, k.key, sum(m.passes), sum(m.amount_cents)
      FROM moved_new m CROSS JOIN LATERAL spending_keys(m.venue_organisation_id, m.service_id, m.created_on) k
     WHERE m.undone_at IS NULL
     GROUP BY 1, 2, 3;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO spending_deltas (programme_id, kind, key, passes, cents)
    SELECT m.programme_id, k.kind, k.key, -sum(m.passes), -sum(m.amount_cents)
      FROM moved_old m CROSS JOIN LATERAL spending_keys(m.venue_organisation_id, m.service_id, m.created_on) k
     WHERE m.undone_at IS NULL
     GROUP BY 1, 2, 3;
  ELSE
    WITH changed AS (
      SELECT o.id FROM moved_old o JOIN moved_new n ON n.id = o.id
       WHERE (o.undone_at IS NULL, o.programme_id, o.venue_organisation_id, o.service_id, o.created_on, o.passes, o.amount_cents)
             IS DISTINCT FROM
             (n.undone_at IS NULL, n.programme_id, n.venue_organisation_id, n.service_id, n.created_on, n.passes, n.amount_cents)
    ), moves AS (
      SELECT o.programme_id, o.venue_organisation_id, o.service_id, o.created_on, -o.passes AS passes, -o.amount_cents AS cents
        FROM moved_old o WHERE o.undone_at IS NULL AND o.id IN (SELECT id FROM changed)
      UNION ALL
      SELECT n.programme_id, n.venue_organisation_id, n.service_id, n.created_on, n.passes, n.amount_cents
        FROM moved_new n WHERE n.undone_at IS NULL AND n.id IN (SELECT id FROM changed)
    )
    INSERT INTO spending_deltas (programme_id, kind, key, passes, cents)
    SELECT m.programme_id, k.kind, k.key, sum(m.passes), sum(m.cents)
      FROM moves m CROSS JOIN LATERAL spending_keys(m.venue_organisation_id, m.service_id, m.created_on) k
     GROUP BY 1, 2, 3
    HAVING sum(m.passes) <> 0 OR sum(m.cents) <> 0;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER redemptions_spending_insert AFTER INSERT ON redemptions
  REFERENCING NEW TABLE AS moved_new FOR EACH STATEMENT EXECUTE FUNCTION spending_on_redemptions();
CREATE TRIGGER redemptions_spending_update AFTER UPDATE ON redemptions
  REFERENCING OLD TABLE AS moved_old NEW TABLE AS moved_new FOR EACH STATEMENT EXECUTE FUNCTION spending_on_redemptions();
CREATE TRIGGER redemptions_spending_delete AFTER DELETE ON redemptions
  REFERENCING OLD TABLE AS moved_old FOR EACH STATEMENT EXECUTE FUNCTION spending_on_redemptions();

-- The validations written so far, folded in once.
INSERT INTO spending_totals (programme_id, kind, key, passes, cents)
SELECT r.programme_id, k.kind, k.key, sum(r.passes), sum(r.amount_cents)
  FROM redemptions r CROSS JOIN LATERAL spending_keys(r.venue_organisation_id, r.service_id, r.created_on) k
 WHERE r.undone_at IS NULL
 GROUP BY 1, 2, 3;
