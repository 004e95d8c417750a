import type { Statement } from '../../api/payments';

export const STATEMENT_LABELS: Record<Statement['status'], string> = {
  draft: 'Brouillon',
  submitted: 'Transmis',
  validated: 'Validé',
  in_batch: 'En paiement',
  paid: 'Payé',
};

export const STATEMENT_SEVERITY: Record<Statement['status'], 'info' | 'success' | 'warning' | 'new'> = {
  draft: 'new',
  submitted: 'info',
  validated: 'info',
  in_batch: 'warning',
  paid: 'success',
};

export const today = () => new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Paris' });
