import type { Db, Queryable } from '../../db/db.js';
import { AppError } from '../../errors.js';
import type { Actor } from '../accounts/actor.js';
import { type RequestContext, recordAudit } from '../audit/audit.service.js';
import { rate } from '../impact/impact.rules.js';
import type { Campaign, CampaignInput } from './reminders.contract.js';
import { CampaignInput as CampaignSchema } from './reminders.contract.js';
import { uplift } from './reminders.rules.js';

/**
 * Each campaign of a programme with its two groups' outcome: a carnet counts as used when one
 * of its passes was redeemed (and not undone) after it was drawn, the same test for both groups.
 */
export async function listCampaigns(q: Queryable, programmeId: string): Promise<Campaign[]> {
  const rows = await q.query<{
    id: string;
    name: string;
    holdout_percent: number;
    after_days: number;
    before_expiry_days: number;
    sms: boolean;
    started_at: Date;
    ended_at: Date | null;
    messages: number;
    reminded: number;
    reminded_used: number;
    held: number;
    held_used: number;
  }>(
    `WITH drawn AS (
       SELECT e.campaign_id, e.arm, e.reminders,
              EXISTS (SELECT 1 FROM passes p JOIN redemption_passes rp ON rp.pass_id = p.id AND rp.active
                        JOIN redemptions r ON r.id = rp.redemption_id
                       WHERE p.carnet_id = e.carnet_id AND r.created_at >= e.enrolled_at) AS used
         FROM reminder_enrolments e JOIN reminder_campaigns c ON c.id = e.campaign_id
        WHERE c.programme_id = $1)
     SELECT c.id, c.name, c.holdout_percent, c.after_days, c.before_expiry_days, c.sms, c.started_at, c.ended_at,
            COALESCE(sum(d.reminders), 0)::int AS messages,
            count(*) FILTER (WHERE d.arm = 'reminded')::int AS reminded,
            count(*) FILTER (WHERE d.arm = 'reminded' AND d.used)::int AS reminded_used,
            count(*) FILTER (WHERE d.arm = 'holdout')::int AS held,
            count(*) FILTER (WHERE d.arm = 'holdout' AND d.used)::int AS held_used
       FROM reminder_campaigns c LEFT JOIN drawn d ON d.campaign_id = c.id
      WHERE c.programme_id = $1
      GROUP BY c.id ORDER BY c.started_at DESC, c.id`,
    [programmeId],
  );
  return rows.map((r) => {
    const reminded = { carnets: r.reminded, used: r.reminded_used, rate: rate(r.reminded_used, r.reminded) };
    const holdout = { carnets: r.held, used: r.held_used, rate: rate(r.held_used, r.held) };
    return {
      id: r.id,
      name: r.name,
      holdoutPercent: r.holdout_percent,
      afterDays: r.after_days,
      beforeExpiryDays: r.before_expiry_days,
      sms: r.sms,
      startedAt: new Date(r.started_at).toISOString(),
      endedAt: r.ended_at && new Date(r.ended_at).toISOString(),
      messages: r.messages,
      reminded,
      holdout,
      uplift: uplift(reminded, holdout),
    };
  });
}

/**
 * Opens a campaign with its settings (and a fresh seed); the one running ends at that moment.
 * Carnets already drawn keep their group: a held-out person is never reminded later.
 */
export async function startCampaign(
  db: Db,
  ctx: RequestContext & { actor: Actor },
  programmeId: string,
  input: CampaignInput,
): Promise<Campaign> {
  const c = CampaignSchema.parse(input);
  return db.tx(async (q) => {
    await q.query('UPDATE reminder_campaigns SET ended_at = now() WHERE programme_id = $1 AND ended_at IS NULL', [
      programmeId,
    ]);
    const [row] = await q.query<{ id: string }>(
      `INSERT INTO reminder_campaigns (programme_id, name, holdout_percent, after_days, before_expiry_days, sms, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [programmeId, c.name, c.holdoutPercent, c.afterDays, c.beforeExpiryDays, c.sms, ctx.actor.userId],
    );
    if (!row) throw new Error('campaign not created');
    await recordAudit(q, ctx, {
      programmeId,
      action: 'reminders.campaign-start',
      entityType: 'reminder_campaign',
      entityId: row.id,
      after: c,
    });
    return (await listCampaigns(q, programmeId)).find((x) => x.id === row.id) as Campaign;
  });
}

/** Stops a campaign: no more reminders until another is opened; its results stay. */
export async function endCampaign(db: Db, ctx: RequestContext, campaignId: string): Promise<Campaign> {
  return db.tx(async (q) => {
    const [row] = await q.query<{ programme_id: string; ended_at: Date | null }>(
      'SELECT programme_id, ended_at FROM reminder_campaigns WHERE id = $1 FOR UPDATE',
      [campaignId],
    );
    if (!row) throw new AppError('CAMPAIGN_NOT_FOUND');
    if (row.ended_at) throw new AppError('CAMPAIGN_ENDED');
    await q.query('UPDATE reminder_campaigns SET ended_at = now() WHERE id = $1', [campaignId]);
    await recordAudit(q, ctx, {
      programmeId: row.programme_id,
      action: 'reminders.campaign-end',
      entityType: 'reminder_campaign',
      entityId: campaignId,
    });
    return (await listCampaigns(q, row.programme_id)).find((x) => x.id === campaignId) as Campaign;
  });
}

export async function programmeOfCampaign(q: Queryable, campaignId: string): Promise<string | null> {
  const rows = await q.query<{ programme_id: string }>('SELECT programme_id FROM reminder_campaigns WHERE id = $1', [
    campaignId,
  ]);
  return rows[0]?.programme_id ?? null;
}
