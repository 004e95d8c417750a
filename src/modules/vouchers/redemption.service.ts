import { createHash } from 'node:crypto';
import type { Db, Queryable } from '../../db/db.js';
import { ErrorResponse } from '../../errors.contract.js';
import { AppError, ERRORS, type ErrorCode } from '../../errors.js';
import { type Actor, programmesWhere } from '../accounts/actor.js';
import { type RequestContext, recordAudit } from '../audit/audit.service.js';
import { ACCOUNTS, post } from '../ledger/ledger.service.js';
import { countHit } from '../throttle/throttle.service.js';
import { type CodeKeys, codeHash } from './code.crypto.js';
import { formatCode, type PassCode, readCode } from './code.rules.js';
import { spendRefusal } from './pass.rules.js';
import { undoRedeemedPasses } from './passes.store.js';
import { type PassRow, redemptionBatcher, THROTTLE } from './redemption.batch.js';
import { countMismatch } from './redemption.rules.js';
import { failureBucket, lockedRefusal } from './redemption-lock.service.js';
import { type RedemptionInput, RedemptionResult, type VenueRedemption } from './vouchers.contract.js';

export interface CodeRefusal {
  code: string;
  error: ErrorCode;
  message: string;
}

const refusal = (code: string, error: ErrorCode): CodeRefusal => ({ code, error, message: ERRORS[error].message });

/** Every failing code is named; the request's own code and status are those of the first one. */
function refuse(refusals: CodeRefusal[]): never {
  const first = refusals[0] as CodeRefusal;
  throw new AppError(first.error, refusals);
}

/** Why a pass may not be spent here: unknown, the pass's own rule, or passes of several programmes. */
function refusalFor(p: PassRow | undefined, programmeCount: number): ErrorCode | null {
  if (!p) return 'PASS_UNKNOWN';
  const own = spendRefusal({ state: p.state, pastValidity: p.expired, venueQualified: p.qualified });
  if (own) return own;
  return programmeCount > 1 ? 'PROGRAMME_MISMATCH' : null;
}

function refusalsOf(rows: PassRow[], codes: PassCode[], hashes: string[]): CodeRefusal[] {
  const byHash = new Map(rows.map((r) => [r.hash, r]));
  const programmeCount = new Set(rows.map((r) => r.programme_id)).size;
  return codes.flatMap((code, i) => {
    const error = refusalFor(byHash.get(hashes[i] as string), programmeCount);
    return error ? [refusal(formatCode(code), error)] : [];
  });
}

function requestHash(input: RedemptionInput): string {
  return createHash('sha256')
    .update(
      JSON.stringify([
        input.venueId,
        input.serviceId ?? null,
        input.codes,
        // Only when given: a key stored before workshops were named still answers its retries.
        ...(input.workshopId ? [input.workshopId, input.sessionId ?? null, input.countReason ?? null] : []),
      ]),
    )
    .digest('hex');
}

/**
 * The answer stored under an Idempotency-Key, replayed: the redemption it made, or the refusal
 * it got, thrown again as it was.
 */
function replay(status: number, response: unknown): RedemptionResult {
  if (status === 201) return RedemptionResult.parse(response);
  const { error } = ErrorResponse.parse(response);
  throw new AppError(error.code as ErrorCode, error.details, error.message);
}

async function storedAnswer(q: Queryable, caller: string, key: string, hash: string): Promise<RedemptionResult | null> {
  const rows = await q.query<{ request_hash: string; status_code: number; response: unknown }>(
    'SELECT request_hash, status_code, response FROM idempotency_keys WHERE caller = $1 AND key = $2',
    [caller, key],
  );
  const row = rows[0];
  if (!row) return null;
  if (row.request_hash !== hash) throw new AppError('IDEMPOTENCY_KEY_REUSED');
  return replay(row.status_code, row.response);
}

/**
 * Redeems, once per Idempotency-Key: the answer (success or refusal) is stored with the key,
 * a success in the very statement that redeems, so a retry gets the same answer and nothing
 * is done twice.
 */
