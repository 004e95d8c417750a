export const STATEMENT_LABELS: Record<string, string> = {
  draft: 'Brouillon',
  submitted: 'Transmis',
  validated: 'Validé',
  in_batch: 'En paiement',
  paid: 'Payé',
};

export const STATEMENT_SEVERITY: Record<string, 'info' | 'success' | 'warning' | 'new'> = {
  draft: 'new',
  submitted: 'info',
  validated: 'info',
  in_batch: 'warning',
  paid: 'success',
};

export interface StatementView {
  id: string;
  programmeId: string;
  venueName: string;
  reference: string;
  periodStart: string;
  periodEnd: string;
  status: string;
  amountCents: number;
  paidOn: string | null;
}

export interface BatchView {
  id: string;
  reference: string;
  status: 'created' | 'paid';
  executionDate: string;
  amountCents: number;
  statements: number;
  paidOn: string | null;
}

export const today = () => new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Paris' });
