import type { SendMailOptions, Transporter } from 'nodemailer';
import type { Config } from '../../config.js';
import type { Queryable } from '../../db/db.js';
import { enqueueJob, type Job, type JobContext, type RetryPolicy } from '../jobs/jobs.service.js';
import type { SmsSender } from './sms.js';

/** The job that sends each kind of message of the outbox. */
export const EMAIL_JOBS = { message: 'send-email', carnet: 'send-carnet-email' } as const;
export const SEND_EMAIL_JOB = EMAIL_JOBS.message;

/**
 * A mail server down for an afternoon loses nothing: six tries, 1, 4, 16, 64 then 256 minutes
 * apart (about 5 h 40 in all); then the message shows as failed, with its error, to be sent again.
 */
export const EMAIL_RETRY: RetryPolicy = { attempts: 6, backoffSeconds: (attempt) => 60 * 4 ** (attempt - 1) };

export interface OutgoingEmail {
  programmeId: string | null;
  /** A text message goes to a phone number in `to`, through the SMS provider if one is set. */
  channel?: 'email' | 'sms';
  /** The carnet the message is about (a reminder), so that who got what can be checked. */
  carnetId?: string | null;
  /** For a message of no programme (an invitation): the organisation that sent it sees it. */
  senderOrganisationId?: string | null;
  to: string;
  subject: string;
  body: string;
}

/** Where messages go: the SMTP transport and the SMS provider, or none (kept in the outbox, shown to managers). */
export interface MailDeps {
  config: Config;
  mailer: Transporter | null;
  sms?: SmsSender | null;
}

/**
 * Queues a plain-text e-mail in the caller's transaction: it leaves only if the change it tells
 * about is committed, and a crash between commit and sending loses nothing.
 */
export async function queueEmail(q: Queryable, email: OutgoingEmail): Promise<void> {
  const rows = await q.query<{ id: string }>(
    `INSERT INTO outbox_emails (programme_id, kind, to_address, subject, body, sender_organisation_id, channel, carnet_id)
     VALUES ($1, 'message', $2, $3, $4, $5, $6, $7) RETURNING id`,
    [
      email.programmeId,
      email.to,
      email.subject,
      email.body,
      email.senderOrganisationId ?? null,
      email.channel ?? 'email',
      email.carnetId ?? null,
    ],
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

/**
 * Sends one rendered message of the outbox, or keeps it when there is no mail server. A failure
 * is recorded on the message (attempts, error, next try) and rethrown so the job is retried with
 * the backoff of EMAIL_RETRY; after the last try the message shows as failed. Once sent, the
 * address and body are erased (they may hold a link).
 */
export async function deliver(
  q: Queryable,
  job: Job,
  deps: MailDeps,
  emailId: string,
  message: Omit<SendMailOptions, 'from'>,
): Promise<{ sent: boolean; kept?: true }> {
  const { mailer } = deps;
  return deliverWith(q, job, emailId, mailer && (() => mailer.sendMail({ ...message, from: deps.config.mailFrom })));
}

/** The same for any channel: `send` hands the message over, null when the channel has no provider. */
async function deliverWith(
  q: Queryable,
  job: Job,
  emailId: string,
  send: (() => Promise<unknown>) | null,
): Promise<{ sent: boolean; kept?: true }> {
  if (!send) {
    await q.query(`UPDATE outbox_emails SET status = 'kept' WHERE id = $1 AND status = 'pending'`, [emailId]);
    return { sent: false, kept: true };
  }
  try {
    await send();
  } catch (err) {
    const final = job.attempts >= EMAIL_RETRY.attempts;
    await q.query(
      `UPDATE outbox_emails SET attempts = $2, error = $3, status = $4,
              next_attempt_at = CASE WHEN $4 = 'pending' THEN now() + make_interval(secs => $5) END
        WHERE id = $1`,
      [
        emailId,
        job.attempts,
        (err instanceof Error ? err.message : String(err)).slice(0, 500),
        final ? 'failed' : 'pending',
        EMAIL_RETRY.backoffSeconds(job.attempts),
      ],
    );
    throw err;
  }
  await q.query(
    `UPDATE outbox_emails SET status = 'sent', sent_at = now(), attempts = $2, error = NULL, next_attempt_at = NULL,
            to_address = NULL, body = NULL
      WHERE id = $1`,
    [emailId, job.attempts],
  );
  return { sent: true };
}

/** Sends (or keeps) one queued plain-text message. */
export async function sendQueuedEmail(job: Job, ctx: JobContext, deps: MailDeps) {
  const emailId = String(job.payload.emailId);
  const rows = await ctx.db.query<{
    to_address: string | null;
    subject: string;
    body: string;
    status: string;
    channel: 'email' | 'sms';
  }>('SELECT to_address, subject, body, status, channel FROM outbox_emails WHERE id = $1', [emailId]);
  const email = rows[0];
  if (email?.status !== 'pending' || !email.to_address) return { sent: false };
  if (email.channel === 'sms') {
    const { sms } = deps;
    const to = email.to_address;
    return deliverWith(ctx.db, job, emailId, sms ? () => sms.send(to, email.body) : null);
  }
  return deliver(ctx.db, job, deps, emailId, { to: email.to_address, subject: email.subject, text: email.body });
}
