-- The dashboard's pre-aggregate: one row per carnet handed out, with what became of its passes,
-- kept up to date in the transactions that change them, so a dashboard reads one row per carnet
-- instead of joining every pass, its carnet and its beneficiary.
CREATE TABLE carnet_usage (
  carnet_id uuid PRIMARY KEY REFERENCES carnets(id),
  programme_id uuid NOT NULL REFERENCES programmes(id),
  distributed_at timestamptz NOT NULL,
  distributor_id uuid,
  commune text NOT NULL,
  category text NOT NULL,
  birth_year smallint NOT NULL,
  passes integer NOT NULL,
  cents bigint NOT NULL,
  used integer NOT NULL DEFAULT 0,
  used_cents bigint NOT NULL DEFAULT 0,
  reimbursed integer NOT NULL DEFAULT 0,
  reimbursed_cents bigint NOT NULL DEFAULT 0,
  expired integer NOT NULL DEFAULT 0,
  expired_cents bigint NOT NULL DEFAULT 0,
  cancelled integer NOT NULL DEFAULT 0,
  cancelled_cents bigint NOT NULL DEFAULT 0,
  -- When its first pass was validated (a validation undone no longer counts).
  first_used_at timestamptz
);
CREATE INDEX carnet_usage_programme_idx ON carnet_usage (programme_id, distributed_at);

-- A carnet's row computed from scratch: at the hand-out, when its dates change, and to rebuild.
CREATE FUNCTION carnet_usage_refresh(ids uuid[]) RETURNS void LANGUAGE sql AS $$
  INSERT INTO carnet_usage (carnet_id, programme_id, distributed_at, distributor_id, commune, category, birth_year,
                            passes, cents, used, used_cents, reimbursed, reimbursed_cents, expired, expired_cents,
                            cancelled, cancelled_cents, first_used_at)
  SELECT c.id, c.programme_id, c.distributed_at, c.distributed_by, b.commune_insee, b.public_category, b.birth_year,
         count(*), sum(p.value_cents),
         count(*) FILTER (WHERE p.state IN ('redeemed', 'reimbursed')),
         COALESCE(sum(p.value_cents) FILTER (WHERE p.state IN ('redeemed', 'reimbursed')), 0),
         count(*) FILTER (WHERE p.state = 'reimbursed'), COALESCE(sum(p.value_cents) FILTER (WHERE p.state = 'reimbursed'), 0),
         count(*) FILTER (WHERE p.state = 'expired'), COALESCE(sum(p.value_cents) FILTER (WHERE p.state = 'expired'), 0),
         count(*) FILTER (WHERE p.state = 'cancelled'), COALESCE(sum(p.value_cents) FILTER (WHERE p.state = 'cancelled'), 0),
         (SELECT min(r.created_at) FROM passes p2 JOIN redemption_passes rp ON rp.pass_id = p2.id AND rp.active
            JOIN redemptions r ON r.id = rp.redemption_id WHERE p2.carnet_id = c.id)
    FROM carnets c JOIN beneficiaries b ON b.id = c.beneficiary_id JOIN passes p ON p.carnet_id = c.id
   WHERE c.id = ANY(ids) AND c.distributed_at IS NOT NULL
   GROUP BY c.id, b.commune_insee, b.public_category, b.birth_year
  ON CONFLICT (carnet_id) DO UPDATE SET
    programme_id = EXCLUDED.programme_id, distributed_at = EXCLUDED.distributed_at, distributor_id = EXCLUDED.distributor_id,
    commune = EXCLUDED.commune, category = EXCLUDED.category, birth_year = EXCLUDED.birth_year,
    passes = EXCLUDED.passes, cents = EXCLUDED.cents, used = EXCLUDED.used, used_cents = EXCLUDED.used_cents,
    reimbursed = EXCLUDED.reimbursed, reimbursed_cents = EXCLUDED.reimbursed_cents, expired = EXCLUDED.expired,
    expired_cents = EXCLUDED.expired_cents, cancelled = EXCLUDED.cancelled, cancelled_cents = EXCLUDED.cancelled_cents,
    first_used_at = EXCLUDED.first_used_at
$$;

