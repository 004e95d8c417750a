import type { Db, Queryable } from '../../db/db.js';
import { AppError } from '../../errors.js';
import type { Actor } from '../accounts/actor.js';
import { type RequestContext, recordAudit } from '../audit/audit.service.js';
import { queueEmail } from '../mail/outbox.js';
import { type NearbyVenue, nearbyVenues, reminderEmail, reminderSms } from './reminder-message.js';
import type { ManualReminder } from './reminders.contract.js';
import { type Arm, armOf, MANUAL_REMINDER_GAP_DAYS } from './reminders.rules.js';

export const SEND_REMINDERS_JOB = 'send-reminders';

interface OpenCampaign {
  id: string;
  programme_id: string;
  seed: string;
  holdout_percent: number;
  after_days: number;
  before_expiry_days: number;
  sms: boolean;
}

/** A carnet someone could be reminded about, with what the message needs. */
interface Candidate {
  carnet_id: string;
  serial: string;
  distributed_at: Date;
  expires_on: string | null;
  first_name: string | null;
  email: string | null;
  phone: string | null;
  commune_insee: string;
  distributor_name: string;
}

const CAMPAIGN_COLUMNS = 'id, programme_id, seed, holdout_percent, after_days, before_expiry_days, sms';

/** The person is reachable: consent, not erased, and an address on a channel the campaign uses (`sms`: SQL boolean). */
const reachable = (sms: string) =>
  `b.consent_reminders AND b.erased_at IS NULL AND (b.email IS NOT NULL OR (${sms} AND b.phone IS NOT NULL))`;
/** Whether the programme's running campaign also sends texts. */
const CAMPAIGN_SMS = `COALESCE((SELECT sms FROM reminder_campaigns r WHERE r.programme_id = c.programme_id AND r.ended_at IS NULL), false)`;
const NONE_USED = `NOT EXISTS (SELECT 1 FROM passes u WHERE u.carnet_id = c.id AND u.state IN ('redeemed', 'reimbursed'))`;
const CANDIDATE_COLUMNS = `c.id AS carnet_id, c.serial, c.distributed_at,
  (SELECT min(p.expires_on)::text FROM passes p WHERE p.carnet_id = c.id AND p.state = 'distributed') AS expires_on,
  b.first_name, b.email, b.phone, b.commune_insee, o.name AS distributor_name`;
const CANDIDATE_FROM = `carnets c JOIN beneficiaries b ON b.id = c.beneficiary_id JOIN organisations o ON o.id = c.distributed_by`;
/** Carnets drawn per transaction of the daily run: a crash loses at most one batch, redone next day. */
const BATCH = 200;

export interface ReminderDeps {
  /** Where the directory is, for the link in the message. */
  publicUrl: string;
}

export interface ReminderRun {
  campaigns: number;
  drawn: number;
  heldOut: number;
  reminded: number;
}

/**
 * The daily run of every open campaign. First, carnets of reachable people with no pass used
 * `after_days` after the hand-out; then carnets with passes expiring within
 * `before_expiry_days`, for a last reminder. A carnet is drawn into a group the first time,
 * for good; the held-out get nothing, ever.
 */
export async function runReminders(db: Db, deps: ReminderDeps): Promise<ReminderRun> {
  const campaigns = await db.query<OpenCampaign>(
    `SELECT ${CAMPAIGN_COLUMNS} FROM reminder_campaigns WHERE ended_at IS NULL ORDER BY started_at`,
  );
  const run: ReminderRun = { campaigns: campaigns.length, drawn: 0, heldOut: 0, reminded: 0 };
  for (const campaign of campaigns) {
    const venues = new Map<string, NearbyVenue[]>();
    for (const occasion of ['unused', 'expiry'] as const) {
      for (;;) {
        const done = await db.tx(async (q) => {
          const batch = await candidates(q, campaign, occasion);
          for (const c of batch) {
            const outcome = await drawAndRemind(q, campaign, c, occasion, deps, venues);
            if (outcome.drawn) run.drawn++;
            if (outcome.arm === 'holdout') run.heldOut += outcome.drawn ? 1 : 0;
            else if (outcome.channels.length > 0) run.reminded++;
          }
          return batch.length < BATCH;
        });
        if (done) break;
      }
    }
  }
  return run;
}

