import nodemailer, { type Transporter } from 'nodemailer';
import type { Config } from '../../config.js';

/**
 * The SMTP transport from SMTP_URL. Without it (a demo, a pilot) there is none: messages are
 * kept in the outbox and shown on the "Courriels" page, so an e-mailed carnet or a password
 * link can still be followed and nothing vanishes.
 */
export function createMailer(config: Config): Transporter | null {
  return config.smtpUrl ? nodemailer.createTransport(config.smtpUrl) : null;
}
