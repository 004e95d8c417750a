import { z } from 'zod';
import { isoDay } from '../../http/schemas.js';
import { STATEMENT_PERIODS, STATEMENT_STATUSES } from './statement.rules.js';

/**
 * The payments API, declared once: routes validate and document with these schemas, services
 * return their types, the web imports the types.
 */
const StatementStatus = z.enum(STATEMENT_STATUSES);

export const StatementLine = z.object({
  serial: z.string(),
  redeemedAt: z.string(),
  serviceId: z.string().nullable(),
  /** The workshop the pass paid for, when the venue named it at the counter. */
  workshopTitle: z.string().nullable(),
  amountCents: z.number().int(),
  status: z.enum(['included', 'returned', 'cancelled']),
  rejectReason: z.string().nullable(),
});

export type StatementLine = z.infer<typeof StatementLine>;

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
  /** Why the bank rejected its last transfer, until a later batch pays it. */
  bankRejection: z.string().nullable(),
  lines: z.array(StatementLine).optional(),
});
export type Statement = z.infer<typeof Statement>;
export const StatementQuery = z.object({ status: StatementStatus.optional() });

export const DrawUpInput = z.object({ day: isoDay.optional() });

export const DrawUpResult = z.object({
  periodStart: z.string(),
  periodEnd: z.string(),
  statementsCreated: z.number().int(),
  linesAdded: z.number().int(),
});
export type DrawUpResult = z.infer<typeof DrawUpResult>;

export const LineRejection = z.object({
  serial: z.string().max(40),
  reason: z.string().trim().min(1).max(500),
  /** 'return': back to the venue's list, for a later statement; 'cancel': the pass is cancelled. */
  action: z.enum(['return', 'cancel']),
});
export type LineRejection = z.infer<typeof LineRejection>;
export const StatementValidationInput = z.object({ rejections: z.array(LineRejection).default([]) });

export const PaymentSettingsInput = z.object({
  statementPeriod: z.enum(STATEMENT_PERIODS),
  debtorName: z.string().trim().min(1).max(70),
  debtorIban: z.string().min(15).max(42),
  debtorBic: z.string().min(1).max(14),
  /** Share (%) of the passes' envelope committed from which operators are warned; kept when absent. */
  budgetAlertPercent: z.number().int().min(1).max(100).optional(),
});
export type PaymentSettingsInput = z.infer<typeof PaymentSettingsInput>;

export const PaymentSettingsView = z.object({
  statementPeriod: z.enum(STATEMENT_PERIODS),
  debtorName: z.string(),
  debtorIban: z.string(),
  debtorBic: z.string(),
  budgetAlertPercent: z.number().int(),
});
export type PaymentSettingsView = z.infer<typeof PaymentSettingsView>;

export const BankAccountInput = z.object({
  holder: z.string().trim().min(1).max(140),
  iban: z.string().min(15).max(42),
  bic: z.string().min(1).max(14),
});
export type BankAccountInput = z.infer<typeof BankAccountInput>;
/** Bank details as shown: the IBAN masked. */
export const BankAccountView = z.object({ id: z.uuid(), status: z.enum(['pending', 'confirmed']), iban: z.string() });
export type BankAccountView = z.infer<typeof BankAccountView>;

export const BatchInput = z.object({ executionDate: isoDay });
/** The bank's answer: the day it paid, and the transfers it rejected, each with its reason. */
export const BatchPaymentInput = z.object({
  paidOn: isoDay,
  rejected: z.array(z.object({ statementId: z.uuid(), reason: z.string().trim().min(3).max(500) })).default([]),
});
export type BatchPaymentInput = z.infer<typeof BatchPaymentInput>;

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
export type PaymentBatch = z.infer<typeof PaymentBatch>;

const cents = z.number().int();
export const BudgetView = z.object({
  envelopeCents: cents,
  engineeringCents: cents,
  /** Value of passes ever issued (in stock, distributed, spent, paid, returned). */
  issuedCents: cents,
  inStockCents: cents,
  distributedCents: cents,
  owedCents: cents,
  paidCents: cents,
  /** Expired or cancelled passes: their value went back to the programme. */
  returnedCents: cents,
  /** What the envelope (minus engineering) can still pay for. */
  remainingCents: cents,
  /** Share (%) of the passes' envelope committed from which operators are warned. */
  alertPercent: z.number().int(),
  alerts: z.array(z.string()),
  /** Each funder's part (a funder sees its own): what its share applies to and what it comes to. */
  funders: z.array(
    z.object({
      funderId: z.uuid(),
      funderName: z.string(),
      shareBp: z.number().int(),
      basis: z.enum(['issued', 'used']),
      committedCents: cents,
      redeemedCents: cents,
      paidCents: cents,
      returnedCents: cents,
    }),
  ),
  /** Passes committed and not used that no funder covers (every funder pays for used passes only). */
  uncoveredCents: cents,
});
export type BudgetView = z.infer<typeof BudgetView>;

export const FunderShareView = z.object({
  funderId: z.uuid(),
  funderName: z.string(),
  month: z.string(),
  venueId: z.uuid(),
  venueName: z.string(),
  amountCents: cents,
});
export type FunderShareView = z.infer<typeof FunderShareView>;

/** What the money paid to venues bought: passes and amounts by workshop theme and workshop. */
export const PaidByWorkshop = z.object({
  theme: z.string().nullable(),
  workshopTitle: z.string().nullable(),
  passes: z.number().int(),
  amountCents: cents,
});
export type PaidByWorkshop = z.infer<typeof PaidByWorkshop>;

export const FraudSignalKind = z.enum([
  'carnet_several_venues',
  'outside_opening_hours',
  'above_capacity',
  'many_bad_codes',
]);
export type FraudSignalKind = z.infer<typeof FraudSignalKind>;
export const FraudSignalQuery = z.object({ days: z.coerce.number().int().min(1).max(366).default(31) });
export const FraudSignalView = z.object({
  kind: FraudSignalKind,
  venueId: z.uuid(),
  venueName: z.string(),
  /** What the operator should look at, in French. */
  detail: z.string(),
});
export type FraudSignalView = z.infer<typeof FraudSignalView>;
