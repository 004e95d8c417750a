import { z } from 'zod';
import { STATEMENT_PERIODS } from './statement.rules.js';

const StatementStatus = z.enum(['draft', 'submitted', 'validated', 'in_batch', 'paid']);

export const StatementLine = z.object({
  serial: z.string(),
  redeemedAt: z.string(),
  serviceId: z.string().nullable(),
  amountCents: z.number().int(),
  status: z.enum(['included', 'returned', 'cancelled']),
  rejectReason: z.string().nullable(),
});

export const Statement = z.object({
  id: z.uuid(),
  programmeId: z.uuid(),
  venueOrganisationId: z.uuid(),
  venueName: z.string(),
  reference: z.string(),
  periodStart: z.string(),
  periodEnd: z.string(),
  status: StatementStatus,
  amountCents: z.coerce.number().int(),
  batchId: z.uuid().nullable(),
  paidOn: z.string().nullable(),
  lines: z.array(StatementLine).optional(),
});

export const DrawUpResult = z.object({
  periodStart: z.string(),
  periodEnd: z.string(),
  statementsCreated: z.number().int(),
  linesAdded: z.number().int(),
});

export const PaymentSettingsView = z.object({
  statementPeriod: z.enum(STATEMENT_PERIODS),
  debtorName: z.string(),
  debtorIban: z.string(),
  debtorBic: z.string(),
  budgetAlertPercent: z.number().int(),
});

export const BankAccountView = z.object({ id: z.uuid(), status: z.enum(['pending', 'confirmed']), iban: z.string() });

export const PaymentBatch = z.object({
  id: z.uuid(),
  programmeId: z.uuid(),
  reference: z.string(),
  status: z.enum(['created', 'paid']),
  executionDate: z.string(),
  amountCents: z.coerce.number().int(),
  statements: z.number().int(),
  paidOn: z.string().nullable(),
  createdAt: z.string(),
});

const cents = z.number().int();
export const BudgetView = z.object({
  envelopeCents: cents,
  engineeringCents: cents,
  issuedCents: cents,
  inStockCents: cents,
  distributedCents: cents,
  owedCents: cents,
  paidCents: cents,
  returnedCents: cents,
  remainingCents: cents,
  alertPercent: z.number().int(),
  alerts: z.array(z.string()),
});

export const FunderShareView = z.object({
  funderId: z.uuid(),
  funderName: z.string(),
  month: z.string(),
  venueId: z.uuid(),
  venueName: z.string(),
  amountCents: cents,
});

export const FraudSignalView = z.object({
  kind: z.enum(['carnet_several_venues', 'outside_opening_hours', 'above_capacity', 'many_bad_codes']),
  venueId: z.uuid(),
  venueName: z.string(),
  detail: z.string(),
});
