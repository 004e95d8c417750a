import { z } from 'zod';

/** The outbox API ("Courriels"), declared once. */

export const EMAIL_STATUSES = ['pending', 'sent', 'failed', 'kept'] as const;
export type EmailStatus = (typeof EMAIL_STATUSES)[number];

export const EmailQuery = z.object({
  programmeId: z.uuid().optional(),
  status: z.enum(EMAIL_STATUSES).optional(),
  /** Keyset pagination: messages created before this instant. */
  before: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type EmailQuery = z.infer<typeof EmailQuery>;

export const OutboxEmail = z.object({
  id: z.uuid(),
  programmeId: z.uuid().nullable(),
  programmeName: z.string().nullable(),
  kind: z.enum(['message', 'carnet']),
  /** An e-mail, or a text message (`to` is then a phone number). */
  channel: z.enum(['email', 'sms']),
  /** Erased once sent. */
  to: z.string().nullable(),
  subject: z.string(),
  /** The text as sent, while the message is not; erased once sent (it may hold a link). */
  body: z.string().nullable(),
  status: z.enum(EMAIL_STATUSES),
  attempts: z.number().int(),
  error: z.string().nullable(),
  nextAttemptAt: z.string().nullable(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
});
export type OutboxEmail = z.infer<typeof OutboxEmail>;

export const Outbox = z.object({
  /** False when the platform has no mail server: messages are kept here, not sent. */
  smtp: z.boolean(),
  /** False when no SMS provider is set: text messages are kept here too. */
  sms: z.boolean(),
  emails: z.array(OutboxEmail),
});
export type Outbox = z.infer<typeof Outbox>;

export const EmailParams = z.object({ emailId: z.uuid() });