export async function redeemPasses(
  db: Db,
  ctx: RequestContext & { actor: Actor },
  keys: CodeKeys,
  input: RedemptionInput,
  idempotencyKey: string | undefined,
): Promise<RedemptionResult> {
  const read = input.codes.map((c) => ({ input: c, reading: readCode(c) }));
  const typos = read.flatMap(({ input: c, reading }) =>
    reading.ok ? [] : [refusal(c, reading.reason === 'check_symbol' ? 'PASS_CHECK_SYMBOL' : 'PASS_FORMAT')],
  );
  if (typos.length > 0) {
    await countHit(db, failureBucket(input.venueId), THROTTLE.windowSeconds);
    refuse(typos);
  }
  const codes = read.map((r) => (r.reading as { code: PassCode }).code);
  if (new Set(codes).size !== codes.length) {
    throw new AppError('VALIDATION_ERROR', [{ path: 'body.codes', message: 'Un même code figure deux fois.' }]);
  }
  const workshop = input.workshopId ? await workshopAtCounter(db, input) : null;
  if (workshop) {
    const mismatch = countMismatch(workshop, codes.length, input.countReason);
    if (mismatch)
      throw new AppError('PASS_COUNT_MISMATCH', [{ path: 'body.countReason', message: mismatch }], mismatch);
  }
  const caller = ctx.actor.userId;
  const hash = requestHash({ ...input, codes });
  const hashes = codes.map((c) => codeHash(keys, c).toString('hex'));
  let rows: PassRow[];
  try {
    rows = await redemptionBatcher(db).submit({
      venueId: input.venueId,
      // The workshop's theme is the redemption's: the venue does not pick it twice.
      serviceId: workshop?.service ?? input.serviceId ?? null,
      workshopId: workshop ? (input.workshopId as string) : null,
      sessionId: workshop ? (input.sessionId ?? null) : null,
      countReason: workshop && input.countReason?.trim() ? input.countReason.trim() : null,
      programmes: programmesWhere(ctx.actor, ['venue']),
      caller,
      idempotencyKey: idempotencyKey ?? null,
      requestHash: hash,
      requestId: ctx.requestId,
      throttleBucket: failureBucket(input.venueId),
      hashes,
    });
  } catch (err) {
    // The same key sent twice at once: the loser's insert of the key fails; it gets the winner's answer.
    if (idempotencyKey && (err as { code?: string }).code === '23505') {
      const known = await storedAnswer(db, caller, idempotencyKey, hash);
      if (known) return known;
    }
    throw err;
  }
  if (rows.some((r) => r.throttled)) throw await lockedRefusal(db);
  const stored = rows.find((r) => r.stored_status !== null);
  if (stored) {
    if (stored.stored_hash !== hash) throw new AppError('IDEMPOTENCY_KEY_REUSED');
    return replay(stored.stored_status as number, stored.stored_response);
  }
  const done = rows[0]?.answer;
  if (done) return RedemptionResult.parse(done);
  const refusals = refusalsOf(rows, codes, hashes);
  const first = refusals[0] as CodeRefusal;
  if (refusals.some((r) => r.error === 'PASS_UNKNOWN'))
    await countHit(db, failureBucket(input.venueId), THROTTLE.windowSeconds);
  if (idempotencyKey) {
    const error = ERRORS[first.error];
    const kept = await db.query(
      `INSERT INTO idempotency_keys (caller, key, request_hash, status_code, response) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT DO NOTHING RETURNING key`,
      [
        caller,
        idempotencyKey,
        hash,
        error.status,
        JSON.stringify({ error: { code: first.error, message: error.message, details: refusals } }),
      ],
    );
    // The same key sent at once to another process, which spent the passes: its answer is ours.
    if (kept.length === 0) {
      const known = await storedAnswer(db, caller, idempotencyKey, hash);
      if (known) return known;
    }
  }
  refuse(refusals);
}

/** A venue undoes its own redemption, any of them, within 24 h and before it is on a statement. */
const UNDOABLE = `r.undone_at IS NULL AND r.created_at > now() - interval '24 hours' AND r.statement_id IS NULL`;

