import type { z } from 'zod';
import type {
  BankAccountInput,
  BankAccountView,
  BatchPaymentInput,
  BudgetView,
  DrawUpResult,
  FraudSignalView,
  FunderShareView,
  LineRejection,
  PaidByWorkshop,
  PaymentBatch,
  PaymentSettingsInput,
  PaymentSettingsView,
  Statement,
} from '../../../src/modules/payments/payments.contract';
import { downloadUrl, request } from './http';

export type { BudgetView, FraudSignalView, FunderShareView, LineRejection, PaymentBatch, Statement };

export const paymentsApi = {
  updateSettings: (programmeId: string, body: z.input<typeof PaymentSettingsInput>) =>
    request<PaymentSettingsView>('PUT', `/programmes/${programmeId}/payment-settings`, body),
  drawUp: (programmeId: string, day?: string) =>
    request<DrawUpResult>('POST', `/programmes/${programmeId}/statements/draw-up`, { day }),
  statements: (programmeId: string) => request<Statement[]>('GET', `/programmes/${programmeId}/statements`),
  myStatements: () => request<Statement[]>('GET', '/me/statements'),
  statement: (id: string) => request<Statement>('GET', `/statements/${id}`),
  statementPdfUrl: (id: string) => downloadUrl(`/statements/${id}/statement.pdf`),
  submit: (id: string) => request<Statement>('POST', `/statements/${id}/submission`),
  validate: (id: string, rejections: LineRejection[]) =>
    request<Statement>('POST', `/statements/${id}/validation`, { rejections }),
  batches: (programmeId: string) => request<PaymentBatch[]>('GET', `/programmes/${programmeId}/payment-batches`),
  createBatch: (programmeId: string, executionDate: string, idempotencyKey: string) =>
    request<PaymentBatch>(
      'POST',
      `/programmes/${programmeId}/payment-batches`,
      { executionDate },
      { 'idempotency-key': idempotencyKey },
    ),
  markPaid: (batchId: string, paidOn: string, rejected: z.input<typeof BatchPaymentInput>['rejected'] = []) =>
    request<PaymentBatch>('POST', `/payment-batches/${batchId}/payment`, { paidOn, rejected }),
  sepaUrl: (batchId: string) => downloadUrl(`/payment-batches/${batchId}/sepa.xml`),
  transfersCsvUrl: (batchId: string) => downloadUrl(`/payment-batches/${batchId}/transfers.csv`),
  budget: (programmeId: string) => request<BudgetView>('GET', `/programmes/${programmeId}/budget`),
  paidByWorkshop: (programmeId: string) =>
    request<PaidByWorkshop[]>('GET', `/programmes/${programmeId}/paid-by-workshop`),
  funderShares: (programmeId: string) => request<FunderShareView[]>('GET', `/programmes/${programmeId}/funder-shares`),
  fraudSignals: (programmeId: string) => request<FraudSignalView[]>('GET', `/programmes/${programmeId}/fraud-signals`),
  submitBankAccount: (body: z.input<typeof BankAccountInput>) =>
    request<BankAccountView>('PUT', '/me/bank-account', body),
};
