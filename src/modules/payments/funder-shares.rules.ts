/**
 * Splits an amount between funders by their shares (basis points, adding up to 10,000) with the
 * largest-remainder rule: every funder gets the floor of its exact share, then the cents left
 * go one by one to the largest remainders (ties: the larger share, then the order given). The
 * parts always add up to the amount, to the cent.
 */
export function splitByShares(amountCents: number, shares: { id: string; shareBp: number }[]): Map<string, number> {
  const total = shares.reduce((s, f) => s + f.shareBp, 0);
  if (total !== 10_000) throw new Error(`shares add up to ${total} basis points, not 10,000`);
  const exact = shares.map((f, i) => {
    const numerator = amountCents * f.shareBp;
    return { ...f, i, floor: Math.floor(numerator / 10_000), remainder: numerator % 10_000 };
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
