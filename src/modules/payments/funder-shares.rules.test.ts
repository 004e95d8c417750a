import { describe, expect, it } from 'vitest';
import { funderBudgets, splitByWeights } from './funder-shares.rules.js';

const totals = { committedCents: 100_000, redeemedCents: 30_000, paidCents: 20_000, returnedCents: 5_000 };

describe('each funder’s part of the budget', () => {
  it('the State at 50 % of used passes only: the collectivité carries the passes not used', () => {
    const { funders, uncoveredCents } = funderBudgets(totals, [
      { id: 'etat', shareBp: 5000, basis: 'used' },
      { id: 'departement', shareBp: 5000, basis: 'issued' },
    ]);
    expect(funders).toEqual([
      { id: 'etat', committedCents: 15_000, redeemedCents: 15_000, paidCents: 10_000, returnedCents: 0 },
      { id: 'departement', committedCents: 85_000, redeemedCents: 15_000, paidCents: 10_000, returnedCents: 5_000 },
    ]);
    expect(uncoveredCents).toBe(0);
  });

  it('adds up to the programme’s figures to the cent, with awkward shares', () => {
    const odd = { committedCents: 100_001, redeemedCents: 33_337, paidCents: 9_999, returnedCents: 101 };
    const { funders } = funderBudgets(odd, [
      { id: 'a', shareBp: 3333, basis: 'used' },
      { id: 'b', shareBp: 3333, basis: 'issued' },
      { id: 'c', shareBp: 3334, basis: 'issued' },
    ]);
    const sum = (k: keyof typeof odd) => funders.reduce((s, f) => s + f[k], 0);
    expect([sum('committedCents'), sum('redeemedCents'), sum('paidCents'), sum('returnedCents')]).toEqual([
      100_001, 33_337, 9_999, 101,
    ]);
    // Among the funders of committed passes, the unused part goes by their shares: b and c about evenly.
    expect(Math.abs((funders[1]?.committedCents ?? 0) - (funders[2]?.committedCents ?? 0))).toBeLessThan(15);
  });

  it('shows the part nobody covers when every funder pays for used passes only', () => {
    const { uncoveredCents, funders } = funderBudgets(totals, [{ id: 'etat', shareBp: 10_000, basis: 'used' }]);
    expect(uncoveredCents).toBe(70_000);
    expect(funders[0]?.committedCents).toBe(30_000);
  });

  it('splits by weights of any total with the largest remainders', () => {
    expect([
      ...splitByWeights(100, [
        { id: 'x', shareBp: 1 },
        { id: 'y', shareBp: 2 },
      ]).values(),
    ]).toEqual([33, 67]);
  });
});
