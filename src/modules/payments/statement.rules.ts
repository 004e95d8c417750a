/**
 * Statement periods (relevés): a venue is paid for what it redeemed in a period, weekly, monthly
 * (the default, as the national scheme did) or quarterly. Dates are ISO days (YYYY-MM-DD).
 */
export const STATEMENT_PERIODS = ['weekly', 'monthly', 'quarterly'] as const;
export type StatementPeriod = (typeof STATEMENT_PERIODS)[number];

const iso = (d: Date) => d.toISOString().slice(0, 10);
const utc = (day: string) => new Date(`${day}T00:00:00Z`);

/** The period holding `day`: its first and last days. */
export function periodOf(day: string, period: StatementPeriod): { start: string; end: string } {
  const d = utc(day);
  if (period === 'weekly') {
    const monday = new Date(d);
    monday.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
    const sunday = new Date(monday);
    sunday.setUTCDate(monday.getUTCDate() + 6);
    return { start: iso(monday), end: iso(sunday) };
  }
  const months = period === 'monthly' ? 1 : 3;
  const firstMonth = d.getUTCMonth() - (d.getUTCMonth() % months);
  const start = new Date(Date.UTC(d.getUTCFullYear(), firstMonth, 1));
  const end = new Date(Date.UTC(d.getUTCFullYear(), firstMonth + months, 0));
  return { start: iso(start), end: iso(end) };
}

/** The last complete period before `today`: what a statement run covers by default. */
export function lastCompletePeriod(today: string, period: StatementPeriod): { start: string; end: string } {
  const current = periodOf(today, period);
  const dayBefore = utc(current.start);
  dayBefore.setUTCDate(dayBefore.getUTCDate() - 1);
  return periodOf(iso(dayBefore), period);
}

export const STATEMENT_STATUSES = ['draft', 'submitted', 'validated', 'in_batch', 'paid'] as const;
export type StatementStatus = (typeof STATEMENT_STATUSES)[number];

export const STATEMENT_STATUS_LABELS: Record<StatementStatus, string> = {
  draft: 'brouillon',
  submitted: 'transmis',
  validated: 'validé',
  in_batch: 'en paiement',
  paid: 'payé',
};
