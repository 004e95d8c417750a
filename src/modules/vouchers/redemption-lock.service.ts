import type { Db, Queryable } from '../../db/db.js';
import { AppError } from '../../errors.js';
import type { Actor } from '../accounts/actor.js';
import { type RequestContext, recordAudit } from '../audit/audit.service.js';
import { clearBucket } from '../throttle/throttle.service.js';
import { THROTTLE } from './redemption.batch.js';

/**
 * Guessing codes at a venue is throttled: past THROTTLE.failures unknown or mistyped codes in a
 * window, the venue's redemptions are refused until the window ends. A venue that simply
 * mistyped a lot is not left waiting an hour: an operator of its programme can lift the lock.
 */
export const failureBucket = (venueId: string) => `redeem-failures:${venueId}`;

/** When the current window ends, as the database sees it, and how long that is from now. */
export async function lockEnds(q: Queryable): Promise<{ until: string; retryAfterSeconds: number }> {
  const rows = await q.query<{ until: string; seconds: number }>(
    `SELECT to_json(w.ends) #>> '{}' AS until, ceil(extract(epoch FROM w.ends - now()))::int AS seconds
       FROM (SELECT to_timestamp(floor(extract(epoch FROM now()) / $1) * $1 + $1) AS ends) w`,
    [THROTTLE.windowSeconds],
  );
  const row = rows[0] as { until: string; seconds: number };
  return { until: row.until, retryAfterSeconds: Math.max(1, row.seconds) };
}

/** The refusal a locked venue gets: it says until when, in words and in details. */
export async function lockedRefusal(q: Queryable): Promise<AppError> {
  const ends = await lockEnds(q);
  const minutes = Math.ceil(ends.retryAfterSeconds / 60);
  return new AppError(
    'REDEMPTION_THROTTLED',
    ends,
    `Trop de codes inconnus ou erronés ont été saisis dans ce lieu : réessayez dans ${minutes} minute${minutes > 1 ? 's' : ''}, ou demandez à l'opérateur du programme de lever le blocage.`,
  );
}

/** Venues of the programme whose redemptions are locked now, with the end of the lock. */
export async function redemptionLocks(
  q: Queryable,
  programmeId: string,
): Promise<{ organisationId: string; organisationName: string; lockedUntil: string }[]> {
  return q.query(
    `SELECT vq.organisation_id AS "organisationId", o.name AS "organisationName",
            to_json(t.window_start + make_interval(secs => $2)) #>> '{}' AS "lockedUntil"
       FROM venue_qualifications vq
       JOIN organisations o ON o.id = vq.organisation_id
       JOIN throttle_counters t ON t.bucket = 'redeem-failures:' || vq.organisation_id
        AND t.window_start = to_timestamp(floor(extract(epoch FROM now()) / $2) * $2) AND t.hits >= $3
      WHERE vq.programme_id = $1
      ORDER BY o.name`,
    [programmeId, THROTTLE.windowSeconds, THROTTLE.failures],
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
