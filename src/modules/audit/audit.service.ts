import { csvString } from '../../csv.js';
import type { Queryable } from '../../db/db.js';
import { AppError } from '../../errors.js';
import { type Actor, programmesWhere } from '../accounts/actor.js';
import { AUDIT_ACTIONS, type AuditAction } from './audit.actions.js';
import type { AuditEntry as AuditEntryView, AuditQuery } from './audit.contract.js';

/** Who acts, carried from the HTTP request (or the CLI) down to every write. */
export interface RequestContext {
  actor: Actor | null;
  requestId: string | null;
}

export interface AuditRecord {
  programmeId: string | null;
  action: AuditAction;
  entityType: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
}

/** Writes the audit row; callers pass the transaction of the write it describes. */
export async function recordAudit(q: Queryable, ctx: RequestContext, entry: AuditRecord): Promise<void> {
  await q.query(
    `INSERT INTO audit_log (programme_id, actor_user_id, actor_organisation_id, action, entity_type, entity_id, before, after, request_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [
      entry.programmeId,
      ctx.actor?.userId ?? null,
      ctx.actor?.organisationId ?? null,
      entry.action,
      entry.entityType,
      entry.entityId,
      entry.before === undefined ? null : JSON.stringify(entry.before),
      entry.after === undefined ? null : JSON.stringify(entry.after),
      ctx.requestId,
    ],
  );
}

export type AuditFilter = AuditQuery & {
  /** Programmes the reader may see; null for every programme (platform admins). */
  visibleProgrammes: string[] | null;
};

/** An entry as read from the table: its time still a Date, and the actor's organisation. */
export type AuditRow = Omit<AuditEntryView, 'at'> & { at: Date; actorOrganisationId: string | null };

export async function listAudit(q: Queryable, f: AuditFilter): Promise<AuditRow[]> {
  return q.query<AuditRow>(
    `SELECT a.id, a.programme_id AS "programmeId", a.at, a.actor_user_id AS "actorUserId", u.email AS "actorEmail",
            a.actor_organisation_id AS "actorOrganisationId", a.action, a.entity_type AS "entityType",
            a.entity_id AS "entityId", a.before, a.after, a.request_id AS "requestId"
       FROM audit_log a LEFT JOIN users u ON u.id = a.actor_user_id
      WHERE ($1::uuid[] IS NULL OR a.programme_id = ANY($1))
        AND ($2::uuid IS NULL OR a.programme_id = $2)
        AND ($3::text IS NULL OR a.entity_type = $3)
        AND ($4::text IS NULL OR a.entity_id = $4)
        AND ($5::text IS NULL OR a.action = $5)
        AND ($6::uuid IS NULL OR a.actor_user_id = $6)
        AND ($7::timestamptz IS NULL OR a.at >= $7)
        AND ($8::timestamptz IS NULL OR a.at < $8)
        AND ($9::bigint IS NULL OR a.id < $9)
        AND ($11::text IS NULL OR strpos(lower(u.email), lower($11)) > 0)
      ORDER BY a.id DESC
      LIMIT $10`,
    [
      f.visibleProgrammes,
      f.programmeId ?? null,
      f.entityType ?? null,
      f.entityId ?? null,
      f.action ?? null,
      f.actorUserId ?? null,
      f.from ?? null,
      f.to ?? null,
      f.beforeId ?? null,
      f.limit,
      f.actor || null,
    ],
  );
}

/** Operators read the entries of their own programmes; platform-wide entries are the admins'. */
export async function auditSeenBy(q: Queryable, actor: Actor, query: AuditQuery): Promise<AuditEntryView[]> {
  const visible = actor.isAdmin ? null : programmesWhere(actor, ['operator']);
  if (visible && query.programmeId && !visible.includes(query.programmeId)) throw new AppError('FORBIDDEN');
  const rows = await listAudit(q, { ...query, visibleProgrammes: visible });
  return rows.map((r) => ({ ...r, at: r.at.toISOString() }));
}

/** The entries the reader may see, as CSV for a spreadsheet: whole identifiers, actions in French. */
export async function auditCsv(q: Queryable, actor: Actor, query: AuditQuery): Promise<string> {
  const rows = await auditSeenBy(q, actor, query);
  return csvString(
    rows.map((r) => [
      r.at,
      r.actorEmail ?? 'système',
      AUDIT_ACTIONS[r.action as AuditAction] ?? r.action,
      r.action,
      r.entityType,
      r.entityId,
      r.programmeId ?? '',
      r.before === null ? '' : JSON.stringify(r.before),
      r.after === null ? '' : JSON.stringify(r.after),
      r.requestId ?? '',
    ]),
    {
      header: true,
      columns: [
        'date',
        'auteur',
        'action',
        'code_action',
        'objet',
        'identifiant',
        'programme',
        'avant',
        'apres',
        'requete',
      ],
    },
  );
}
