import { PassThrough } from 'node:stream';
import { z } from 'zod';
import {
  anywhere,
  isUuid,
  ownOrganisation,
  programmeParam,
  resourceProgramme,
  type ScopeCheck,
} from '../../http/access.js';
import { type ApiApp, type AppDeps, actingContext, actorOf } from '../../http/app.js';
import { errorResponses, fileDownload, IdempotencyHeaders, ProgrammeParams } from '../../http/schemas.js';
import { hasRole, ROLES } from '../accounts/actor.js';
import { ibanSealer } from '../venues/iban.crypto.js';
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
import { budgetSeenBy, funderSharesSeenBy, paidByWorkshop } from './budget.service.js';
import { fraudSignals } from './fraud-signals.service.js';
import {
  BankAccountInput,
  BankAccountView,
  BatchInput,
  BatchPaymentInput,
  BudgetView,
  DrawUpInput,
  DrawUpResult,
  FraudSignalQuery,
  FraudSignalView,
  FunderShareView,
  PaidByWorkshop,
  PaymentBatch,
  PaymentSettingsInput,
  PaymentSettingsView,
  Statement,
  StatementQuery,
  StatementValidationInput,
} from './payments.contract.js';
import { writeStatementPdf } from './statement-pdf.js';
import {
  drawUpStatements,
  getStatement,
  listStatements,
  statementForPrint,
  statementOwners,
  submitStatement,
  validateStatement,
} from './statements.service.js';

const OPERATORS = ['admin', 'operator'] as const;

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
export async function paymentsRoutes(app: ApiApp, { config, db }: AppDeps): Promise<void> {
  const sealer = ibanSealer(config.secret);
  const batchScope = resourceProgramme('batchId', 'BATCH_NOT_FOUND', programmeOfBatch);

  app.put(
    '/api/v1/programmes/:programmeId/payment-settings',
    {
      config: { access: { roles: OPERATORS, scope: programmeParam() } },
      schema: {
        summary: 'Paramètres de paiement : période des relevés, compte qui paie les lieux',
        tags: ['paiements'],
        params: ProgrammeParams,
        body: PaymentSettingsInput,
        response: { 200: PaymentSettingsView, ...errorResponses(400, 401, 403, 404, 422) },
      },
    },
    async (req) => updatePaymentSettings(db, actingContext(req), sealer, req.params.programmeId, req.body),
  );

  app.post(
    '/api/v1/programmes/:programmeId/statements/draw-up',
    {
      config: { access: { roles: OPERATORS, scope: programmeParam() } },
      schema: {
        summary: 'Établir les relevés d’une période (par défaut la dernière période complète)',
        tags: ['paiements'],
        params: ProgrammeParams,
        body: DrawUpInput,
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
        params: ProgrammeParams,
        querystring: StatementQuery,
        response: { 200: z.array(Statement), ...errorResponses(401, 403, 404) },
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
      schema: {
        summary: 'Le relevé en PDF',
        tags: ['paiements'],
        params: z.object({ statementId: z.uuid() }),
        ...fileDownload('application/pdf', 'Le relevé (PDF, A4)'),
      },
    },
    async (req, reply) => {
      const { statement, programmeName } = await statementForPrint(db, req.params.statementId);
      const out = new PassThrough();
      writeStatementPdf(out, statement, programmeName, config.brand.theme).catch((err: unknown) =>
        out.destroy(err as Error),
      );
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
        body: StatementValidationInput,
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
        params: ProgrammeParams,
        headers: IdempotencyHeaders.required,
        body: BatchInput,
        response: { 200: PaymentBatch, 201: PaymentBatch, ...errorResponses(400, 401, 403, 404, 422) },
      },
    },
    async (req, reply) => {
      const { batch, replayed } = await createBatch(db, actingContext(req), req.params.programmeId, {
        requestKey: req.headers['idempotency-key'],
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
        params: ProgrammeParams,
        response: { 200: z.array(PaymentBatch), ...errorResponses(401, 403, 404) },
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
        ...fileDownload('application/xml', 'Virements SEPA, pain.001.001.03'),
      },
    },
    async (req, reply) => {
      const { reference, xml } = await batchSepaXml(db, sealer, req.params.batchId);
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
      schema: {
        summary: 'Les virements du lot, en CSV',
        tags: ['paiements'],
        params: z.object({ batchId: z.uuid() }),
        ...fileDownload('text/csv', 'Une ligne par virement (séparateur point-virgule, UTF-8 avec BOM)'),
      },
    },
    async (req, reply) => {
      const { reference, csv } = await batchCsv(db, sealer, req.params.batchId);
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
        body: BatchPaymentInput,
        response: { 200: PaymentBatch, ...errorResponses(400, 401, 403, 404, 409, 422) },
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
        params: ProgrammeParams,
        response: { 200: BudgetView, ...errorResponses(401, 403, 404) },
      },
    },
    async (req) => budgetSeenBy(db, actorOf(req), req.params.programmeId),
  );

  app.get(
    '/api/v1/programmes/:programmeId/funder-shares',
    {
      config: { access: { roles: ['admin', 'operator', 'funder'], scope: programmeParam() } },
      schema: {
        summary:
          'Part de chaque financeur dans les sommes payées, par mois et par lieu (au centime, plus forts restes)',
        tags: ['paiements'],
        params: ProgrammeParams,
        response: { 200: z.array(FunderShareView), ...errorResponses(401, 403, 404) },
      },
    },
    async (req) => funderSharesSeenBy(db, actorOf(req), req.params.programmeId),
  );

  app.get(
    '/api/v1/programmes/:programmeId/paid-by-workshop',
    {
      config: { access: { roles: ['admin', 'operator', 'funder'], scope: programmeParam() } },
      schema: {
        summary: 'Ce que les sommes payées aux lieux ont financé : pass et montants par thème et par atelier',
        tags: ['paiements'],
        params: ProgrammeParams,
        response: { 200: z.array(PaidByWorkshop), ...errorResponses(401, 403, 404) },
      },
    },
    async (req) => paidByWorkshop(db, req.params.programmeId),
  );

  app.get(
    '/api/v1/programmes/:programmeId/fraud-signals',
    {
      config: { access: { roles: OPERATORS, scope: programmeParam() } },
      schema: {
        summary:
          'Signaux à examiner (jamais de blocage automatique) : carnet utilisé dans plusieurs lieux un même jour, validations hors horaires, au-delà de la capacité, codes erronés',
        tags: ['paiements'],
        params: ProgrammeParams,
        querystring: FraudSignalQuery,
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
        body: BankAccountInput,
        response: { 200: BankAccountView, ...errorResponses(400, 401, 403, 422) },
      },
    },
    async (req) => submitBankAccount(db, actingContext(req), sealer, req.body),
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