CREATE FUNCTION carnet_usage_on_carnet() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.beneficiary_id IS NOT NULL AND NEW.distributed_at IS NOT NULL AND (
       OLD.beneficiary_id IS DISTINCT FROM NEW.beneficiary_id OR OLD.distributed_at IS DISTINCT FROM NEW.distributed_at
       OR OLD.distributed_by IS DISTINCT FROM NEW.distributed_by) THEN
    PERFORM carnet_usage_refresh(ARRAY[NEW.id]);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER carnets_usage AFTER UPDATE ON carnets FOR EACH ROW EXECUTE FUNCTION carnet_usage_on_carnet();

-- Pass changes of one statement, summed per carnet and added to its row. The rows are locked in
-- carnet order first, so two statements touching the same carnets queue instead of deadlocking.
-- A carnet whose validations were undone gets its first use read again from the validations.
CREATE FUNCTION carnet_usage_on_passes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  WITH moves AS (
    SELECT carnet_id, state, value_cents, 1 AS sign FROM moved_new
    UNION ALL
    SELECT carnet_id, state, value_cents, -1 FROM moved_old
  ), d AS (
    SELECT carnet_id,
           COALESCE(sum(sign) FILTER (WHERE state IN ('redeemed', 'reimbursed')), 0) AS used,
           COALESCE(sum(sign * value_cents) FILTER (WHERE state IN ('redeemed', 'reimbursed')), 0) AS used_cents,
           COALESCE(sum(sign) FILTER (WHERE state = 'reimbursed'), 0) AS reimbursed,
           COALESCE(sum(sign * value_cents) FILTER (WHERE state = 'reimbursed'), 0) AS reimbursed_cents,
           COALESCE(sum(sign) FILTER (WHERE state = 'expired'), 0) AS expired,
           COALESCE(sum(sign * value_cents) FILTER (WHERE state = 'expired'), 0) AS expired_cents,
           COALESCE(sum(sign) FILTER (WHERE state = 'cancelled'), 0) AS cancelled,
           COALESCE(sum(sign * value_cents) FILTER (WHERE state = 'cancelled'), 0) AS cancelled_cents
      FROM moves GROUP BY carnet_id
  ), changed AS (
    SELECT * FROM d WHERE used <> 0 OR reimbursed <> 0 OR expired <> 0 OR cancelled <> 0
  ), locked AS (
    SELECT u.carnet_id FROM carnet_usage u JOIN changed c ON c.carnet_id = u.carnet_id
     ORDER BY u.carnet_id FOR UPDATE OF u
  )
  UPDATE carnet_usage u SET
    used = u.used + d.used, used_cents = u.used_cents + d.used_cents,
    reimbursed = u.reimbursed + d.reimbursed, reimbursed_cents = u.reimbursed_cents + d.reimbursed_cents,
    expired = u.expired + d.expired, expired_cents = u.expired_cents + d.expired_cents,
    cancelled = u.cancelled + d.cancelled, cancelled_cents = u.cancelled_cents + d.cancelled_cents,
    first_used_at = CASE
      WHEN d.used < 0 THEN
        (SELECT min(r.created_at) FROM passes p JOIN redemption_passes rp ON rp.pass_id = p.id AND rp.active
           JOIN redemptions r ON r.id = rp.redemption_id WHERE p.carnet_id = u.carnet_id)
      WHEN d.used > 0 AND u.first_used_at IS NULL THEN now()
      ELSE u.first_used_at END
   FROM changed d
  WHERE d.carnet_id = u.carnet_id AND u.carnet_id IN (SELECT carnet_id FROM locked);
  RETURN NULL;
END $$;
CREATE TRIGGER passes_usage AFTER UPDATE ON passes REFERENCING OLD TABLE AS moved_old NEW TABLE AS moved_new
  FOR EACH STATEMENT EXECUTE FUNCTION carnet_usage_on_passes();

-- The carnets handed out so far.
SELECT carnet_usage_refresh(array_agg(id)) FROM carnets WHERE beneficiary_id IS NOT NULL AND distributed_at IS NOT NULL;

-- How many passes a validation spent, kept on it: what the passes paid for (by venue, theme and
-- month) is then read from the validations alone. A validation's passes change only by its undo,
-- which marks it undone.
ALTER TABLE redemptions ADD COLUMN passes integer NOT NULL DEFAULT 0;
UPDATE redemptions r SET passes = (SELECT count(*) FROM redemption_passes rp WHERE rp.redemption_id = r.id AND rp.active);
CREATE INDEX redemptions_programme_idx ON redemptions (programme_id) WHERE undone_at IS NULL;
