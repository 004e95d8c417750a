import nodemailer, { type Transporter } from 'nodemailer';
import type { Config } from '../../config.js';

/**
 * The SMTP transport from SMTP_URL; without it (development, demo), messages are rendered as
 * JSON and written to the log instead of being sent, so nothing is lost silently.
 */
export function createMailer(config: Config): Transporter {
  return config.smtpUrl
    ? nodemailer.createTransport(config.smtpUrl)
    : nodemailer.createTransport({ jsonTransport: true });
}
