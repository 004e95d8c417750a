import type { Config } from '../../config.js';
import { batcherOf } from '../../db/batcher.js';
import type { Db, Queryable } from '../../db/db.js';
import { AppError } from '../../errors.js';
import { type RequestContext, recordAudit } from '../audit/audit.service.js';
import { clearBucket, countHit, refundHit } from '../throttle/throttle.service.js';
import type { ApiToken } from './accounts.contract.js';
import type { Actor, ProgrammeRole } from './actor.js';
import { newSecretToken, tokenHash, verifyPassword } from './secrets.js';

const ACTOR_COLUMNS = `u.id AS "userId", u.email, u.display_name AS "displayName", u.organisation_id AS "organisationId",
  o.name AS "organisationName", u.is_platform_admin AS "isAdmin",
  COALESCE((SELECT json_agg(json_build_object('programmeId', r.programme_id, 'role', r.role) ORDER BY r.programme_id, r.role)
              FROM user_roles r WHERE r.user_id = u.id), '[]'::json) AS roles`;

type ActorRow = Omit<Actor, 'via'>;

/**
 * Who holds the session. Every API request asks, so the requests arriving together are looked
 * up in one statement (see InFlightBatcher): one round trip for many under load.
 */
export function actorFromSession(db: Db, token: string): Promise<Actor | null> {
  return batcherOf<string, Actor | null>(db, 'session-actors', (d) => ({
    run: async (hashes) => {
      const rows = await d.query<ActorRow & { tokenHash: string }>(
        `SELECT s.token_hash AS "tokenHash", ${ACTOR_COLUMNS}
           FROM sessions s JOIN users u ON u.id = s.user_id JOIN organisations o ON o.id = u.organisation_id
          WHERE s.token_hash = ANY($1::text[]) AND s.expires_at > now() AND u.disabled_at IS NULL`,
        [hashes],
        'actors-from-sessions',
      );
      const byHash = new Map(rows.map(({ tokenHash: h, ...actor }) => [h, actor]));
      return hashes.map((h) => {
        const actor = byHash.get(h);
        return actor ? { ...actor, via: 'session' as const } : null;
      });
    },
    maxBatch: 64,
    maxInFlight: 4,
  })).submit(tokenHash(token));
}

export async function actorFromApiToken(q: Queryable, token: string): Promise<Actor | null> {
  const rows = await q.query<ActorRow>(
    `UPDATE api_tokens t SET last_used_at = now() FROM users u JOIN organisations o ON o.id = u.organisation_id
      WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND u.id = t.user_id AND u.disabled_at IS NULL
      RETURNING ${ACTOR_COLUMNS}`,
    [tokenHash(token)],
  );
  return rows[0] ? { ...rows[0], via: 'token' } : null;
}

export async function actorByUserId(q: Queryable, userId: string): Promise<Actor | null> {
  const rows = await q.query<ActorRow>(
    `SELECT ${ACTOR_COLUMNS} FROM users u JOIN organisations o ON o.id = u.organisation_id
      WHERE u.id = $1 AND u.disabled_at IS NULL`,
    [userId],
  );
  return rows[0] ? { ...rows[0], via: 'session' } : null;
}

function throttleBuckets(email: string, ip: string): { email: string; ip: string } {
  // The e-mail is hashed so the counters table holds no personal data.
  return { email: `login:email:${tokenHash(email)}`, ip: `login:ip:${ip}` };
}

/** Opens a session for the user; returns the cookie value. */
export async function openSession(db: Db, cfg: Config, userId: string, ctx: RequestContext): Promise<string> {
  const token = newSecretToken();
  await db.tx(async (q) => {
    await q.query(
      `INSERT INTO sessions (token_hash, user_id, expires_at) VALUES ($1, $2, now() + make_interval(hours => $3))`,
      [tokenHash(token), userId, cfg.sessionTtlHours],
    );
    await recordAudit(q, ctx, { programmeId: null, action: 'session.open', entityType: 'user', entityId: userId });
  });
  return token;
}

