import { describe, expect, it } from 'vitest';
import {
  apportion,
  carnetLife,
  DAY_MS,
  MONTH_WEIGHTS,
  monthOf,
  seasonalMoment,
  stableUuid,
  WeightedTable,
} from './national.rules.js';
import { prng } from './simulation.rules.js';

describe('the national data set’s rules', () => {
  it('apportions a total exactly, each part at least its minimum, in proportion to the weights', () => {
    const parts = apportion([1, 2, 3, 0], 1000, 1);
    expect(parts.reduce((s, p) => s + p, 0)).toBe(1000);
    expect(Math.min(...parts)).toBe(1);
    expect(parts[2]).toBeGreaterThan(parts[1] as number);
    expect(Math.abs((parts[2] as number) / (parts[0] as number) - 3)).toBeLessThan(0.05);
  });

  it('draws from a weighted table in proportion to the weights', () => {
    const table = new WeightedTable(['a', 'b'], (x) => (x === 'a' ? 1 : 3));
    const random = prng(1);
    let b = 0;
    for (let i = 0; i < 20_000; i++) if (table.pick(random) === 'b') b++;
    expect(b / 20_000).toBeGreaterThan(0.73);
    expect(b / 20_000).toBeLessThan(0.77);
  });

  it('gives the same uuid for the same seed and name, a well-formed one, and another for another seed', () => {
    expect(stableUuid(1, 'carnet:48:1')).toBe(stableUuid(1, 'carnet:48:1'));
    expect(stableUuid(2, 'carnet:48:1')).not.toBe(stableUuid(1, 'carnet:48:1'));
    expect(stableUuid(1, 'x')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('hands out more in October than in August (the seasons), always inside the period', () => {
    const random = prng(3);
    const from = Date.UTC(2024, 0, 1);
    const to = Date.UTC(2026, 0, 1);
    const byMonth = new Array(12).fill(0);
    for (let i = 0; i < 20_000; i++) {
      const t = seasonalMoment(random, from, to);
      expect(t).toBeGreaterThanOrEqual(from);
      expect(t).toBeLessThan(to);
      byMonth[new Date(t).getUTCMonth()]++;
    }
    expect(byMonth[9] / byMonth[7]).toBeGreaterThan((MONTH_WEIGHTS[9] / MONTH_WEIGHTS[7]) * 0.8);
  });

  it('lives a carnet within its bounds: no workshop after now or expiry, never more passes than it holds', () => {
    const random = prng(5);
    const now = Date.UTC(2026, 10, 30);
    let reminded = 0;
    let remindedUsed = 0;
    let held = 0;
    let heldUsed = 0;
    for (let i = 0; i < 20_000; i++) {
      const distributedAt = now - Math.floor(random() * 700) * DAY_MS;
      const expiresAt = distributedAt + 365 * DAY_MS;
      const life = carnetLife(random, {
        distributedAt,
        now,
        expiresAt,
        usage: 0.5,
        passes: 5,
        afterDays: 30,
        armOf: () => (i % 10 === 0 ? 'holdout' : 'reminded'),
      });
      expect(life.visits.reduce((s, v) => s + v.passes, 0)).toBeLessThanOrEqual(5);
      for (const v of life.visits) {
        expect(v.at).toBeGreaterThanOrEqual(distributedAt);
        expect(v.at).toBeLessThan(Math.min(now, expiresAt));
      }
      if (life.enrolledAt !== null) {
        // Enrolled only when nothing was used in the first 30 days.
        expect(life.visits[0]?.at ?? Number.POSITIVE_INFINITY).toBeGreaterThanOrEqual(life.enrolledAt);
        if (life.arm === 'holdout') {
          held++;
          if (life.visits.length > 0) heldUsed++;
        } else {
          reminded++;
          if (life.visits.length > 0) remindedUsed++;
        }
      }
    }
    // The effect the control group is there to measure: reminded people come back more.
    expect(remindedUsed / reminded).toBeGreaterThan(heldUsed / held);
  });

  it('names a month by its first and last days', () => {
    expect(monthOf(Date.UTC(2024, 1, 10))).toEqual({ start: '2024-02-01', end: '2024-02-29', key: '202402' });
  });
});
