import type { Db, Queryable } from '../../db/db.js';
import { AppError } from '../../errors.js';
import type { Actor } from '../accounts/actor.js';
import { type RequestContext, recordAudit } from '../audit/audit.service.js';
import { clearBucket, windowEnd } from '../throttle/throttle.service.js';
import { THROTTLE } from './redemption.batch.js';
import type { RedemptionLock } from './vouchers.contract.js';

/**
 * Guessing codes at a venue is throttled: past THROTTLE.failures unknown or mistyped codes in a
 * window, the venue's redemptions are refused until the window ends. A venue that simply
 * mistyped a lot is not left waiting an hour: an operator of its programme can lift the lock.
 */
const BUCKET_PREFIX = 'redeem-failures:';
export const failureBucket = (venueId: string) => `${BUCKET_PREFIX}${venueId}`;

/** The refusal a locked venue gets: it says until when, in words and in details. */
export async function lockedRefusal(q: Queryable): Promise<AppError> {
  const ends = await windowEnd(q, THROTTLE.windowSeconds);
  const minutes = Math.ceil(ends.retryAfterSeconds / 60);
  return new AppError(
    'REDEMPTION_THROTTLED',
    ends,
    `Trop de codes inconnus ou erronés ont été saisis dans ce lieu : réessayez dans ${minutes} minute${minutes > 1 ? 's' : ''}, ou demandez à l'opérateur du programme de lever le blocage.`,
  );
}

/** Venues of the programme whose redemptions are locked now, with the end of the lock. */
export async function redemptionLocks(q: Queryable, programmeId: string): Promise<RedemptionLock[]> {
  return q.query<RedemptionLock>(
    `SELECT vq.organisation_id AS "organisationId", o.name AS "organisationName",
            to_json(t.window_start + make_interval(secs => $2)) #>> '{}' AS "lockedUntil"
       FROM venue_qualifications vq
       JOIN organisations o ON o.id = vq.organisation_id
       JOIN throttle_counters t ON t.bucket = $4::text || vq.organisation_id
        AND t.window_start = to_timestamp(floor(extract(epoch FROM now()) / $2) * $2) AND t.hits >= $3
      WHERE vq.programme_id = $1
      ORDER BY o.name`,
    [programmeId, THROTTLE.windowSeconds, THROTTLE.failures, BUCKET_PREFIX],
  );
}

/** An operator lifts a venue's lock (its failure count starts again from zero), in the audit log. */
export async function liftRedemptionLock(
  db: Db,
  ctx: RequestContext & { actor: Actor },
  programmeId: string,
  organisationId: string,
): Promise<void> {
  await db.tx(async (q) => {
    const venue = await q.query('SELECT 1 FROM venue_qualifications WHERE programme_id = $1 AND organisation_id = $2', [
      programmeId,
      organisationId,
    ]);
    if (venue.length === 0) throw new AppError('VENUE_NOT_FOUND');
    await clearBucket(q, failureBucket(organisationId));
    await recordAudit(q, ctx, {
      programmeId,
      action: 'redemption.lock_lifted',
      entityType: 'organisation',
      entityId: organisationId,
    });
  });
}