/** The workshop a redemption pays for: one of the venue's own, and the session one of its own. */
async function workshopAtCounter(
  q: Queryable,
  input: RedemptionInput,
): Promise<{ title: string; service: string; pricePasses: number }> {
  const rows = await q.query<{ title: string; service: string; pricePasses: number; session_ok: boolean }>(
    `SELECT w.title, w.service, w.price_passes AS "pricePasses",
            ($3::uuid IS NULL OR EXISTS (SELECT 1 FROM workshop_sessions s WHERE s.id = $3 AND s.workshop_id = w.id)) AS session_ok
       FROM workshops w JOIN venues v ON v.id = w.venue_id
      WHERE w.id = $1 AND v.organisation_id = $2`,
    [input.workshopId, input.venueId, input.sessionId ?? null],
  );
  const w = rows[0];
  if (!w) throw new AppError('WORKSHOP_NOT_FOUND');
  if (!w.session_ok) throw new AppError('SESSION_NOT_FOUND');
  return w;
}

/** A venue's validations of one day (Paris time), newest first, each saying whether it may be undone. */
export async function venueRedemptions(q: Queryable, venueId: string, day: string | undefined) {
  return q.query<VenueRedemption>(
    `SELECT r.id, to_json(r.created_at) #>> '{}' AS "createdAt", p.name AS "programmeName",
            COALESCE((SELECT json_agg(c.serial || '-' || ps.number ORDER BY c.serial, ps.number)
                        FROM redemption_passes rp JOIN passes ps ON ps.id = rp.pass_id JOIN carnets c ON c.id = ps.carnet_id
                       WHERE rp.redemption_id = r.id), '[]'::json) AS passes,
            r.amount_cents::int AS "amountCents", w.title AS "workshopTitle", r.service_id AS service,
            to_json(s.starts_at) #>> '{}' AS "sessionStartsAt", r.count_reason AS "countReason",
            r.undone_at IS NOT NULL AS undone,
            (${UNDOABLE}) AS undoable
       FROM redemptions r JOIN programmes p ON p.id = r.programme_id
       LEFT JOIN workshops w ON w.id = r.workshop_id LEFT JOIN workshop_sessions s ON s.id = r.session_id
      WHERE r.venue_organisation_id = $1
        AND (r.created_at AT TIME ZONE 'Europe/Paris')::date = COALESCE($2::date, (now() AT TIME ZONE 'Europe/Paris')::date)
      ORDER BY r.created_at DESC LIMIT 500`,
    [venueId, day ?? null],
  );
}

export async function programmeOfRedemption(q: Queryable, id: string): Promise<string | null> {
  const rows = await q.query<{ programme_id: string }>('SELECT programme_id FROM redemptions WHERE id = $1', [id]);
  return rows[0]?.programme_id ?? null;
}

export async function undoRedemption(
  db: Db,
  ctx: RequestContext & { actor: Actor },
  redemptionId: string,
): Promise<void> {
  await db.tx(async (q) => {
    const rows = await q.query<{
      programme_id: string;
      venue_organisation_id: string;
      amount_cents: number;
      undoable: boolean;
      undone_at: Date | null;
    }>(
      `SELECT programme_id, venue_organisation_id, amount_cents, undone_at, (${UNDOABLE}) AS undoable
         FROM redemptions r WHERE id = $1 FOR UPDATE`,
      [redemptionId],
    );
    const r = rows[0];
    if (!r || r.venue_organisation_id !== ctx.actor.organisationId || r.undone_at)
      throw new AppError('REDEMPTION_NOT_FOUND');
    if (!r.undoable) throw new AppError('UNDO_TOO_LATE');
    const passes = await q.query<{ pass_id: number }>(
      'UPDATE redemption_passes SET active = false WHERE redemption_id = $1 AND active RETURNING pass_id',
      [redemptionId],
    );
    await undoRedeemedPasses(
      q,
      passes.map((p) => p.pass_id),
    );
    await q.query('UPDATE redemptions SET undone_at = now() WHERE id = $1', [redemptionId]);
    await post(q, {
      programmeId: r.programme_id,
      event: 'redemption_undo',
      refType: 'redemption',
      refId: redemptionId,
      transfers: [
        { from: ACCOUNTS.owedTo(r.venue_organisation_id), to: ACCOUNTS.distributed, amountCents: r.amount_cents },
      ],
    });
    await recordAudit(q, ctx, {
      programmeId: r.programme_id,
      action: 'redemption.undo',
      entityType: 'redemption',
      entityId: redemptionId,
      before: { amountCents: r.amount_cents, passes: passes.length },
    });
  });
}
