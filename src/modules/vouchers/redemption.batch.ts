import { batcherOf } from '../../db/batcher.js';
import type { Db } from '../../db/db.js';
import type { AuditAction } from '../audit/audit.actions.js';
import { ACCOUNTS } from '../ledger/ledger.service.js';
import { PASS_TRANSITIONS, type PassState, spendRefusalSql } from './pass.rules.js';

/** One redemption request as the batch statement takes it. */
export interface BatchRequest {
  venueId: string;
  serviceId: string | null;
  workshopId: string | null;
  sessionId: string | null;
  countReason: string | null;
  /** The programmes where the caller acts as a venue. */
  programmes: string[];
  caller: string;
  idempotencyKey: string | null;
  requestHash: string;
  requestId: string | null;
  throttleBucket: string;
  /** Keyed hashes (hex) of the codes, distinct. */
  hashes: string[];
}

export interface PassRow {
  id: number;
  hash: string;
  programme_id: string;
  state: PassState;
  expired: boolean;
  value_cents: number;
  serial: string;
  qualified: boolean;
  redemption_id: string | null;
  /** The answer of a redemption made by this statement: the one also stored under its key. */
  answer: unknown;
  stored_status: number | null;
  stored_response: unknown;
  stored_hash: string | null;
  throttled: boolean;
}

/**
 * Several redemptions in one statement, the hot path: each request (`i`) is all or nothing on
 * its own. It locks the passes in id order (so concurrent statements over overlapping passes
 * queue instead of deadlocking), and for every request whose passes may all be spent writes the
 * redemption, its lines, the pass states, the ledger entry, the audit row and the idempotency
 * answer. It returns the passes as locked, so refusals can be explained, or the answer stored
 * under a request's idempotency key, or that the venue is throttled. The caller never puts two
 * requests sharing a pass or an idempotency key in one batch; the unique index on live
 * redemption lines stays the last guard against a double spend.
 */
const spendable = `${spendRefusalSql({ state: 'l.state', pastValidity: 'l.expired', venueQualified: 'l.qualified' })} IS NULL`;
const REDEEMED: AuditAction = 'redemption.create';
const REDEEM_BATCH_SQL = `
WITH req AS (
  SELECT * FROM unnest($1::int[], $2::uuid[], $3::text[], $4::uuid[], $5::text[], $6::text[], $7::text[], $8::text[],
                       $15::uuid[], $16::uuid[], $17::text[])
    AS r(i, venue, service, caller, key, hash, request_id, bucket, workshop, session, count_reason)
), codes AS (
  SELECT * FROM unnest($9::int[], $10::text[]) AS c(i, h)
), roles AS (
  SELECT * FROM unnest($11::int[], $12::uuid[]) AS x(i, programme_id)
), stored AS (
  SELECT r.i, k.status_code, k.response, k.request_hash
    FROM req r JOIN idempotency_keys k ON r.key IS NOT NULL AND k.caller = r.caller::text AND k.key = r.key
), blocked AS (
  SELECT r.i FROM req r JOIN throttle_counters t ON t.bucket = r.bucket
     AND t.window_start = to_timestamp(floor(extract(epoch FROM now()) / $13) * $13) AND t.hits >= $14
   WHERE r.i NOT IN (SELECT i FROM stored)
), locked AS (
  SELECT c.i, p.id, encode(p.code_hash, 'hex') AS hash, p.programme_id, p.state, p.value_cents,
         (p.expires_on IS NOT NULL AND p.expires_on < current_date) AS expired,
         ca.serial || '-' || p.number AS serial,
         (EXISTS (SELECT 1 FROM roles x WHERE x.i = c.i AND x.programme_id = p.programme_id)
          AND EXISTS (SELECT 1 FROM venue_qualifications v
            WHERE v.programme_id = p.programme_id AND v.organisation_id = r.venue AND v.status = 'qualified')) AS qualified
    FROM codes c JOIN req r ON r.i = c.i JOIN passes p ON p.code_hash = decode(c.h, 'hex') JOIN carnets ca ON ca.id = p.carnet_id
   WHERE c.i NOT IN (SELECT i FROM stored) AND c.i NOT IN (SELECT i FROM blocked)
   ORDER BY p.id FOR UPDATE OF p
), verdict AS (
  SELECT l.i, gen_random_uuid() AS rid, min(l.programme_id::text)::uuid AS programme_id,
         sum(l.value_cents)::bigint AS amount, count(*)::int AS passes, json_agg(l.serial ORDER BY l.serial) AS serials
    FROM locked l
   GROUP BY l.i
  HAVING count(*) = (SELECT count(*) FROM codes c WHERE c.i = l.i) AND count(DISTINCT l.programme_id) = 1
     AND bool_and(${spendable})
), answered AS (
  SELECT v.i, json_build_object('redemptionId', v.rid, 'passes', v.serials, 'amountCents', v.amount) AS answer
    FROM verdict v
), red AS (
  INSERT INTO redemptions (id, programme_id, venue_organisation_id, service_id, amount_cents, passes, created_by,
                           workshop_id, session_id, count_reason)
  SELECT v.rid, v.programme_id, r.venue, r.service, v.amount, v.passes, r.caller, r.workshop, r.session, r.count_reason
    FROM verdict v JOIN req r ON r.i = v.i
), lines AS (
  INSERT INTO redemption_passes (redemption_id, pass_id, programme_id)
  SELECT v.rid, l.id, v.programme_id FROM verdict v JOIN locked l ON l.i = v.i
), spent AS (
  UPDATE passes SET state = '${PASS_TRANSITIONS.redeem.to}', state_changed_at = now()
   WHERE passes.id IN (SELECT l.id FROM locked l JOIN verdict v ON v.i = l.i)
), ledger AS (
  INSERT INTO ledger_entries (programme_id, event, from_account, to_account, amount_cents, ref_type, ref_id)
  SELECT v.programme_id, 'redemption', '${ACCOUNTS.distributed}', '${ACCOUNTS.owedPrefix}' || r.venue, v.amount, 'redemption', v.rid::text
    FROM verdict v JOIN req r ON r.i = v.i
), audit AS (
  INSERT INTO audit_log (programme_id, actor_user_id, actor_organisation_id, action, entity_type, entity_id, after, request_id)
  SELECT v.programme_id, r.caller, r.venue, '${REDEEMED}', 'redemption', v.rid::text,
         json_build_object('venueId', r.venue, 'serviceId', r.service, 'workshopId', r.workshop, 'sessionId', r.session,
                           'countReason', r.count_reason, 'passes', v.serials, 'amountCents', v.amount), r.request_id
    FROM verdict v JOIN req r ON r.i = v.i
), answer AS (
  INSERT INTO idempotency_keys (caller, key, request_hash, status_code, response)
  SELECT r.caller::text, r.key, r.hash, 201, a.answer FROM answered a JOIN req r ON r.i = a.i WHERE r.key IS NOT NULL
)
SELECT l.i, l.id, l.hash, l.programme_id, l.state, l.value_cents, l.expired, l.serial, l.qualified,
       v.rid AS redemption_id, a.answer,
       NULL::int AS stored_status, NULL::json AS stored_response, NULL::text AS stored_hash, false AS throttled
  FROM locked l LEFT JOIN verdict v ON v.i = l.i LEFT JOIN answered a ON a.i = l.i
UNION ALL
SELECT i, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, status_code, response::json, request_hash, false FROM stored
UNION ALL
SELECT i, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, true FROM blocked`;

