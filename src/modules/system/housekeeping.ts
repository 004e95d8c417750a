import type { Db } from '../../db/db.js';
import { purgeOldWindows } from '../throttle/throttle.service.js';

export const HOUSEKEEPING_JOB = 'housekeeping';

/** How long a redemption's Idempotency-Key answers retries; venues retry within minutes. */
const IDEMPOTENCY_RETENTION_DAYS = 7;

/** How long an e-mail that was not sent keeps its address and text on the "Courriels" page. */
const KEPT_EMAIL_DAYS = 30;

/** Daily clean-up of what only lives for a while: sessions, sign-ins in progress, counters, keys. */
export async function housekeeping(db: Db): Promise<Record<string, number>> {
  const count = async (sql: string, params: unknown[] = []) => (await db.query(`${sql} RETURNING 1`, params)).length;
  const sessions = await count('DELETE FROM sessions WHERE expires_at < now()');
  const oidc = await count('DELETE FROM oidc_logins WHERE expires_at < now()');
  const keys = await count(`DELETE FROM idempotency_keys WHERE created_at < now() - make_interval(days => $1)`, [
    IDEMPOTENCY_RETENTION_DAYS,
  ]);
  // A message kept for want of SMTP holds an address and maybe a link: shown for a month, then erased.
  const keptEmails = await count(
    `UPDATE outbox_emails SET to_address = NULL, body = NULL
      WHERE status IN ('kept', 'failed') AND to_address IS NOT NULL AND created_at < now() - make_interval(days => $1)`,
    [KEPT_EMAIL_DAYS],
  );
  await purgeOldWindows(db, 86_400);
  // The embedded database runs no autovacuum (one process, no background workers): without this
  // its planner would never learn how large the tables grew. A PostgreSQL server analyses itself.
  const analysed = db.kind === 'pglite' ? 1 : 0;
  if (analysed) await db.exec('ANALYZE');
  return { sessions, oidc, keys, keptEmails, analysed };
}
