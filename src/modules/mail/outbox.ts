import type { Transporter } from 'nodemailer';
import type { Config } from '../../config.js';
import type { Queryable } from '../../db/db.js';
import { enqueueJob, type Job, type JobContext } from '../jobs/jobs.service.js';

export const SEND_EMAIL_JOB = 'send-email';

export interface OutgoingEmail {
  programmeId: string | null;
  to: string;
  subject: string;
  body: string;
}

/**
 * Queues a plain-text e-mail in the caller's transaction: it leaves only if the change it tells
 * about is committed, and a crash between commit and sending loses nothing.
 */
export async function queueEmail(q: Queryable, email: OutgoingEmail): Promise<void> {
  const rows = await q.query<{ id: string }>(
    `INSERT INTO outbox_emails (programme_id, kind, to_address, subject, body) VALUES ($1, 'message', $2, $3, $4) RETURNING id`,
    [email.programmeId, email.to, email.subject, email.body],
  );
  await enqueueJob(q, {
    programmeId: email.programmeId,
    kind: SEND_EMAIL_JOB,
    payload: { emailId: rows[0]?.id },
    createdBy: null,
  });
}

/** Queues the same message to every active operator of a programme, in the caller's transaction. */
export async function emailProgrammeOperators(
  q: Queryable,
  programmeId: string,
  message: { subject: string; body: string },
): Promise<number> {
  const operators = await q.query<{ email: string }>(
    `SELECT u.email FROM user_roles r JOIN users u ON u.id = r.user_id
      WHERE r.programme_id = $1 AND r.role = 'operator' AND u.disabled_at IS NULL ORDER BY u.email`,
    [programmeId],
  );
  for (const o of operators) await queueEmail(q, { programmeId, to: o.email, ...message });
  return operators.length;
}

/** Sends one queued message; once sent, its address and body are erased (they may hold a link). */
export async function sendQueuedEmail(job: Job, ctx: JobContext, deps: { config: Config; mailer: Transporter }) {
  const emailId = String(job.payload.emailId);
  const rows = await ctx.db.query<{ to_address: string | null; subject: string; body: string; status: string }>(
    'SELECT to_address, subject, body, status FROM outbox_emails WHERE id = $1',
    [emailId],
  );
  const email = rows[0];
  if (email?.status !== 'pending' || !email.to_address) return { sent: false };
  await deps.mailer.sendMail({
    from: deps.config.mailFrom,
    to: email.to_address,
    subject: email.subject,
    text: email.body,
  });
  await ctx.db.query(
    `UPDATE outbox_emails SET status = 'sent', sent_at = now(), to_address = NULL, body = NULL WHERE id = $1`,
    [emailId],
  );
  return { sent: true };
}