/** The next batch of carnets due a reminder of this occasion and not yet dealt with. */
async function candidates(q: Queryable, campaign: OpenCampaign, occasion: 'unused' | 'expiry'): Promise<Candidate[]> {
  if (occasion === 'unused') {
    return q.query<Candidate>(
      `SELECT ${CANDIDATE_COLUMNS} FROM ${CANDIDATE_FROM}
        WHERE c.programme_id = $1 AND ${reachable('$2')}
          AND c.distributed_at <= now() - make_interval(days => $3)
          AND NOT EXISTS (SELECT 1 FROM reminder_enrolments e WHERE e.carnet_id = c.id)
          AND ${NONE_USED}
          AND EXISTS (SELECT 1 FROM passes p WHERE p.carnet_id = c.id AND p.state = 'distributed')
        ORDER BY c.distributed_at, c.id LIMIT ${BATCH}`,
      [campaign.programme_id, campaign.sms, campaign.after_days],
    );
  }
  // Already drawn into the holdout, or already given the last reminder: nothing more to do.
  return q.query<Candidate>(
    `SELECT ${CANDIDATE_COLUMNS} FROM ${CANDIDATE_FROM}
      WHERE c.programme_id = $1 AND ${reachable('$2')}
        AND EXISTS (SELECT 1 FROM passes p WHERE p.carnet_id = c.id AND p.state = 'distributed'
                     AND p.expires_on BETWEEN current_date AND current_date + $3::int)
        AND NOT EXISTS (SELECT 1 FROM reminder_enrolments e WHERE e.carnet_id = c.id
                         AND (e.arm = 'holdout' OR e.expiry_reminded_at IS NOT NULL))
      ORDER BY c.distributed_at, c.id LIMIT ${BATCH}`,
    [campaign.programme_id, campaign.sms, campaign.before_expiry_days],
  );
}

/**
 * Draws the carnet if it has not been (the group is then fixed), and queues the reminder when
 * it falls in the reminded group. The row lock on the enrolment makes a distributor's click and
 * the daily run at the same moment send one reminder, not two.
 */
async function drawAndRemind(
  q: Queryable,
  campaign: OpenCampaign,
  c: Candidate,
  occasion: 'unused' | 'expiry' | 'distributor',
  deps: ReminderDeps,
  venues: Map<string, NearbyVenue[]>,
): Promise<{ drawn: boolean; arm: Arm; channels: ('email' | 'sms')[]; lastRemindedAt: Date | null }> {
  const inserted = await q.query(
    `INSERT INTO reminder_enrolments (carnet_id, campaign_id, arm, reason) VALUES ($1, $2, $3, $4)
     ON CONFLICT (carnet_id) DO NOTHING RETURNING carnet_id`,
    [c.carnet_id, campaign.id, armOf(campaign.seed, c.carnet_id, campaign.holdout_percent), occasion],
  );
  const [enrolment] = await q.query<{ arm: Arm; last_reminded_at: Date | null; expiry_reminded_at: Date | null }>(
    'SELECT arm, last_reminded_at, expiry_reminded_at FROM reminder_enrolments WHERE carnet_id = $1 FOR UPDATE',
    [c.carnet_id],
  );
  if (!enrolment) throw new Error('enrolment vanished');
  const drawn = inserted.length > 0;
  const skip = { drawn, arm: enrolment.arm, channels: [], lastRemindedAt: enrolment.last_reminded_at };
  if (enrolment.arm === 'holdout') return skip;
  if (occasion === 'expiry' && enrolment.expiry_reminded_at) return skip;
  if (occasion === 'distributor' && tooSoon(enrolment.last_reminded_at)) return skip;
  const facts = {
    firstName: c.first_name,
    serial: c.serial,
    distributedAt: new Date(c.distributed_at),
    expiresOn: c.expires_on,
    occasion: occasion === 'expiry' ? ('expiry' as const) : ('unused' as const),
    venues: await nearbyVenues(q, campaign.programme_id, c.commune_insee, venues),
    directoryUrl: `${deps.publicUrl}/lieux`,
    distributorName: c.distributor_name,
  };
  const channels: ('email' | 'sms')[] = [];
  if (c.email) {
    await queueEmail(q, {
      programmeId: campaign.programme_id,
      carnetId: c.carnet_id,
      to: c.email,
      ...reminderEmail(facts),
    });
    channels.push('email');
  }
  if (campaign.sms && c.phone) {
    await queueEmail(q, {
      programmeId: campaign.programme_id,
      carnetId: c.carnet_id,
      channel: 'sms',
      to: c.phone,
      subject: 'SMS de relance',
      body: reminderSms(facts),
    });
    channels.push('sms');
  }
  await q.query(
    `UPDATE reminder_enrolments SET reminders = reminders + 1, last_reminded_at = now(),
            expiry_reminded_at = CASE WHEN $2 THEN now() ELSE expiry_reminded_at END
      WHERE carnet_id = $1`,
    [c.carnet_id, occasion === 'expiry'],
  );
  return { drawn, arm: enrolment.arm, channels, lastRemindedAt: new Date() };
}

