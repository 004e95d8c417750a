import type { Db, Queryable } from '../../db/db.js';
import { AppError } from '../../errors.js';
import type { Actor } from '../accounts/actor.js';
import { type RequestContext, recordAudit } from '../audit/audit.service.js';
import type { EligibilityRule, Territory } from '../programmes/programmes.contract.js';
import { beneficiaryFingerprint } from './beneficiary.rules.js';
import { assertEligible, communeOf } from './eligibility.check.js';
import { distributorsOf } from './stock.service.js';
import type { Beneficiary, OrientationResult } from './vouchers.contract.js';

/**
 * A referrer orients a person to the programme's designated prescribers. Eligibility is checked
 * at once, so nobody is sent to a prescriber for nothing; only the fingerprint is kept.
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
      `INSERT INTO orientations (programme_id, referrer_organisation_id, fingerprint, created_by) VALUES ($1, $2, $3, $4) RETURNING id`,
      [programmeId, ctx.actor.organisationId, beneficiaryFingerprint(secret, input), ctx.actor.userId],
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

/** Links the person's pending orientations to the carnet a prescriber hands them. */
export async function closeOrientations(
  q: Queryable,
  programmeId: string,
  fingerprint: Buffer,
  carnetId: string,
): Promise<void> {
  await q.query(
    'UPDATE orientations SET carnet_id = $3 WHERE programme_id = $1 AND fingerprint = $2 AND carnet_id IS NULL',
    [programmeId, fingerprint, carnetId],
  );
}
