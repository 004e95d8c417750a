import type { Db, Queryable } from '../../db/db.js';
import { AppError } from '../../errors.js';
import { type Actor, programmesWhere } from '../accounts/actor.js';
import { type RequestContext, recordAudit } from '../audit/audit.service.js';
import { enqueueJob } from '../jobs/jobs.service.js';
import type { EmailQuery, OutboxEmail } from './outbox.contract.js';
import { EMAIL_JOBS } from './outbox.js';

/** Renders a message whose text is made at sending time (a carnet's codes are never stored). */
export type Renderer = (q: Queryable, emailId: string) => Promise<{ subject: string; text: string } | null>;

type Row = Omit<OutboxEmail, 'subject' | 'body'> & { subject: string | null; body: string | null };

/**
 * The outbox as a manager sees it: an admin, every message; an operator, those of the
 * programmes it operates and the invitations its organisation sent. Other messages of no
 * programme are the admins' only.
 */
export async function listOutbox(
  db: Db,
  actor: Actor,
  query: EmailQuery,
  renderers: Record<string, Renderer>,
): Promise<OutboxEmail[]> {
  const mine = actor.isAdmin ? null : programmesWhere(actor, ['operator']);
  const rows = await db.query<Row>(
    `SELECT e.id, e.programme_id AS "programmeId", p.name AS "programmeName", e.kind, e.channel, e.to_address AS "to",
            e.subject, e.body, e.status, e.attempts, e.error, e.next_attempt_at AS "nextAttemptAt",
            e.created_at AS "createdAt", e.sent_at AS "sentAt"
       FROM outbox_emails e LEFT JOIN programmes p ON p.id = e.programme_id
      WHERE ($1::uuid[] IS NULL OR e.programme_id = ANY($1) OR e.sender_organisation_id = $6)
        AND ($2::uuid IS NULL OR e.programme_id = $2)
        AND ($3::text IS NULL OR e.status = $3)
        AND ($4::timestamptz IS NULL OR e.created_at < $4)
      ORDER BY e.created_at DESC, e.id LIMIT $5`,
    [mine, query.programmeId ?? null, query.status ?? null, query.before ?? null, query.limit, actor.organisationId],
  );
  return Promise.all(
    rows.map(async (r) => {
      const render = renderers[r.kind];
      const rendered = render && r.status !== 'sent' ? await render(db, r.id) : null;
      return {
        ...r,
        createdAt: new Date(r.createdAt).toISOString(),
        sentAt: r.sentAt && new Date(r.sentAt).toISOString(),
        nextAttemptAt: r.nextAttemptAt && new Date(r.nextAttemptAt).toISOString(),
        subject: rendered?.subject ?? r.subject ?? 'Carnet de Pass numériques',
        body: rendered?.text ?? r.body,
      };
    }),
  );
}

/** Whose a message is (undefined: no such message). */
export async function emailOwner(
  db: Db,
  emailId: string,
): Promise<{ programmeId: string | null; senderOrganisationId: string | null } | undefined> {
  const rows = await db.query<{ programmeId: string | null; senderOrganisationId: string | null }>(
    `SELECT programme_id AS "programmeId", sender_organisation_id AS "senderOrganisationId" FROM outbox_emails WHERE id = $1`,
    [emailId],
  );
  return rows[0];
}

/** Sends a failed message again, with a fresh round of tries. */
export async function retryEmail(db: Db, ctx: RequestContext, emailId: string): Promise<void> {
  await db.tx(async (q) => {
    const rows = await q.query<{ programme_id: string | null; kind: string }>(
      `UPDATE outbox_emails SET status = 'pending', attempts = 0, next_attempt_at = NULL
        WHERE id = $1 AND status = 'failed' RETURNING programme_id, kind`,
      [emailId],
    );
    const email = rows[0];
    if (!email) throw new AppError('EMAIL_NOT_FAILED');
    await enqueueJob(q, {
      programmeId: email.programme_id,
      kind: email.kind === 'carnet' ? EMAIL_JOBS.carnet : EMAIL_JOBS.message,
      payload: { emailId },
      createdBy: ctx.actor?.userId ?? null,
    });
    await recordAudit(q, ctx, {
      programmeId: email.programme_id,
      action: 'email.retry',
      entityType: 'email',
      entityId: emailId,
    });
  });
}