export async function login(
  db: Db,
  cfg: Config,
  input: { email: string; password: string; ip: string },
  requestId: string | null,
): Promise<{ token: string; actor: Actor }> {
  const email = input.email.trim().toLowerCase();
  const buckets = throttleBuckets(email, input.ip);
  const windowSeconds = cfg.login.windowMinutes * 60;
  // Each attempt is counted before its password is checked, in one statement per counter: however
  // many arrive at once, at most the limit is ever verified in a window.
  const [byEmail, byIp] = await Promise.all([
    countHit(db, buckets.email, windowSeconds),
    countHit(db, buckets.ip, windowSeconds),
  ]);
  if (byEmail > cfg.login.maxFailures || byIp > cfg.login.maxFailures * 10) {
    throw new AppError('LOGIN_THROTTLED', { retryAfterSeconds: windowSeconds });
  }
  const rows = await db.query<{ id: string; password_hash: string | null }>(
    'SELECT id, password_hash FROM users WHERE email = $1 AND disabled_at IS NULL',
    [email],
  );
  const user = rows[0];
  const ok = await verifyPassword(input.password, user?.password_hash ?? null);
  if (!user || !ok) throw new AppError('INVALID_CREDENTIALS');
  // A success frees the account's counter and gives its attempt back to the address (people
  // behind one office router each sign in).
  await Promise.all([clearBucket(db, buckets.email), refundHit(db, buckets.ip, windowSeconds)]);
  const actor = await actorByUserId(db, user.id);
  if (!actor) throw new AppError('INVALID_CREDENTIALS');
  const token = await openSession(db, cfg, user.id, { actor, requestId });
  return { token, actor };
}

export async function logout(q: Queryable, token: string): Promise<void> {
  await q.query('DELETE FROM sessions WHERE token_hash = $1', [tokenHash(token)]);
}

/** Grants a programme role to a user whose organisation plays that role. */
export async function grantRole(
  db: Db,
  ctx: RequestContext,
  programmeId: string,
  userId: string,
  role: ProgrammeRole,
): Promise<void> {
  await db.tx(async (q) => {
    const users = await q.query<{ kinds: string[] }>(
      'SELECT o.kinds FROM users u JOIN organisations o ON o.id = u.organisation_id WHERE u.id = $1',
      [userId],
    );
    const user = users[0];
    if (!user) throw new AppError('USER_NOT_FOUND');
    if (!user.kinds.includes(role)) throw new AppError('ROLE_NOT_PLAYED', { role });
    const rows = await q.query(
      `INSERT INTO user_roles (programme_id, user_id, role) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING 1`,
      [programmeId, userId, role],
    );
    if (rows.length > 0) {
      await recordAudit(q, ctx, {
        programmeId,
        action: 'role.grant',
        entityType: 'user',
        entityId: userId,
        after: { role },
      });
    }
  });
}

export async function revokeRole(
  db: Db,
  ctx: RequestContext,
  programmeId: string,
  userId: string,
  role: ProgrammeRole,
): Promise<void> {
  await db.tx(async (q) => {
    const rows = await q.query(
      'DELETE FROM user_roles WHERE programme_id = $1 AND user_id = $2 AND role = $3 RETURNING 1',
      [programmeId, userId, role],
    );
    if (rows.length === 0) throw new AppError('NOT_FOUND');
    await recordAudit(q, ctx, {
      programmeId,
      action: 'role.revoke',
      entityType: 'user',
      entityId: userId,
      before: { role },
    });
  });
}

// Timestamps leave the database as ISO-8601 text, the API's format.
const TOKEN_COLUMNS = `id, name, to_json(created_at) #>> '{}' AS "createdAt", to_json(last_used_at) #>> '{}' AS "lastUsedAt",
  to_json(revoked_at) #>> '{}' AS "revokedAt"`;

export async function createApiToken(
  db: Db,
  ctx: RequestContext & { actor: Actor },
  name: string,
): Promise<ApiToken & { token: string }> {
  const token = newSecretToken('pn_');
  return db.tx(async (q) => {
    const rows = await q.query<ApiToken>(
      `INSERT INTO api_tokens (user_id, name, token_hash) VALUES ($1, $2, $3)
       RETURNING ${TOKEN_COLUMNS}`,
      [ctx.actor.userId, name, tokenHash(token)],
    );
    const view = rows[0] as ApiToken;
    await recordAudit(q, ctx, {
      programmeId: null,
      action: 'api_token.create',
      entityType: 'api_token',
      entityId: view.id,
      after: { name },
    });
    return { ...view, token };
  });
}

export async function listApiTokens(q: Queryable, userId: string): Promise<ApiToken[]> {
  return q.query<ApiToken>(`SELECT ${TOKEN_COLUMNS} FROM api_tokens WHERE user_id = $1 ORDER BY created_at DESC`, [
    userId,
  ]);
}

export async function revokeApiToken(db: Db, ctx: RequestContext & { actor: Actor }, tokenId: string): Promise<void> {
  await db.tx(async (q) => {
    const rows = await q.query(
      'UPDATE api_tokens SET revoked_at = now() WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL RETURNING 1',
      [tokenId, ctx.actor.userId],
    );
    if (rows.length === 0) throw new AppError('TOKEN_NOT_FOUND');
    await recordAudit(q, ctx, {
      programmeId: null,
      action: 'api_token.revoke',
      entityType: 'api_token',
      entityId: tokenId,
    });
  });
}
