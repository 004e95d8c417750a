import { describe, expect, it } from 'vitest';
import { armOf, uplift } from './reminders.rules.js';

const ids = Array.from({ length: 10_000 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);

describe('the holdout draw', () => {
  it('holds out about the share asked for, the same carnets for the same seed', () => {
    const held = ids.filter((id) => armOf('seed-42', id, 10) === 'holdout');
    // 10 % of 10,000: the binomial standard deviation is 30, so ±150 is five of them.
    expect(held.length).toBeGreaterThan(850);
    expect(held.length).toBeLessThan(1150);
    expect(ids.filter((id) => armOf('seed-42', id, 10) === 'holdout')).toEqual(held);
    // The first ids of this fixed seed, written down: a change of the rule shows here.
    expect(held.length).toBe(1001);
    expect(held.slice(0, 3)).toEqual([
      '00000000-0000-4000-8000-000000000011',
      '00000000-0000-4000-8000-000000000029',
      '00000000-0000-4000-8000-000000000040',
    ]);
  });

  it('draws other carnets with another seed, none at 0 % and a larger group at 50 %', () => {
    const a = new Set(ids.filter((id) => armOf('seed-42', id, 10) === 'holdout'));
    const b = ids.filter((id) => armOf('seed-43', id, 10) === 'holdout');
    expect(b.filter((id) => a.has(id)).length).toBeLessThan(b.length / 4);
    expect(ids.some((id) => armOf('seed-42', id, 0) === 'holdout')).toBe(false);
    const half = ids.filter((id) => armOf('seed-42', id, 50) === 'holdout').length;
    expect(Math.abs(half - 5_000)).toBeLessThan(250);
    // Raising the share only adds carnets to the holdout: the 10 % are among the 50 %.
    expect([...a].every((id) => armOf('seed-42', id, 50) === 'holdout')).toBe(true);
  });
});

describe('the uplift and its 95 % confidence interval', () => {
  it('computes a known case by hand', () => {
    // 450 of 900 reminded used a pass (50 %), 40 of 100 held out (40 %): difference 10 points,
    // standard error √(0.25/900 + 0.24/100) = 0.0517472, half-width 1.96 × that = 0.101423.
    const u = uplift({ carnets: 900, used: 450 }, { carnets: 100, used: 40 });
    expect(u?.difference).toBeCloseTo(0.1, 10);
    expect(u?.low).toBeCloseTo(0.1 - 0.1014227, 6);
    expect(u?.high).toBeCloseTo(0.1 + 0.1014227, 6);
    expect(u?.significant).toBe(false);
  });

  it('says significant when the interval leaves zero, and nothing while a group is empty', () => {
    const u = uplift({ carnets: 2000, used: 1000 }, { carnets: 2000, used: 800 });
    expect(u?.difference).toBeCloseTo(0.1, 10);
    expect(u?.significant).toBe(true);
    expect(uplift({ carnets: 10, used: 5 }, { carnets: 0, used: 0 })).toBeNull();
  });
});
