import { createHash } from 'node:crypto';
import type { Db, Queryable } from '../../db/db.js';
import { AppError, ERRORS, type ErrorCode } from '../../http/errors.js';
import { type Actor, hasRole } from '../accounts/actor.js';
import { type RequestContext, recordAudit } from '../audit/audit.service.js';
import { ACCOUNTS, post } from '../ledger/ledger.service.js';
import { type CodeKeys, codeHash } from './code.crypto.js';
import { formatCode, type PassCode, readCode } from './code.rules.js';

export interface RedemptionInput {
  venueId: string;
  serviceId?: string;
  codes: string[];
}

export interface RedemptionResult {
  redemptionId: string;
  passes: string[];
  amountCents: number;
}

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

interface PassRow {
  id: number;
  hash: string;
  programme_id: string;
  state: string;
  expired: boolean;
  value_cents: number;
  serial: string;
  qualified: boolean;
}

/**
 * A venue validates passes for a workshop: all succeed or none do. Rows are locked in id
 * order, so concurrent redemptions over overlapping passes queue instead of deadlocking, and
 * the unique index on live redemption lines is the last guard against a double spend.
 */
async function redeemInTx(
  q: Queryable,
  ctx: RequestContext & { actor: Actor },
  keys: CodeKeys,
  input: RedemptionInput,
  codes: PassCode[],
): Promise<RedemptionResult> {
  const hashes = codes.map((c) => codeHash(keys, c).toString('hex'));
  const rows = await q.query<PassRow>(
    `SELECT p.id, encode(p.code_hash, 'hex') AS hash, p.programme_id, p.state, p.value_cents,
            (p.expires_on IS NOT NULL AND p.expires_on < current_date) AS expired,
            c.serial || '-' || p.number AS serial,
            EXISTS (SELECT 1 FROM venue_qualifications v
                     WHERE v.programme_id = p.programme_id AND v.organisation_id = $2 AND v.status = 'qualified') AS qualified
       FROM passes p JOIN carnets c ON c.id = p.carnet_id
      WHERE p.code_hash = ANY(SELECT decode(h, 'hex') FROM unnest($1::text[]) AS h)
      ORDER BY p.id FOR UPDATE OF p`,
    [hashes, input.venueId],
  );
  const byHash = new Map(rows.map((r) => [r.hash, r]));
  const programmes = new Set(rows.map((r) => r.programme_id));
  const refusals: CodeRefusal[] = [];
  codes.forEach((code, i) => {
    const shown = formatCode(code);
    const p = byHash.get(hashes[i] as string);
    if (!p) return refusals.push(refusal(shown, 'PASS_UNKNOWN'));
    if (p.state === 'redeemed' || p.state === 'reimbursed') return refusals.push(refusal(shown, 'PASS_ALREADY_REDEEMED'));
    if (p.state === 'cancelled') return refusals.push(refusal(shown, 'PASS_CANCELLED'));
    if (p.state === 'expired' || p.expired) return refusals.push(refusal(shown, 'PASS_EXPIRED'));
    if (p.state !== 'distributed') return refusals.push(refusal(shown, 'PASS_NOT_DISTRIBUTED'));
    if (!p.qualified || !hasRole(ctx.actor, p.programme_id, ['venue'])) return refusals.push(refusal(shown, 'VENUE_NOT_QUALIFIED'));
    if (programmes.size > 1) return refusals.push(refusal(shown, 'PROGRAMME_MISMATCH'));
    return undefined;
  });
  if (refusals.length > 0) refuse(refusals);

  const programmeId = rows[0]?.programme_id as string;
  const amount = rows.reduce((s, r) => s + r.value_cents, 0);
  const ids = rows.map((r) => r.id);
  const created = await q.query<{ id: string }>(
    `INSERT INTO redemptions (programme_id, venue_organisation_id, service_id, amount_cents, created_by)
     VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [programmeId, input.venueId, input.serviceId ?? null, amount, ctx.actor.userId],
  );
  const redemptionId = (created[0] as { id: string }).id;
  await q.query(
    `INSERT INTO redemption_passes (redemption_id, pass_id, programme_id) SELECT $1, unnest($2::bigint[]), $3`,
    [redemptionId, ids, programmeId],
  );
  await q.query(`UPDATE passes SET state = 'redeemed', state_changed_at = now() WHERE id = ANY($1)`, [ids]);
  await post(q, {
    programmeId,
    event: 'redemption',
    refType: 'redemption',
    refId: redemptionId,
    transfers: [{ from: ACCOUNTS.distributed, to: ACCOUNTS.owedTo(input.venueId), amountCents: amount }],
  });
  const serials = rows.map((r) => r.serial).sort();
  await recordAudit(q, ctx, {
    programmeId,
    action: 'redemption.create',
    entityType: 'redemption',
    entityId: redemptionId,
    after: { venueId: input.venueId, serviceId: input.serviceId ?? null, passes: serials, amountCents: amount },
  });
  return { redemptionId, passes: serials, amountCents: amount };
}

export interface StoredAnswer {
  status: number;
  body: unknown;
}

function requestHash(input: RedemptionInput): string {
  return createHash('sha256').update(JSON.stringify([input.venueId, input.serviceId ?? null, input.codes])).digest('hex');
}

async function storedAnswer(q: Queryable, caller: string, key: string, hash: string): Promise<StoredAnswer | null> {
  const rows = await q.query<{ request_hash: string; status_code: number; response: unknown }>(
    'SELECT request_hash, status_code, response FROM idempotency_keys WHERE caller = $1 AND key = $2',
    [caller, key],
  );
  const row = rows[0];
  if (!row) return null;
  if (row.request_hash !== hash) throw new AppError('IDEMPOTENCY_KEY_REUSED');
  return { status: row.status_code, body: row.response };
}

/**
 * Redeems, once per Idempotency-Key: the answer (success or refusal) is stored with the key,
 * in the same transaction as the redemption, so a retry gets the same answer and nothing twice.
 */
export async function redeemPasses(
  db: Db,
  ctx: RequestContext & { actor: Actor },
  keys: CodeKeys,
  input: RedemptionInput,
  idempotencyKey: string | undefined,
): Promise<StoredAnswer> {
  if (input.venueId !== ctx.actor.organisationId) throw new AppError('FORBIDDEN');
  const read = input.codes.map((c) => ({ input: c, reading: readCode(c) }));
  const typos = read.flatMap(({ input: c, reading }) =>
    reading.ok ? [] : [refusal(c, reading.reason === 'check_symbol' ? 'PASS_CHECK_SYMBOL' : 'PASS_FORMAT')],
  );
  if (typos.length > 0) refuse(typos);
  const codes = read.map((r) => (r.reading as { code: PassCode }).code);
  if (new Set(codes).size !== codes.length) {
    throw new AppError('VALIDATION_ERROR', [{ path: 'body.codes', message: 'Un même code figure deux fois.' }]);
  }
  const caller = ctx.actor.userId;
  const hash = requestHash({ ...input, codes });
  if (idempotencyKey) {
    const known = await storedAnswer(db, caller, idempotencyKey, hash);
    if (known) return known;
  }
  const remember = async (q: Queryable, answer: StoredAnswer) => {
    if (!idempotencyKey) return;
    await q.query(
      `INSERT INTO idempotency_keys (caller, key, request_hash, status_code, response) VALUES ($1, $2, $3, $4, $5)`,
      [caller, idempotencyKey, hash, answer.status, JSON.stringify(answer.body)],
    );
  };
  try {
    return await db.tx(async (q) => {
      const body = await redeemInTx(q, ctx, keys, input, codes);
      const answer = { status: 201, body };
      await remember(q, answer);
      return answer;
    });
  } catch (err) {
    // Same key sent twice at once: the loser's insert of the key fails; it returns the winner's answer.
    if (idempotencyKey && (err as { code?: string }).code === '23505') {
      const known = await storedAnswer(db, caller, idempotencyKey, hash);
      if (known) return known;
    }
    if (err instanceof AppError && idempotencyKey) {
      const answer = { status: err.status, body: { error: { code: err.code, message: err.message, details: err.details } } };
      await db.tx((q) => remember(q, answer)).catch(() => undefined);
    }
    throw err;
  }
}

export async function programmeOfRedemption(q: Queryable, id: string): Promise<string | null> {
  const rows = await q.query<{ programme_id: string }>('SELECT programme_id FROM redemptions WHERE id = $1', [id]);
  return rows[0]?.programme_id ?? null;
}

/** A venue undoes its own redemption within 24 h and before it is on a statement. */
export async function undoRedemption(db: Db, ctx: RequestContext & { actor: Actor }, redemptionId: string): Promise<void> {
  await db.tx(async (q) => {
    const rows = await q.query<{
      programme_id: string;
      venue_organisation_id: string;
      amount_cents: number;
      undoable: boolean;
      undone_at: Date | null;
    }>(
      `SELECT programme_id, venue_organisation_id, amount_cents, undone_at,
              (created_at > now() - interval '24 hours' AND statement_id IS NULL) AS undoable
         FROM redemptions WHERE id = $1 FOR UPDATE`,
      [redemptionId],
    );
    const r = rows[0];
    if (!r || r.venue_organisation_id !== ctx.actor.organisationId || r.undone_at) throw new AppError('REDEMPTION_NOT_FOUND');
    if (!r.undoable) throw new AppError('UNDO_TOO_LATE');
    const passes = await q.query<{ pass_id: number }>(
      'UPDATE redemption_passes SET active = false WHERE redemption_id = $1 AND active RETURNING pass_id',
      [redemptionId],
    );
    await q.query(`UPDATE passes SET state = 'distributed', state_changed_at = now() WHERE id = ANY($1) AND state = 'redeemed'`, [
      passes.map((p) => p.pass_id),
    ]);
    await q.query('UPDATE redemptions SET undone_at = now() WHERE id = $1', [redemptionId]);
    await post(q, {
      programmeId: r.programme_id,
      event: 'redemption_undo',
      refType: 'redemption',
      refId: redemptionId,
      transfers: [{ from: ACCOUNTS.owedTo(r.venue_organisation_id), to: ACCOUNTS.distributed, amountCents: r.amount_cents }],
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