const tooSoon = (last: Date | null) =>
  last !== null && Date.now() - new Date(last).getTime() < MANUAL_REMINDER_GAP_DAYS * 86_400_000;

/**
 * A distributor reminds, by hand, a person it handed a carnet to and who has used none of it.
 * The carnet is drawn like any other: a carnet in the holdout group is refused (the measure
 * would be spoilt), and a person is reminded at most once a week.
 */
export async function remindByHand(
  db: Db,
  ctx: RequestContext & { actor: Actor },
  serial: string,
  deps: ReminderDeps,
): Promise<ManualReminder> {
  return db.tx(async (q) => {
    const [row] = await q.query<
      Candidate & { programme_id: string; distributed_by: string; reachable: boolean; used: boolean }
    >(
      `SELECT ${CANDIDATE_COLUMNS}, c.programme_id, c.distributed_by,
              ${reachable(CAMPAIGN_SMS)} AS reachable,
              NOT ${NONE_USED} AS used
         FROM ${CANDIDATE_FROM} WHERE c.serial = $1 FOR UPDATE OF c`,
      [serial],
    );
    if (!row || row.distributed_by !== ctx.actor.organisationId) throw new AppError('CARNET_NOT_FOUND');
    if (row.used) throw new AppError('REMINDER_CARNET_USED');
    if (!row.reachable) throw new AppError('REMINDER_NO_CONSENT');
    const [campaign] = await q.query<OpenCampaign>(
      `SELECT ${CAMPAIGN_COLUMNS} FROM reminder_campaigns WHERE programme_id = $1 AND ended_at IS NULL`,
      [row.programme_id],
    );
    if (!campaign) throw new AppError('REMINDER_NO_CAMPAIGN');
    const outcome = await drawAndRemind(q, campaign, row, 'distributor', deps, new Map());
    // The refusal rolls the draw back too; it is a hash of the seed and the carnet, so the next
    // draw (by hand or by the daily run) puts the carnet in the same group.
    if (outcome.arm === 'holdout') throw new AppError('REMINDER_HOLDOUT');
    if (outcome.channels.length === 0) throw new AppError('REMINDER_TOO_SOON');
    await recordAudit(q, ctx, {
      programmeId: row.programme_id,
      action: 'carnet.remind',
      entityType: 'carnet',
      entityId: row.carnet_id,
      after: { serial, channels: outcome.channels },
    });
    return { serial, channels: outcome.channels };
  });
}
