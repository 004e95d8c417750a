import type { Db, Queryable } from '../../db/db.js';
import { AppError } from '../../errors.js';
import { type Actor, hasRole } from '../accounts/actor.js';
import { type RequestContext, recordAudit } from '../audit/audit.service.js';
import type { EligibilityRule, Territory } from '../programmes/programmes.contract.js';
import { beneficiaryFingerprint } from './beneficiary.rules.js';
import { assertEligible, communeOf } from './eligibility.check.js';
import { distributorsOf } from './stock.service.js';
import type { Beneficiary, Orientation, OrientationResult } from './vouchers.contract.js';

/** After this many days without an outcome, an orientation lapses and its data are erased. */
export const ORIENTATION_DAYS = 90;

/**
 * A referrer orients a person to the programme's designated prescribers, with the person's
 * consent. Eligibility is checked at once, so nobody is sent to a prescriber for nothing. What
 * was typed travels with the orientation until its outcome, then only the fingerprint stays.
 */
export async function orientPerson(
  db: Db,
  ctx: RequestContext & { actor: Actor },
  secret: string,
  programmeId: string,
  input: Beneficiary,
): Promise<OrientationResult> {
  const commune = communeOf(input);
  return db.tx(async (q) => {
    const rows = await q.query<{ territory: Territory; eligibility: EligibilityRule[]; today: string }>(
      'SELECT territory, eligibility, current_date::text AS today FROM programmes WHERE id = $1',
      [programmeId],
    );
    const programme = rows[0];
    if (!programme) throw new AppError('PROGRAMME_NOT_FOUND');
    assertEligible(programme, input, commune, programme.today);
    const created = await q.query<{ id: string }>(
      `INSERT INTO orientations (programme_id, referrer_organisation_id, fingerprint, created_by, person)
       VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [
        programmeId,
        ctx.actor.organisationId,
        beneficiaryFingerprint(secret, input),
        ctx.actor.userId,
        JSON.stringify(input),
      ],
    );
    const orientationId = (created[0] as { id: string }).id;
    await recordAudit(q, ctx, {
      programmeId,
      action: 'orientation.create',
      entityType: 'orientation',
      entityId: orientationId,
    });
    return { orientationId, prescribers: await distributorsOf(q, programmeId) };
  });
}

/** Links the person's pending orientations to the carnet a prescriber hands them; their data go. */
export async function closeOrientations(
  q: Queryable,
  programmeId: string,
  fingerprint: Buffer,
  carnetId: string,
): Promise<void> {
  await q.query(
    `UPDATE orientations SET carnet_id = $3, person = NULL
      WHERE programme_id = $1 AND fingerprint = $2 AND carnet_id IS NULL AND closed_at IS NULL`,
    [programmeId, fingerprint, carnetId],
  );
}

/**
 * The orientations of a programme: its prescribers and operators see them all, a referrer
 * those of its own organisation (to know what became of them).
 */
export async function listOrientations(
  q: Queryable,
  actor: Actor,
  programmeId: string,
  status?: Orientation['status'],
): Promise<Orientation[]> {
  const all = hasRole(actor, programmeId, ['admin', 'operator', 'distributor']);
  return q.query<Orientation>(
    `SELECT * FROM (
       SELECT o.id, to_json(o.created_at) #>> '{}' AS "createdAt", ro.name AS "referrerName",
              CASE WHEN o.carnet_id IS NOT NULL THEN 'handed'
                   WHEN o.closed_reason = 'lapsed' THEN 'lapsed'
                   WHEN o.closed_at IS NOT NULL THEN 'closed' ELSE 'pending' END AS status,
              o.person, c.serial AS "carnetSerial",
              CASE WHEN o.closed_reason = 'lapsed' THEN NULL ELSE o.closed_reason END AS "closedReason",
              to_json(o.closed_at) #>> '{}' AS "closedAt"
         FROM orientations o JOIN organisations ro ON ro.id = o.referrer_organisation_id
         LEFT JOIN carnets c ON c.id = o.carnet_id
        WHERE o.programme_id = $1 AND ($2 OR o.referrer_organisation_id = $3)) x
      WHERE $4::text IS NULL OR status = $4
      ORDER BY status = 'pending' DESC, "createdAt" DESC LIMIT 500`,
    [programmeId, all, actor.organisationId, status ?? null],
  );
}

export async function orientationProgramme(q: Queryable, orientationId: string): Promise<string | null> {
  const rows = await q.query<{ programme_id: string }>('SELECT programme_id FROM orientations WHERE id = $1', [
    orientationId,
  ]);
  return rows[0]?.programme_id ?? null;
}

/** The prescriber closes an orientation without a carnet (not reachable, not eligible after all...). */
export async function closeOrientation(
  db: Db,
  ctx: RequestContext & { actor: Actor },
  orientationId: string,
  reason: string,
): Promise<void> {
  await db.tx(async (q) => {
    const rows = await q.query<{ programme_id: string }>(
      `UPDATE orientations SET closed_at = now(), closed_reason = $2, closed_by = $3, person = NULL
        WHERE id = $1 AND carnet_id IS NULL AND closed_at IS NULL RETURNING programme_id`,
      [orientationId, reason, ctx.actor.userId],
    );
    const closed = rows[0];
    if (!closed) throw new AppError('ORIENTATION_NOT_PENDING');
    await recordAudit(q, ctx, {
      programmeId: closed.programme_id,
      action: 'orientation.close',
      entityType: 'orientation',
      entityId: orientationId,
      after: { reason },
    });
  });
}

/** Orientations left without an outcome lapse: their data are erased (daily, with the retention job). */
export async function lapseOrientations(q: Queryable): Promise<number> {
  const rows = await q.query(
    `UPDATE orientations SET closed_at = now(), closed_reason = 'lapsed', person = NULL
      WHERE carnet_id IS NULL AND closed_at IS NULL AND created_at < now() - make_interval(days => $1) RETURNING 1`,
    [ORIENTATION_DAYS],
  );
  return rows.length;
}