/** Guessing codes is throttled per venue: the window and the failures it allows. */
export const THROTTLE = { windowSeconds: 3600, failures: 50 };

/** Runs requests in one statement; returns, for each request in order, its rows. */
export async function runBatch(db: Db, requests: BatchRequest[]): Promise<PassRow[][]> {
  const idx = requests.map((_, i) => i);
  const codeIdx = requests.flatMap((r, i) => r.hashes.map(() => i));
  const roleIdx = requests.flatMap((r, i) => r.programmes.map(() => i));
  const rows = await db.query<PassRow & { i: number }>(
    REDEEM_BATCH_SQL,
    [
      idx,
      requests.map((r) => r.venueId),
      requests.map((r) => r.serviceId),
      requests.map((r) => r.caller),
      requests.map((r) => r.idempotencyKey),
      requests.map((r) => r.requestHash),
      requests.map((r) => r.requestId),
      requests.map((r) => r.throttleBucket),
      codeIdx,
      requests.flatMap((r) => r.hashes),
      roleIdx,
      requests.flatMap((r) => r.programmes),
      THROTTLE.windowSeconds,
      THROTTLE.failures,
      requests.map((r) => r.workshopId),
      requests.map((r) => r.sessionId),
      requests.map((r) => r.countReason),
    ],
    'redeem-passes-batch',
  );
  const out: PassRow[][] = requests.map(() => []);
  for (const row of rows) out[row.i]?.push(row);
  return out;
}

/**
 * Redemptions arriving together share one statement (see InFlightBatcher); two that share a
 * pass or an idempotency key go in separate statements, the later decided on the earlier's outcome.
 */
export const redemptionBatcher = (db: Db) =>
  batcherOf<BatchRequest, PassRow[]>(db, 'redemptions', (d) => ({
    run: (requests) => runBatch(d, requests),
    keys: (r) => [...r.hashes.map((h) => `p:${h}`), ...(r.idempotencyKey ? [`k:${r.caller}:${r.idempotencyKey}`] : [])],
    maxBatch: 64,
    maxInFlight: 3,
  }));
