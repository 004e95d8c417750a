import type { Config } from '../../config.js';
import type { Db, Queryable } from '../../db/db.js';
import { AppError } from '../../errors.js';
import { type RequestContext, recordAudit } from '../audit/audit.service.js';
import { queueEmail } from '../mail/outbox.js';
import type {
  Organisation,
  OrganisationInput,
  OrganisationPatch,
  OrganisationPerson,
  ProgrammeActor,
  UserInput,
  UserView,
} from './accounts.contract.js';
import type { Actor } from './actor.js';
import { createInvitation } from './invitations.service.js';
import type { OrganisationStanding, TargetUser } from './membership.rules.js';
import { hashPassword } from './secrets.js';
import { parseSiret } from './siret.rules.js';

/**
 * The organisations an operator sees: those whose people hold roles in its programmes, the
 * funders of its programmes, and those its own organisation registered. ($1 user, $2 organisation)
 */
const VISIBLE_TO_OPERATOR = `(
     EXISTS (SELECT 1 FROM user_roles mine JOIN user_roles theirs ON theirs.programme_id = mine.programme_id
               JOIN users tu ON tu.id = theirs.user_id
              WHERE mine.user_id = $1 AND mine.role = 'operator' AND tu.organisation_id = o.id)
  OR EXISTS (SELECT 1 FROM user_roles mine JOIN programme_funders f ON f.programme_id = mine.programme_id
              WHERE mine.user_id = $1 AND mine.role = 'operator' AND f.organisation_id = o.id)
  OR EXISTS (SELECT 1 FROM user_roles mine JOIN programmes p ON p.id = mine.programme_id
              WHERE mine.user_id = $1 AND mine.role = 'operator' AND p.operator_organisation_id = o.id)
  OR (o.created_by_organisation_id = $2
      AND EXISTS (SELECT 1 FROM user_roles mine WHERE mine.user_id = $1 AND mine.role = 'operator')))`;

const ORGANISATION_COLUMNS = `o.id, o.name, o.siret, o.kinds, o.sectors,
  (SELECT count(*)::int FROM users u WHERE u.organisation_id = o.id AND u.disabled_at IS NULL) AS people`;

/** Admins see all; operators the organisations of their programmes; others their own only. */
export async function listOrganisations(q: Queryable, actor: Actor): Promise<Organisation[]> {
  return q.query<Organisation>(
    `SELECT ${ORGANISATION_COLUMNS} FROM organisations o
      WHERE $3 OR o.id = $2 OR ${VISIBLE_TO_OPERATOR}
      ORDER BY o.name`,
    [actor.userId, actor.organisationId, actor.isAdmin],
  );
}

/** Where an organisation stands for the actor (null: no such organisation). */
export async function organisationStanding(
  q: Queryable,
  actor: Actor,
  organisationId: string,
): Promise<OrganisationStanding | null> {
  const rows = await q.query<OrganisationStanding>(
    `SELECT ${VISIBLE_TO_OPERATOR} AS "visibleToOperator",
            EXISTS (SELECT 1 FROM users u WHERE u.organisation_id = o.id AND u.disabled_at IS NULL
                       AND (u.password_hash IS NOT NULL OR u.oidc_subject IS NOT NULL)) AS established
       FROM organisations o WHERE o.id = $3`,
    [actor.userId, actor.organisationId, organisationId],
  );
  return rows[0] ?? null;
}

export async function createOrganisation(db: Db, ctx: RequestContext, input: OrganisationInput): Promise<Organisation> {
  const siret = parseSiret(input.siret);
  if (!siret) throw new AppError('SIRET_INVALID', { siret: input.siret });
  return db.tx(async (q) => {
    const rows = await q.query<Organisation>(
      `INSERT INTO organisations AS o (name, siret, kinds, created_by_organisation_id, sectors) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (siret) DO NOTHING RETURNING ${ORGANISATION_COLUMNS}`,
      [
        input.name.trim(),
        siret,
        [...new Set(input.kinds)],
        ctx.actor?.organisationId ?? null,
        [...new Set(input.sectors ?? [])],
      ],
    );
    const org = rows[0];
    if (!org) throw new AppError('SIRET_TAKEN', { siret });
    await recordAudit(q, ctx, {
      programmeId: null,
      action: 'organisation.create',
      entityType: 'organisation',
      entityId: org.id,
      after: org,
    });
    return org;
  });
}

export async function updateOrganisation(
  db: Db,
  ctx: RequestContext,
  organisationId: string,
  patch: OrganisationPatch,
): Promise<Organisation> {
  const siret = patch.siret === undefined ? undefined : parseSiret(patch.siret);
  if (siret === null) throw new AppError('SIRET_INVALID', { siret: patch.siret });
  return db.tx(async (q) => {
    const before = (
      await q.query<Organisation>(`SELECT ${ORGANISATION_COLUMNS} FROM organisations o WHERE o.id = $1 FOR UPDATE`, [
        organisationId,
      ])
    )[0];
    if (!before) throw new AppError('ORGANISATION_NOT_FOUND');
    if (siret && siret !== before.siret) {
      const taken = await q.query('SELECT 1 FROM organisations WHERE siret = $1', [siret]);
      if (taken.length > 0) throw new AppError('SIRET_TAKEN', { siret });
    }
    const rows = await q
      .query<Organisation>(
        `UPDATE organisations AS o SET name = $2, siret = $3, kinds = $4, sectors = $5, updated_at = now() WHERE id = $1
         RETURNING ${ORGANISATION_COLUMNS}`,
        [
          organisationId,
          patch.name?.trim() ?? before.name,
          siret ?? before.siret,
          patch.kinds ? [...new Set(patch.kinds)] : before.kinds,
          patch.sectors ? [...new Set(patch.sectors)] : before.sectors,
        ],
      )
      .catch((err: unknown) => {
        // Another organisation took the same SIRET at the same moment: the unique index decides.
        if ((err as { code?: string }).code === '23505') throw new AppError('SIRET_TAKEN', { siret });
        throw err;
      });
    const after = rows[0] as Organisation;
    await recordAudit(q, ctx, {
      programmeId: null,
      action: 'organisation.update',
      entityType: 'organisation',
      entityId: organisationId,
      before,
      after,
    });
    return after;
  });
}

