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

-- Validations written by one statement (one at the counter, thousands in a load): what the live
-- ones count for, summed per kind and key.
CREATE FUNCTION spending_on_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO spending_deltas (programme_id, kind, key, passes, cents)
  SELECT m.programme_id, k.kind, k.key, sum(m.passes), sum(m.amount_cents)
    FROM added m CROSS JOIN LATERAL spending_keys(m.venue_organisation_id, m.service_id, m.created_on) k
   WHERE m.undone_at IS NULL
   GROUP BY 1, 2, 3;
  RETURN NULL;
END $$;
CREATE TRIGGER redemptions_spending_insert AFTER INSERT ON redemptions
  REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION spending_on_insert();

-- A validation undone, changed or removed: what it counted for before is taken away, what it
-- counts for after is added. Row by row, and only for the rows whose counted columns changed
-- (the WHEN clause, checked before any call): drawing up a statement sets `statement_id` on
-- thousands of validations, and capturing them all for a statement-level trigger cost 0.3 s per
-- 70,000 (measured in psql), for nothing.
CREATE FUNCTION spending_on_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO spending_deltas (programme_id, kind, key, passes, cents)
  SELECT OLD.programme_id, k.kind, k.key, -OLD.passes, -OLD.amount_cents
    FROM spending_keys(OLD.venue_organisation_id, OLD.service_id, OLD.created_on) k
   WHERE OLD.undone_at IS NULL
  UNION ALL
  SELECT NEW.programme_id, k.kind, k.key, NEW.passes, NEW.amount_cents
    FROM spending_keys(NEW.venue_organisation_id, NEW.service_id, NEW.created_on) k
   WHERE TG_OP = 'UPDATE' AND NEW.undone_at IS NULL;
  RETURN NULL;
END $$;
CREATE TRIGGER redemptions_spending_update AFTER UPDATE ON redemptions FOR EACH ROW
  WHEN ((OLD.undone_at IS NULL, OLD.programme_id, OLD.venue_organisation_id, OLD.service_id, OLD.created_on, OLD.passes, OLD.amount_cents)
        IS DISTINCT FROM
        (NEW.undone_at IS NULL, NEW.programme_id, NEW.venue_organisation_id, NEW.service_id, NEW.created_on, NEW.passes, NEW.amount_cents))
  EXECUTE FUNCTION spending_on_change();
CREATE TRIGGER redemptions_spending_delete AFTER DELETE ON redemptions FOR EACH ROW EXECUTE FUNCTION spending_on_change();

-- The validations written so far, folded in once.
INSERT INTO spending_totals (programme_id, kind, key, passes, cents)
SELECT r.programme_id, k.kind, k.key, sum(r.passes), sum(r.amount_cents)
  FROM redemptions r CROSS JOIN LATERAL spending_keys(r.venue_organisation_id, r.service_id, r.created_on) k
 WHERE r.undone_at IS NULL
 GROUP BY 1, 2, 3;
