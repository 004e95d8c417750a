/**
 * Splits an amount between funders by their shares (basis points, adding up to 10,000) with the
 * largest-remainder rule: every funder gets the floor of its exact share, then the cents left
 * go one by one to the largest remainders (ties: the larger share, then the order given). The
 * parts always add up to the amount, to the cent.
 */
export function splitByShares(amountCents: number, shares: { id: string; shareBp: number }[]): Map<string, number> {
  const total = shares.reduce((s, f) => s + f.shareBp, 0);
  if (total !== 10_000) throw new Error(`shares add up to ${total} basis points, not 10,000`);
  return splitByWeights(amountCents, shares);
}

/** The same split by weights of any positive total (the shares of some of the funders only). */
export function splitByWeights(amountCents: number, shares: { id: string; shareBp: number }[]): Map<string, number> {
  const total = shares.reduce((s, f) => s + f.shareBp, 0);
  if (total <= 0) throw new Error('nothing to split by');
  const exact = shares.map((f, i) => {
    const numerator = amountCents * f.shareBp;
    return { ...f, i, floor: Math.floor(numerator / total), remainder: numerator % total };
  });
  let left = amountCents - exact.reduce((s, e) => s + e.floor, 0);
  const order = [...exact].sort((a, b) => b.remainder - a.remainder || b.shareBp - a.shareBp || a.i - b.i);
  const parts = new Map(exact.map((e) => [e.id, e.floor]));
  for (const e of order) {
    if (left === 0) break;
    parts.set(e.id, (parts.get(e.id) ?? 0) + 1);
    left--;
  }
  return parts;
}

export type FunderBasis = 'issued' | 'used';

export interface BudgetTotals {
  /** Value of the passes committed: issued and not returned. */
  committedCents: number;
  /** Value of the passes used (owed to venues or paid). */
  redeemedCents: number;
  paidCents: number;
  /** Value gone back to the envelope (expired or cancelled passes). */
  returnedCents: number;
}

export interface FunderBudget extends BudgetTotals {
  id: string;
}

/**
 * Each funder's part of the budget. Use (and what was paid for it) is shared by every funder's
 * share; a funder on the 'used' basis (the State, since 2020) pays for used passes only, so the
 * passes committed and not used, and what comes back from them, fall to the funders on the
 * 'issued' basis, by their shares. Every split is exact to the cent: the parts add up to the
 * programme's figures. Without an 'issued' funder the unused part is covered by nobody: it is
 * returned apart, as `uncoveredCents`.
 */
export function funderBudgets(
  totals: BudgetTotals,
  funders: { id: string; shareBp: number; basis: FunderBasis }[],
): { funders: FunderBudget[]; uncoveredCents: number } {
  if (funders.length === 0) return { funders: [], uncoveredCents: totals.committedCents - totals.redeemedCents };
  const redeemed = splitByShares(totals.redeemedCents, funders);
  const paid = splitByShares(totals.paidCents, funders);
  const issuers = funders.filter((f) => f.basis === 'issued');
  const unused = totals.committedCents - totals.redeemedCents;
  const unusedParts = issuers.length > 0 ? splitByWeights(unused, issuers) : new Map<string, number>();
  const returnedParts = issuers.length > 0 ? splitByWeights(totals.returnedCents, issuers) : new Map<string, number>();
  return {
    funders: funders.map((f) => ({
      id: f.id,
      committedCents: (redeemed.get(f.id) ?? 0) + (unusedParts.get(f.id) ?? 0),
      redeemedCents: redeemed.get(f.id) ?? 0,
      paidCents: paid.get(f.id) ?? 0,
      returnedCents: returnedParts.get(f.id) ?? 0,
    })),
    uncoveredCents: issuers.length > 0 ? 0 : unused,
  };
}
