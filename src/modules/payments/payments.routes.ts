import { PassThrough } from 'node:stream';
import { z } from 'zod';
import { AppError } from '../../errors.js';
import {
  anywhere,
  isUuid,
  ownOrganisation,
  programmeParam,
  resourceProgramme,
  type ScopeCheck,
} from '../../http/access.js';
import { type ApiApp, type AppDeps, actingContext, actorOf } from '../../http/app.js';
import { errorResponses } from '../../http/schemas.js';
import { hasRole, ROLES } from '../accounts/actor.js';
import { confirmBankAccount, submitBankAccount, updatePaymentSettings } from './bank-accounts.service.js';
import {
  batchCsv,
  batchSepaXml,
  createBatch,
  getBatch,
  listBatches,
  markBatchPaid,
  programmeOfBatch,
} from './batches.service.js';
import { funderShares, programmeBudget } from './budget.service.js';
import { fraudSignals } from './fraud-signals.service.js';
import {
  BankAccountView,
  BudgetView,
  DrawUpResult,
  FraudSignalView,
  FunderShareView,
  PaymentBatch,
  PaymentSettingsView,
  Statement,
} from './payments.schema.js';
import { STATEMENT_PERIODS } from './statement.rules.js';
import { writeStatementPdf } from './statement-pdf.js';
import {
  drawUpStatements,
  getStatement,
  listStatements,
  statementOwners,
  submitStatement,
  validateStatement,
} from './statements.service.js';

const OPERATORS = ['admin', 'operator'] as const;
const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'date au format AAAA-MM-JJ');

/** A statement is seen by its programme's operators and by its venue; some acts belong to one of them only. */
const statementScope =
  (who: 'operator' | 'venue' | 'both'): ScopeCheck =>
  async ({ actor, params, db }) => {
    const id = params.statementId;
    if (!isUuid(id)) return 'STATEMENT_NOT_FOUND';
    const owners = await statementOwners(db, id);
    if (!owners) return 'STATEMENT_NOT_FOUND';
    const operator = hasRole(actor, owners.programmeId, OPERATORS);
    const venue = owners.venueId === actor.organisationId && hasRole(actor, owners.programmeId, ['venue']);
    if (who === 'operator') return operator ? 'ok' : 'FORBIDDEN';
    if (who === 'venue') return venue ? 'ok' : 'FORBIDDEN';
    return operator || venue ? 'ok' : 'FORBIDDEN';
  };

