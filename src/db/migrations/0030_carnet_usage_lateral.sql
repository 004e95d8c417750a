-- A carnet's pre-aggregate row reads its passes by the carnet's own index (a lateral join), whatever
-- the statistics say. Joined to all passes, the function was planned for an estimated ten carnets
-- without knowing which: before the passes table had statistics (autovacuum off, or an embedded
-- database, right after an issuance) the planner hashed every pass of the database on each call,
-- and the trigger calls it for each carnet handed out: 10,000 hand-outs in one statement ran for
-- more than 12 minutes on 150,000 passes (the bench's set-up, PostgreSQL 15).
CREATE OR REPLACE FUNCTION carnet_usage_refresh(ids uuid[]) RETURNS void LANGUAGE sql AS $$
  INSERT INTO carnet_usage (carnet_id, programme_id, distributed_at, distributor_id, commune, category, birth_year,
                            passes, cents, used, used_cents, reimbursed, reimbursed_cents, expired, expired_cents,
                            cancelled, cancelled_cents, first_used_at)
  SELECT c.id, c.programme_id, c.distributed_at, c.distributed_by, b.commune_insee, b.public_category, b.birth_year,
         x.passes, x.cents, x.used, x.used_cents, x.reimbursed, x.reimbursed_cents, x.expired, x.expired_cents,
         x.cancelled, x.cancelled_cents,
         (SELECT min(r.created_at) FROM passes p2 JOIN redemption_passes rp ON rp.pass_id = p2.id AND rp.active
            JOIN redemptions r ON r.id = rp.redemption_id WHERE p2.carnet_id = c.id)
    FROM carnets c JOIN beneficiaries b ON b.id = c.beneficiary_id
   CROSS JOIN LATERAL (
     SELECT count(*) AS passes, sum(p.value_cents) AS cents,
            count(*) FILTER (WHERE p.state IN ('redeemed', 'reimbursed')) AS used,
            COALESCE(sum(p.value_cents) FILTER (WHERE p.state IN ('redeemed', 'reimbursed')), 0) AS used_cents,
            count(*) FILTER (WHERE p.state = 'reimbursed') AS reimbursed,
            COALESCE(sum(p.value_cents) FILTER (WHERE p.state = 'reimbursed'), 0) AS reimbursed_cents,
            count(*) FILTER (WHERE p.state = 'expired') AS expired,
            COALESCE(sum(p.value_cents) FILTER (WHERE p.state = 'expired'), 0) AS expired_cents,
            count(*) FILTER (WHERE p.state = 'cancelled') AS cancelled,
            COALESCE(sum(p.value_cents) FILTER (WHERE p.state = 'cancelled'), 0) AS cancelled_cents
       FROM passes p WHERE p.carnet_id = c.id) x
   -- A carnet without passes has no row (as the inner join to its passes gave before).
   WHERE c.id = ANY(ids) AND c.distributed_at IS NOT NULL AND x.passes > 0
  ON CONFLICT (carnet_id) DO UPDATE SET
    programme_id = EXCLUDED.programme_id, distributed_at = EXCLUDED.distributed_at, distributor_id = EXCLUDED.distributor_id,
    commune = EXCLUDED.commune, category = EXCLUDED.category, birth_year = EXCLUDED.birth_year,
    passes = EXCLUDED.passes, cents = EXCLUDED.cents, used = EXCLUDED.used, used_cents = EXCLUDED.used_cents,
    reimbursed = EXCLUDED.reimbursed, reimbursed_cents = EXCLUDED.reimbursed_cents, expired = EXCLUDED.expired,
    expired_cents = EXCLUDED.expired_cents, cancelled = EXCLUDED.cancelled, cancelled_cents = EXCLUDED.cancelled_cents,
    first_used_at = EXCLUDED.first_used_at
$$;
