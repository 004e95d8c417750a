import type { Db } from '../../db/db.js';
import { purgeOldWindows } from '../throttle/throttle.service.js';

export const HOUSEKEEPING_JOB = 'housekeeping';

/** How long a redemption's Idempotency-Key answers retries; venues retry within minutes. */
const IDEMPOTENCY_RETENTION_DAYS = 7;

/** Daily clean-up of what only lives for a while: sessions, sign-ins in progress, counters, keys. */
export async function housekeeping(db: Db): Promise<Record<string, number>> {
  const count = async (sql: string, params: unknown[] = []) => (await db.query(`${sql} RETURNING 1`, params)).length;
  const sessions = await count('DELETE FROM sessions WHERE expires_at < now()');
  const oidc = await count('DELETE FROM oidc_logins WHERE expires_at < now()');
  const keys = await count(`DELETE FROM idempotency_keys WHERE created_at < now() - make_interval(days => $1)`, [
    IDEMPOTENCY_RETENTION_DAYS,
  ]);
  await purgeOldWindows(db, 86_400);
  return { sessions, oidc, keys };
}