export async function listPeople(q: Queryable, organisationId: string): Promise<OrganisationPerson[]> {
  return q.query<OrganisationPerson>(
    `SELECT u.id, u.email, u.display_name AS "displayName",
            CASE WHEN u.disabled_at IS NOT NULL THEN 'disabled'
                 WHEN u.password_hash IS NULL AND u.oidc_subject IS NULL THEN 'invited' ELSE 'active' END AS status,
            COALESCE((SELECT json_agg(json_build_object('programmeId', r.programme_id, 'programmeName', p.name, 'role', r.role)
                                      ORDER BY p.name, r.role)
                        FROM user_roles r JOIN programmes p ON p.id = r.programme_id WHERE r.user_id = u.id), '[]'::json) AS roles
       FROM users u WHERE u.organisation_id = $1 ORDER BY u.disabled_at IS NOT NULL, u.display_name, u.email`,
    [organisationId],
  );
}

/**
 * Creates an account in an organisation. Without a password, the person is invited: an e-mail
 * with a one-time link to choose one, queued in the same transaction.
 */
export async function createUser(
  db: Db,
  cfg: Config,
  ctx: RequestContext,
  organisationId: string,
  input: UserInput,
): Promise<UserView> {
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  return db.tx(async (q) => {
    const rows = await q.query<UserView & { organisationName: string }>(
      `INSERT INTO users (organisation_id, email, display_name, password_hash)
       SELECT id, $2, $3, $4 FROM organisations WHERE id = $1
       ON CONFLICT (email) DO NOTHING
       RETURNING id, organisation_id AS "organisationId", email, display_name AS "displayName",
                 (SELECT name FROM organisations WHERE id = $1) AS "organisationName"`,
      [organisationId, input.email.trim().toLowerCase(), input.displayName.trim(), passwordHash],
    );
    const created = rows[0];
    if (!created) {
      const exists = await q.query('SELECT 1 FROM organisations WHERE id = $1', [organisationId]);
      throw new AppError(exists.length ? 'EMAIL_TAKEN' : 'ORGANISATION_NOT_FOUND');
    }
    const { organisationName, ...user } = created;
    if (!passwordHash) {
      const link = await createInvitation(q, cfg, user.id);
      await queueEmail(q, {
        programmeId: null,
        senderOrganisationId: ctx.actor?.organisationId ?? null,
        to: user.email,
        subject: `Votre compte Passnum — ${organisationName}`,
        body: [
          'Bonjour,',
          '',
          `Un compte Passnum a été ouvert pour vous au nom de ${organisationName}.`,
          'Choisissez votre mot de passe avec ce lien, valable 14 jours et une seule fois :',
          link,
        ].join('\n'),
      });
    }
    await recordAudit(q, ctx, {
      programmeId: null,
      action: passwordHash ? 'user.create' : 'user.invite',
      entityType: 'user',
      entityId: user.id,
      after: { organisationId, displayName: user.displayName },
    });
    return user;
  });
}

/** The person a deactivation is about (null: no such account). */
export async function targetUser(q: Queryable, userId: string): Promise<TargetUser | null> {
  const rows = await q.query<TargetUser>(
    `SELECT u.is_platform_admin AS "isAdmin", u.organisation_id AS "organisationId",
            ARRAY(SELECT DISTINCT r.programme_id::text FROM user_roles r WHERE r.user_id = u.id) AS "programmeIds"
       FROM users u WHERE u.id = $1`,
    [userId],
  );
  return rows[0] ?? null;
}

/** Deactivates (or reactivates) an account; a deactivated one loses its sessions and tokens at once. */
export async function setUserDisabled(
  db: Db,
  ctx: RequestContext & { actor: Actor },
  userId: string,
  disabled: boolean,
): Promise<void> {
  if (disabled && userId === ctx.actor.userId)
    throw new AppError('FORBIDDEN', undefined, 'Vous ne pouvez pas désactiver votre propre compte.');
  await db.tx(async (q) => {
    const rows = await q.query(
      `UPDATE users SET disabled_at = CASE WHEN $2 THEN now() END
        WHERE id = $1 AND (disabled_at IS NULL) = $2 RETURNING 1`,
      [userId, disabled],
    );
    if (rows.length === 0) return;
    if (disabled) {
      await q.query('DELETE FROM sessions WHERE user_id = $1', [userId]);
      await q.query('UPDATE api_tokens SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL', [userId]);
    }
    await recordAudit(q, ctx, {
      programmeId: null,
      action: disabled ? 'user.disable' : 'user.enable',
      entityType: 'user',
      entityId: userId,
    });
  });
}

export async function listProgrammeActors(q: Queryable, programmeId: string): Promise<ProgrammeActor[]> {
  return q.query<ProgrammeActor>(
    `SELECT u.id AS "userId", u.email, u.display_name AS "displayName", o.id AS "organisationId",
            o.name AS "organisationName", r.role, u.disabled_at IS NOT NULL AS disabled
       FROM user_roles r JOIN users u ON u.id = r.user_id JOIN organisations o ON o.id = u.organisation_id
      WHERE r.programme_id = $1 ORDER BY r.role, o.name, u.display_name`,
    [programmeId],
  );
}
