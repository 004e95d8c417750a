import type { FastifyInstance } from 'fastify';
import type { Transporter } from 'nodemailer';
import type { RouteEntry } from './http/access.js';
import { type AppDeps, buildApp } from './http/app.js';
import { accountsRoutes } from './modules/accounts/accounts.routes.js';
import { oidcRoutes } from './modules/accounts/oidc.routes.js';
import { actorsRoutes } from './modules/actors/actors.routes.js';
import { auditRoutes } from './modules/audit/audit.routes.js';
import { evaluationRoutes } from './modules/evaluation/evaluation.routes.js';
import { impactRoutes } from './modules/impact/impact.routes.js';
import { enqueueJob, JobRunner } from './modules/jobs/jobs.service.js';
import { createMailer } from './modules/mail/mailer.js';
import { EMAIL_RETRY, SEND_EMAIL_JOB, sendQueuedEmail } from './modules/mail/outbox.js';
import { outboxRoutes } from './modules/mail/outbox.routes.js';
import { createSmsSender, type SmsSender } from './modules/mail/sms.js';
import { checkAllBudgetAlerts } from './modules/payments/budget.service.js';
import { paymentsRoutes } from './modules/payments/payments.routes.js';
import { DRAW_UP_STATEMENTS_JOB, drawUpAllStatements } from './modules/payments/statements.service.js';
import { programmesRoutes } from './modules/programmes/programmes.routes.js';
import { remindersRoutes } from './modules/reminders/reminders.routes.js';
import { runReminders, SEND_REMINDERS_JOB } from './modules/reminders/reminders.service.js';
import { resourcesRoutes } from './modules/resources/resources.routes.js';
import { HOUSEKEEPING_JOB, housekeeping } from './modules/system/housekeeping.js';
import { systemRoutes } from './modules/system/system.routes.js';
import { coverageRoutes } from './modules/territory/coverage.routes.js';
import { trainingRoutes } from './modules/training/training.routes.js';
import { LAPSE_QUALIFICATIONS_JOB, runRenewals } from './modules/venues/renewals.service.js';
import { venuesPublicRoutes } from './modules/venues/venues.public.routes.js';
import { venuesRoutes } from './modules/venues/venues.routes.js';
import { codeKeys } from './modules/vouchers/code.crypto.js';
import { SEND_CARNET_EMAIL_JOB, sendCarnetEmail } from './modules/vouchers/email-delivery.js';
import { EXPIRE_PASSES_JOB, expirePasses } from './modules/vouchers/lifecycle.service.js';
import { ISSUE_ORDER_JOB, issueOrder } from './modules/vouchers/orders.service.js';
import { lapseOrientations } from './modules/vouchers/orientation.service.js';
import { ERASE_PERSONAL_DATA_JOB, eraseExpiredPersonalData } from './modules/vouchers/personal-data.service.js';
import { vouchersRoutes } from './modules/vouchers/vouchers.routes.js';

/** The whole application: every module's routes on one Fastify instance. */
export async function createServer(deps: AppDeps): Promise<{ app: FastifyInstance; routes: RouteEntry[] }> {
  return buildApp(deps, async (api) => {
    await systemRoutes(api, deps);
    await accountsRoutes(api, deps);
    await oidcRoutes(api, deps);
    await programmesRoutes(api, deps);
    await auditRoutes(api, deps);
    await impactRoutes(api, deps);
    await evaluationRoutes(api, deps);
    await remindersRoutes(api, deps);
    await coverageRoutes(api, deps);
    await trainingRoutes(api, deps);
    await resourcesRoutes(api, deps);
    await actorsRoutes(api, deps);
    await outboxRoutes(api, deps);
    await vouchersRoutes(api, deps);
    await venuesPublicRoutes(api, deps);
    await venuesRoutes(api, deps);
    await paymentsRoutes(api, deps);
  });
}

/** The background jobs a server process runs. */
export function createJobRunner(
  deps: Pick<AppDeps, 'config' | 'db'> & { mailer?: Transporter | null; sms?: SmsSender | null },
): JobRunner {
  const keys = codeKeys(deps.config.secret);
  // A test passes its own transport, or null to keep e-mails in the outbox as without SMTP.
  const mailer = deps.mailer === undefined ? createMailer(deps.config) : deps.mailer;
  const sms = deps.sms === undefined ? createSmsSender(deps.config) : deps.sms;
  return new JobRunner(deps.db)
    .register(ISSUE_ORDER_JOB, (job, ctx) => issueOrder(job, ctx, keys))
    .register(
      SEND_EMAIL_JOB,
      (job, ctx) => sendQueuedEmail(job, ctx, { config: deps.config, mailer, sms }),
      EMAIL_RETRY,
    )
    .register(
      SEND_CARNET_EMAIL_JOB,
      (job, ctx) => sendCarnetEmail(job, ctx, { keys, config: deps.config, mailer }),
      EMAIL_RETRY,
    )
    .register(EXPIRE_PASSES_JOB, async (_job, ctx) => ({
      expired: await expirePasses(ctx.db),
      budgetAlerts: await checkAllBudgetAlerts(ctx.db),
    }))
    .register(SEND_REMINDERS_JOB, (_job, ctx) => runReminders(ctx.db, { publicUrl: deps.config.publicUrl }))
    .register(HOUSEKEEPING_JOB, (_job, ctx) => housekeeping(ctx.db))
    .register(DRAW_UP_STATEMENTS_JOB, (_job, ctx) => drawUpAllStatements(ctx.db))
    .register(LAPSE_QUALIFICATIONS_JOB, (_job, ctx) => runRenewals(ctx.db))
    .register(ERASE_PERSONAL_DATA_JOB, async (_job, ctx) => ({
      erased: await eraseExpiredPersonalData(ctx.db),
      lapsedOrientations: await lapseOrientations(ctx.db),
    }));
}

/** The jobs run once a day, by whichever server process queues them first. */
export const DAILY_JOBS = [
  EXPIRE_PASSES_JOB,
  HOUSEKEEPING_JOB,
  DRAW_UP_STATEMENTS_JOB,
  LAPSE_QUALIFICATIONS_JOB,
  ERASE_PERSONAL_DATA_JOB,
  SEND_REMINDERS_JOB,
] as const;

/** Every process asks for today's expiry and clean-up runs; the dedupe key lets one of them have each. */
export async function scheduleDailyJobs(db: AppDeps['db']): Promise<void> {
  const day = new Date().toISOString().slice(0, 10);
  for (const kind of DAILY_JOBS) {
    await enqueueJob(db, { programmeId: null, kind, payload: { day }, createdBy: null, dedupeKey: `${kind}:${day}` });
  }
}
