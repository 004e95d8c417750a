import { z } from 'zod';

/** Reminders with a holdout group, declared once: campaigns, their settings and their measured effect. */

export const CampaignInput = z.object({
  name: z.string().trim().min(1, 'donnez un nom à la campagne').max(120),
  /** Share of carnets drawn into the holdout group, never reminded. */
  holdoutPercent: z.coerce.number().int().min(0).max(50).default(10),
  /** First reminder when no pass is used this many days after the hand-out. */
  afterDays: z.coerce.number().int().min(1).max(365).default(30),
  /** Last reminder this many days before the passes expire. */
  beforeExpiryDays: z.coerce.number().int().min(1).max(365).default(30),
  /** Also by SMS to people who gave a phone number (through the provider, if one is set). */
  sms: z.boolean().default(false),
});
export type CampaignInput = z.input<typeof CampaignInput>;

const ArmResult = z.object({
  /** Carnets drawn into the group. */
  carnets: z.number().int(),
  /** Of those, carnets with a pass used after the draw. */
  used: z.number().int(),
  rate: z.number().nullable(),
});

export const Campaign = z.object({
  id: z.uuid(),
  name: z.string(),
  holdoutPercent: z.number().int(),
  afterDays: z.number().int(),
  beforeExpiryDays: z.number().int(),
  sms: z.boolean(),
  startedAt: z.string(),
  endedAt: z.string().nullable(),
  /** Messages queued for the reminded group (e-mails and texts). */
  messages: z.number().int(),
  reminded: ArmResult,
  holdout: ArmResult,
  /** Reminded minus held-out usage rate, with its 95 % confidence interval; null while a group is empty. */
  uplift: z.object({ difference: z.number(), low: z.number(), high: z.number(), significant: z.boolean() }).nullable(),
});
export type Campaign = z.infer<typeof Campaign>;

export const CampaignParams = z.object({ campaignId: z.uuid() });

/** What a distributor's "Relancer" did. */
export const ManualReminder = z.object({
  serial: z.string(),
  /** The channels a message was queued on. */
  channels: z.array(z.enum(['email', 'sms'])),
});
export type ManualReminder = z.infer<typeof ManualReminder>;