/** Paying venues: statements, payment batches and their SEPA files, bank details. */
export async function paymentsRoutes(app: ApiApp, { db }: AppDeps): Promise<void> {
  const batchScope = resourceProgramme('batchId', 'BATCH_NOT_FOUND', programmeOfBatch);

  app.put(
    '/api/v1/programmes/:programmeId/payment-settings',
    {
      config: { access: { roles: OPERATORS, scope: programmeParam() } },
      schema: {
        summary: 'Paramètres de paiement : période des relevés, compte qui paie les lieux',
        tags: ['paiements'],
        params: z.object({ programmeId: z.uuid() }),
        body: z.object({
          statementPeriod: z.enum(STATEMENT_PERIODS),
          debtorName: z.string().trim().min(1).max(70),
          debtorIban: z.string().min(15).max(42),
          debtorBic: z.string().min(1).max(14),
          budgetAlertPercent: z.number().int().min(1).max(100).optional(),
        }),
        response: { 200: PaymentSettingsView, ...errorResponses(400, 401, 403, 404, 422) },
      },
    },
    async (req) => updatePaymentSettings(db, actingContext(req), req.params.programmeId, req.body),
  );

  app.post(
    '/api/v1/programmes/:programmeId/statements/draw-up',
    {
      config: { access: { roles: OPERATORS, scope: programmeParam() } },
      schema: {
        summary: 'Établir les relevés d’une période (par défaut la dernière période complète)',
        tags: ['paiements'],
        params: z.object({ programmeId: z.uuid() }),
        body: z.object({ day: isoDay.optional() }),
        response: { 200: DrawUpResult, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (req) => drawUpStatements(db, actingContext(req), req.params.programmeId, req.body.day),
  );

  app.get(
    '/api/v1/programmes/:programmeId/statements',
    {
      config: { access: { roles: OPERATORS, scope: programmeParam() } },
      schema: {
        summary: 'Relevés du programme',
        tags: ['paiements'],
        params: z.object({ programmeId: z.uuid() }),
        querystring: z.object({ status: z.enum(['draft', 'submitted', 'validated', 'in_batch', 'paid']).optional() }),
        response: { 200: z.array(Statement) },
      },
    },
    async (req) => listStatements(db, { programmeId: req.params.programmeId, status: req.query.status }),
  );

  app.get(
    '/api/v1/me/statements',
    {
      config: { access: { roles: ROLES, scope: ownOrganisation } },
      schema: { summary: 'Les relevés de mon lieu', tags: ['paiements'], response: { 200: z.array(Statement) } },
    },
    async (req) => listStatements(db, { venueId: actorOf(req).organisationId }),
  );

  app.get(
    '/api/v1/statements/:statementId',
    {
      config: { access: { roles: ['admin', 'operator', 'venue'], scope: statementScope('both') } },
      schema: {
        summary: 'Un relevé et ses lignes',
        tags: ['paiements'],
        params: z.object({ statementId: z.uuid() }),
        response: { 200: Statement, ...errorResponses(401, 403, 404) },
      },
    },
    async (req) => getStatement(db, req.params.statementId),
  );

  app.get(
    '/api/v1/statements/:statementId/statement.pdf',
    {
      config: { access: { roles: ['admin', 'operator', 'venue'], scope: statementScope('both') } },
      schema: { summary: 'Le relevé en PDF', tags: ['paiements'], params: z.object({ statementId: z.uuid() }) },
    },
    async (req, reply) => {
      const statement = await getStatement(db, req.params.statementId);
      const [programme] = await db.query<{ name: string }>('SELECT name FROM programmes WHERE id = $1', [
        statement.programmeId,
      ]);
      const out = new PassThrough();
      writeStatementPdf(out, statement, programme?.name ?? '').catch((err: unknown) => out.destroy(err as Error));
      return reply
        .header('content-disposition', `attachment; filename="${statement.reference}.pdf"`)
        .type('application/pdf')
        .send(out);
    },
  );

  app.post(
    '/api/v1/statements/:statementId/submission',
    {
      config: { access: { roles: ['venue'], scope: statementScope('venue') } },
      schema: {
        summary: 'Le lieu atteste que les ateliers ont eu lieu et transmet son relevé',
        tags: ['paiements'],
        params: z.object({ statementId: z.uuid() }),
        response: { 200: Statement, ...errorResponses(401, 403, 404, 409) },
      },
    },
    async (req) => submitStatement(db, actingContext(req), req.params.statementId),
  );

  app.post(
    '/api/v1/statements/:statementId/validation',
    {
      config: { access: { roles: OPERATORS, scope: statementScope('operator') } },
      schema: {
        summary: 'L’opérateur valide un relevé, en rejetant éventuellement des lignes (motif, retour ou annulation)',
        tags: ['paiements'],
        params: z.object({ statementId: z.uuid() }),
        body: z.object({
          rejections: z
            .array(
              z.object({
                serial: z.string().max(40),
                reason: z.string().trim().min(1).max(500),
                action: z.enum(['return', 'cancel']),
              }),
            )
            .default([]),
        }),
        response: { 200: Statement, ...errorResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (req) => validateStatement(db, actingContext(req), req.params.statementId, req.body.rejections),
  );

  app.post(
    '/api/v1/programmes/:programmeId/payment-batches',
    {
      config: { access: { roles: OPERATORS, scope: programmeParam() } },
      schema: {
        summary: 'Constituer un lot de paiement avec les relevés validés (en-tête Idempotency-Key obligatoire)',
        tags: ['paiements'],
        params: z.object({ programmeId: z.uuid() }),
        body: z.object({ executionDate: isoDay }),
        response: { 200: PaymentBatch, 201: PaymentBatch, ...errorResponses(400, 401, 403, 404, 422) },
      },
    },
    async (req, reply) => {
      const key = req.headers['idempotency-key'];
      if (typeof key !== 'string' || key.length < 8 || key.length > 100) throw new AppError('IDEMPOTENCY_KEY_REQUIRED');
      const { batch, replayed } = await createBatch(db, actingContext(req), req.params.programmeId, {
        requestKey: key,
        executionDate: req.body.executionDate,
      });
      return reply.status(replayed ? 200 : 201).send(batch);
    },
  );

  app.get(
    '/api/v1/programmes/:programmeId/payment-batches',
    {
      config: { access: { roles: OPERATORS, scope: programmeParam() } },
      schema: {
        summary: 'Lots de paiement du programme',
        tags: ['paiements'],
        params: z.object({ programmeId: z.uuid() }),
      },
    },
    async (req) => listBatches(db, req.params.programmeId),
  );

  app.get(
    '/api/v1/payment-batches/:batchId',
    {
      config: { access: { roles: OPERATORS, scope: batchScope } },
      schema: {
        summary: 'Un lot de paiement',
        tags: ['paiements'],
        params: z.object({ batchId: z.uuid() }),
        response: { 200: PaymentBatch, ...errorResponses(401, 403, 404) },
      },
    },
    async (req) => getBatch(db, req.params.batchId),
  );

  app.get(
    '/api/v1/payment-batches/:batchId/sepa.xml',
    {
      config: { access: { roles: OPERATORS, scope: batchScope } },
      schema: {
        summary: 'Fichier de virements SEPA (ISO 20022 pain.001.001.03) du lot',
        tags: ['paiements'],
        params: z.object({ batchId: z.uuid() }),
      },
    },
    async (req, reply) => {
      const { reference, xml } = await batchSepaXml(db, req.params.batchId);
      return reply
        .header('content-disposition', `attachment; filename="${reference}.xml"`)
        .type('application/xml; charset=utf-8')
        .send(xml);
    },
  );

  app.get(
    '/api/v1/payment-batches/:batchId/transfers.csv',
    {
      config: { access: { roles: OPERATORS, scope: batchScope } },
      schema: { summary: 'Les virements du lot, en CSV', tags: ['paiements'], params: z.object({ batchId: z.uuid() }) },
    },
    async (req, reply) => {
      const { reference, csv } = await batchCsv(db, req.params.batchId);
      return reply
        .header('content-disposition', `attachment; filename="${reference}.csv"`)
        .type('text/csv; charset=utf-8')
        .send(`\uFEFF${csv}`);
    },
  );

  app.post(
    '/api/v1/payment-batches/:batchId/payment',
    {
      config: { access: { roles: OPERATORS, scope: batchScope } },
      schema: {
        summary: 'Marquer le lot payé à la date de la banque ; les relevés rejetés par la banque en sortent',
        tags: ['paiements'],
        params: z.object({ batchId: z.uuid() }),
        body: z.object({ paidOn: isoDay, rejectedStatementIds: z.array(z.uuid()).default([]) }),
        response: { 200: PaymentBatch, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (req) => markBatchPaid(db, actingContext(req), req.params.batchId, req.body),
  );

  app.get(
    '/api/v1/programmes/:programmeId/budget',
    {
      config: { access: { roles: ['admin', 'operator', 'funder'], scope: programmeParam() } },
      schema: {
        summary: 'Budget du programme : enveloppe, émis, distribué, dû, payé, rendu, reste, alertes',
        tags: ['paiements'],
        params: z.object({ programmeId: z.uuid() }),
        response: { 200: BudgetView, ...errorResponses(401, 403, 404) },
      },
    },
    async (req) => programmeBudget(db, req.params.programmeId),
  );

  app.get(
    '/api/v1/programmes/:programmeId/funder-shares',
    {
      config: { access: { roles: ['admin', 'operator', 'funder'], scope: programmeParam() } },
      schema: {
        summary:
          'Part de chaque financeur dans les sommes payées, par mois et par lieu (au centime, plus forts restes)',
        tags: ['paiements'],
        params: z.object({ programmeId: z.uuid() }),
        response: { 200: z.array(FunderShareView), ...errorResponses(401, 403, 404) },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      const rows = await funderShares(db, req.params.programmeId);
      // A funder sees its own part; the operator sees every funder's.
      const ownOnly = !hasRole(actor, req.params.programmeId, OPERATORS);
      return ownOnly ? rows.filter((r) => r.funderId === actor.organisationId) : rows;
    },
  );

  app.get(
    '/api/v1/programmes/:programmeId/fraud-signals',
    {
      config: { access: { roles: OPERATORS, scope: programmeParam() } },
      schema: {
        summary:
          'Signaux à examiner (jamais de blocage automatique) : carnet utilisé dans plusieurs lieux un même jour, validations hors horaires, au-delà de la capacité, codes erronés',
        tags: ['paiements'],
        params: z.object({ programmeId: z.uuid() }),
        querystring: z.object({ days: z.coerce.number().int().min(1).max(366).default(31) }),
        response: { 200: z.array(FraudSignalView), ...errorResponses(401, 403, 404) },
      },
    },
    async (req) => fraudSignals(db, req.params.programmeId, req.query.days),
  );

  app.put(
    '/api/v1/me/bank-account',
    {
      config: { access: { roles: ['venue'], scope: anywhere } },
      schema: {
        summary: 'Nouvelles coordonnées bancaires du lieu (en attente de confirmation par l’opérateur)',
        tags: ['paiements'],
        body: z.object({
          holder: z.string().trim().min(1).max(140),
          iban: z.string().min(15).max(42),
          bic: z.string().min(1).max(14),
        }),
        response: { 200: BankAccountView, ...errorResponses(400, 401, 403, 422) },
      },
    },
    async (req) => submitBankAccount(db, actingContext(req), req.body),
  );

  app.post(
    '/api/v1/programmes/:programmeId/venues/:organisationId/bank-account/confirmation',
    {
      config: { access: { roles: OPERATORS, scope: programmeParam() } },
      schema: {
        summary: 'Confirmer les coordonnées bancaires en attente d’un lieu',
        tags: ['paiements'],
        params: z.object({ programmeId: z.uuid(), organisationId: z.uuid() }),
        response: { 200: BankAccountView, ...errorResponses(401, 403, 404) },
      },
    },
    async (req) => confirmBankAccount(db, actingContext(req), req.params.programmeId, req.params.organisationId),
  );
}
