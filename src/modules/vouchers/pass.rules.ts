import type { ErrorCode } from '../../errors.js';

/**
 * The pass's life, in one place. A pass is issued in an operator's stock, handed out
 * (distributed), spent at a venue (redeemed) and paid (reimbursed); or it ends unspent (expired,
 * cancelled). Every change of state in the code is one of these named transitions, applied by
 * the vouchers store (`passes.store.ts`), which refuses a pass whose state the transition does
 * not start from.
 */
export const PASS_STATES = ['issued', 'distributed', 'redeemed', 'reimbursed', 'expired', 'cancelled'] as const;
export type PassState = (typeof PASS_STATES)[number];

export const PASS_TRANSITIONS = {
  distribute: { from: ['issued'], to: 'distributed' },
  redeem: { from: ['distributed'], to: 'redeemed' },
  /** A venue takes back its redemption (within 24 h, before a statement). */
  undo: { from: ['redeemed'], to: 'distributed' },
  /** Lost, stolen or destroyed, or left over from a partial replacement. */
  cancel: { from: ['issued', 'distributed'], to: 'cancelled' },
  /** The operator rejects a statement line and cancels its pass (a redemption that was not due). */
  reject: { from: ['redeemed'], to: 'cancelled' },
  expire: { from: ['issued', 'distributed'], to: 'expired' },
  reimburse: { from: ['redeemed'], to: 'reimbursed' },
} as const satisfies Record<string, { from: readonly PassState[]; to: PassState }>;
export type PassTransition = keyof typeof PASS_TRANSITIONS;

/** The state a transition leads to from `state`, or null when the rules forbid it. */
export function nextState(state: PassState, transition: PassTransition): PassState | null {
  const t = PASS_TRANSITIONS[transition];
  return (t.from as readonly PassState[]).includes(state) ? t.to : null;
}

/** What is known of a pass at a venue's counter. */
export interface SpendFacts {
  state: PassState;
  /** Past its validity date, even if the daily expiry has not run yet. */
  pastValidity: boolean;
  /** The venue is qualified in the pass's programme and acts there as a venue. */
  venueQualified: boolean;
}

/**
 * Why a pass may not be spent here, in the order a venue needs to hear it: the first rule that
 * holds is the refusal. Declared once as data, evaluated in TypeScript (`spendRefusal`) and
 * rendered into the single redemption statement (`spendRefusalSql`), so the two cannot drift.
 */
const SPEND_RULES: readonly {
  code: ErrorCode;
  states?: readonly PassState[];
  pastValidity?: true;
  unqualified?: true;
}[] = [
  { code: 'PASS_ALREADY_REDEEMED', states: ['redeemed', 'reimbursed'] },
  { code: 'PASS_CANCELLED', states: ['cancelled'] },
  { code: 'PASS_EXPIRED', states: ['expired'] },
  { code: 'PASS_EXPIRED', pastValidity: true },
  { code: 'PASS_NOT_DISTRIBUTED', states: PASS_STATES.filter((s) => s !== PASS_TRANSITIONS.redeem.from[0]) },
  { code: 'VENUE_NOT_QUALIFIED', unqualified: true },
];

export function spendRefusal(p: SpendFacts): ErrorCode | null {
  const rule = SPEND_RULES.find(
    (r) =>
      r.states?.includes(p.state) ||
      (r.pastValidity === true && p.pastValidity) ||
      (r.unqualified === true && !p.venueQualified),
  );
  return rule?.code ?? null;
}

/** The same rules as a SQL CASE over the named columns (constant text: no user input). */
export function spendRefusalSql(cols: { state: string; pastValidity: string; venueQualified: string }): string {
  const whens = SPEND_RULES.map((r) => {
    const cond =
      r.states !== undefined
        ? `${cols.state} IN (${r.states.map((s) => `'${s}'`).join(', ')})`
        : r.pastValidity
          ? cols.pastValidity
          : `NOT ${cols.venueQualified}`;
    return `WHEN ${cond} THEN '${r.code}'`;
  });
  return `(CASE ${whens.join(' ')} END)`;
}
