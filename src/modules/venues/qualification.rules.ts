/**
 * The qualification of a venue for a programme, as a state machine: the operator decides, the
 * venue applies again after a request for changes. Every decision carries a date and a reason.
 */
export const QUALIFICATION_STATUSES = [
  'pending',
  'qualified',
  'changes_requested',
  'refused',
  'suspended',
  'withdrawn',
] as const;
export type QualificationStatus = (typeof QUALIFICATION_STATUSES)[number];
export type QualificationDecision = Exclude<QualificationStatus, 'pending'>;

const NEXT: Record<QualificationStatus, readonly QualificationDecision[]> = {
  pending: ['qualified', 'changes_requested', 'refused'],
  changes_requested: ['qualified', 'changes_requested', 'refused'],
  qualified: ['qualified', 'suspended', 'withdrawn'],
  suspended: ['qualified', 'withdrawn'],
  refused: [],
  withdrawn: [],
};

/** May the operator move a qualification from `from` to `to`? (re-qualifying renews it) */
export function canDecide(from: QualificationStatus, to: QualificationDecision): boolean {
  return NEXT[from].includes(to);
}

/** The decisions open from a state, in the order the operator is offered them. */
export function nextDecisions(from: QualificationStatus): readonly QualificationDecision[] {
  return NEXT[from];
}

/** Refusals, suspensions, withdrawals and requests for changes must say why. */
export function needsReason(to: QualificationDecision): boolean {
  return to !== 'qualified';
}

/** A qualification is renewed yearly unless the operator sets another date. */
export function defaultRenewalDate(today: string): string {
  const date = new Date(`${today}T00:00:00Z`);
  date.setUTCFullYear(date.getUTCFullYear() + 1);
  return date.toISOString().slice(0, 10);
}

export const DECISION_LABELS: Record<QualificationStatus, string> = {
  pending: 'en attente',
  qualified: 'qualifié',
  changes_requested: 'modifications demandées',
  refused: 'refusé',
  suspended: 'suspendu',
  withdrawn: 'retiré',
};
