import escapeHtml from 'escape-html';
import type { SendMailOptions } from 'nodemailer';
import QRCode from 'qrcode';
import type { Config } from '../../config.js';
import type { Queryable } from '../../db/db.js';
import { frenchDate } from '../../format.js';
import { enqueueJob, type Job, type JobContext } from '../jobs/jobs.service.js';
import { deliver, EMAIL_JOBS, type MailDeps } from '../mail/outbox.js';
import { type CodeKeys, decryptCode } from './code.crypto.js';
import { formatCode } from './code.rules.js';

export const SEND_CARNET_EMAIL_JOB = EMAIL_JOBS.carnet;

/** Queues the e-mail of a dematerialised carnet, in the distribution's transaction. */
export async function queueCarnetEmail(q: Queryable, programmeId: string, carnetId: string, to: string): Promise<void> {
  const rows = await q.query<{ id: string }>(
    `INSERT INTO outbox_emails (programme_id, kind, to_address, carnet_id) VALUES ($1, 'carnet', $2, $3) RETURNING id`,
    [programmeId, to, carnetId],
  );
  await enqueueJob(q, { programmeId, kind: SEND_CARNET_EMAIL_JOB, payload: { emailId: rows[0]?.id }, createdBy: null });
}

/** The carnet e-mail as it is sent, or null when it can no longer be (sent, or address erased). */
export async function renderCarnetEmail(
  q: Queryable,
  deps: { keys: CodeKeys; config: Config },
  emailId: string,
): Promise<(Omit<SendMailOptions, 'from'> & { to: string; subject: string; text: string }) | null> {
  const rows = await q.query<{
    to_address: string | null;
    status: string;
    programme: string;
    serial: string;
    expires_on: string | null;
  }>(
    `SELECT e.to_address, e.status, p.name AS programme, c.serial,
            (SELECT max(expires_on)::text FROM passes WHERE carnet_id = c.id) AS expires_on
       FROM outbox_emails e JOIN carnets c ON c.id = e.carnet_id JOIN programmes p ON p.id = e.programme_id WHERE e.id = $1`,
    [emailId],
  );
  const email = rows[0];
  if (!email || email.status === 'sent' || !email.to_address) return null;
  const passes = await q.query<{ number: number; code_sealed: Uint8Array }>(
    `SELECT p.number, p.code_sealed FROM passes p JOIN carnets c ON c.id = p.carnet_id
      WHERE c.serial = $1 AND p.state = 'distributed' ORDER BY p.number`,
    [email.serial],
  );
  const items = await Promise.all(
    passes.map(async (p) => {
      const code = formatCode(decryptCode(deps.keys, p.code_sealed));
      const url = `${deps.config.publicUrl}/p/${code.replace(/-/g, '')}`;
      return { number: p.number, code, url, qr: await QRCode.toBuffer(url, { margin: 1, width: 200 }) };
    }),
  );
  const until = email.expires_on ? ` Ils sont valables jusqu'au ${frenchDate(email.expires_on)}.` : '';
  const text = [
    'Bonjour,',
    '',
    `Voici votre carnet de Pass numériques (${email.programme}), n° ${email.serial}.${until}`,
    'Présentez ces codes, ou leurs QR codes, dans un lieu de médiation numérique qualifié pour suivre un atelier.',
    '',
    ...items.map((i) => `Pass ${i.number} : ${i.code} — ${i.url}`),
  ].join('\n');
  // The programme's name is typed by an operator: escaped like every value put into the HTML.
  const html = `<p>Bonjour,</p><p>Voici votre carnet de Pass numériques (${escapeHtml(email.programme)}), n° ${escapeHtml(email.serial)}.${escapeHtml(until)}</p>
<p>Présentez ces codes, ou leurs QR codes, dans un lieu de médiation numérique qualifié pour suivre un atelier.</p>
${items.map((i) => `<p><strong>Pass ${i.number} : ${i.code}</strong><br><img src="cid:pass-${i.number}" alt="QR code du pass ${i.number}" width="160" height="160"><br><a href="${escapeHtml(i.url)}">${escapeHtml(i.url)}</a></p>`).join('\n')}`;
  return {
    to: email.to_address,
    subject: `Votre carnet de Pass numériques — ${email.programme}`,
    text,
    html,
    attachments: items.map((i) => ({ filename: `pass-${i.number}.png`, content: i.qr, cid: `pass-${i.number}` })),
  };
}

/**
 * Sends a carnet by e-mail: each pass as a link to its page and a QR code. Safe to run again:
 * a message already sent is not sent twice, and the address is erased once it is. The codes
 * are decrypted at sending time only: the outbox never holds them.
 */
export async function sendCarnetEmail(job: Job, ctx: JobContext, deps: MailDeps & { keys: CodeKeys }) {
  const emailId = String(job.payload.emailId);
  const pending = await ctx.db.query<{ status: string }>('SELECT status FROM outbox_emails WHERE id = $1', [emailId]);
  if (pending[0]?.status !== 'pending') return { sent: false };
  const message = await renderCarnetEmail(ctx.db, deps, emailId);
  if (!message) return { sent: false };
  return deliver(ctx.db, job, deps, emailId, message);
}
