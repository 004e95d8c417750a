import type { Config } from '../../config.js';
import type { Db, Queryable } from '../../db/db.js';
import { AppError } from '../../errors.js';
import { type RequestContext, recordAudit } from '../audit/audit.service.js';
import { openSession } from './accounts.service.js';
import { hashPassword, newSecretToken, tokenHash } from './secrets.js';

const INVITATION_DAYS = 14;

/** A one-time link for a user without a password; only the token's hash is stored. */
export async function createInvitation(q: Queryable, cfg: Config, userId: string): Promise<string> {
  const token = newSecretToken('inv_');
  await q.query(
    `INSERT INTO user_invitations (token_hash, user_id, expires_at) VALUES ($1, $2, now() + make_interval(days => $3))`,
    [tokenHash(token), userId, INVITATION_DAYS],
  );
  // The token travels in the fragment: browsers never send it to the server, so no log holds it.
  return `${cfg.publicUrl}/invitation#${token}`;
}

/** Sets the invited user's password, uses the invitation up and opens a session. */
export async function acceptInvitation(
  db: Db,
  cfg: Config,
  ctx: RequestContext,
  input: { token: string; password: string },
): Promise<string> {
  const passwordHash = await hashPassword(input.password);
  const userId = await db.tx(async (q) => {
    const rows = await q.query<{ user_id: string }>(
      `UPDATE user_invitations SET used_at = now()
        WHERE token_hash = $1 AND used_at IS NULL AND expires_at > now() RETURNING user_id`,
      [tokenHash(input.token)],
    );
    const id = rows[0]?.user_id;
    if (!id) throw new AppError('INVITATION_INVALID');
    await q.query('UPDATE users SET password_hash = $2 WHERE id = $1 AND disabled_at IS NULL', [id, passwordHash]);
    await recordAudit(q, ctx, {
      programmeId: null,
      action: 'user.invitation-accept',
      entityType: 'user',
      entityId: id,
    });
    return id;
  });
  return openSession(db, cfg, userId, ctx);
}
