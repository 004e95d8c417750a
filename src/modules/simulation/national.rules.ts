/**
 * The shape of the national data set (`passnum simulate --scale national`): how many carnets each
 * département's programme hands out, how well it is used, when people come and how often.
 * Pure and seeded: the same seed gives the same France.
 */
import { createHash } from 'node:crypto';
import type { EligibilityRule, PublicCategory } from '../programmes/programmes.contract.js';
import type { Arm } from '../reminders/reminders.rules.js';

export const DAY_MS = 86_400_000;

/** The national figures the set is built to (issue #16), scaled down by `fraction` in tests. */
export const NATIONAL = { people: 2_000_000, venues: 20_000, years: 3, passesPerCarnet: 5, faceValueCents: 1000 };

/** A uuid that depends only on the seed and a name: a re-run finds the same rows. */
export function stableUuid(seed: number, name: string): string {
  const h = createHash('sha256').update(`passnum-national:${seed}:${name}`).digest('hex');
  // Version 4 and variant bits set, so that the uuid is well-formed.
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((Number.parseInt(h[16] as string, 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** A 32-bit seed for a part of the set (a département), so each part draws the same numbers in any order. */
export function partSeed(seed: number, part: string): number {
  return createHash('sha256').update(`${seed}:${part}`).digest().readUInt32BE(0);
}

/** Cumulative weights, then a draw by bisection: O(log n) per draw for the millions of people. */
export class WeightedTable<T> {
  private readonly cumulative: number[] = [];
  private readonly total: number;
  constructor(
    private readonly items: readonly T[],
    weight: (t: T) => number,
  ) {
    let sum = 0;
    for (const item of items) {
      sum += Math.max(0, weight(item));
      this.cumulative.push(sum);
    }
    this.total = sum;
  }
  pick(random: () => number): T {
    const x = random() * this.total;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.cumulative[mid] as number) > x) hi = mid;
      else lo = mid + 1;
    }
    return this.items[lo] as T;
  }
}

/** Splits `total` into whole parts proportional to the weights (largest remainders), each at least `min`. */
export function apportion(weights: readonly number[], total: number, min = 0): number[] {
  const free = Math.max(0, total - min * weights.length);
  const sum = weights.reduce((s, w) => s + w, 0) || 1;
  const exact = weights.map((w) => (free * w) / sum);
  const parts = exact.map((x) => min + Math.floor(x));
  const left = total - parts.reduce((s, p) => s + p, 0);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0]);
  for (let k = 0; k < left && k < order.length; k++) {
    const i = (order[k] as readonly [number, number])[1];
    parts[i] = (parts[i] as number) + 1;
  }
  return parts;
}

/**
 * Hand-outs by month of the year: the school and job-seeking seasons (September to November,
 * January to March) high, summer low — the rhythm distributors report.
 */
export const MONTH_WEIGHTS = [1.1, 1.1, 1.2, 1.0, 0.9, 0.8, 0.4, 0.3, 1.3, 1.4, 1.3, 0.8] as const;
const MAX_MONTH_WEIGHT = Math.max(...MONTH_WEIGHTS);

/** A moment between `from` and `to`, drawn with the seasons' weights. */
export function seasonalMoment(random: () => number, from: number, to: number): number {
  for (;;) {
    const t = from + random() * (to - from);
    if (random() * MAX_MONTH_WEIGHT < (MONTH_WEIGHTS[new Date(t).getUTCMonth()] as number)) return t;
  }
}

/** An exponential delay in days (most people come soon, some much later). */
export function expDays(random: () => number, meanDays: number): number {
  return -Math.log(1 - random()) * meanDays;
}

/** Two kinds of programme, as in the real ones: young job seekers (BFC), or several publics (Lozère). */
export const PROGRAMME_KINDS: readonly { eligibility: EligibilityRule[]; validityMonths: number }[] = [
  { eligibility: [{ ageMin: 16, ageMax: 25, categories: ['demandeur_emploi'] }], validityMonths: 12 },
  {
    eligibility: [{ categories: ['pic', 'rsa', 'primo_arrivant'] }, { ageMin: 60 }, { ageMin: 16, ageMax: 25 }],
    validityMonths: 12,
  },
];

/** A person a programme's rules accept: one of its rules, an age and a category that fit it. */
export function personFor(
  rules: readonly EligibilityRule[],
  random: () => number,
  atYear: number,
): { birthYear: number; birthMonth: number; category: PublicCategory } {
  const rule = rules[Math.floor(random() * rules.length)] as EligibilityRule;
  const min = rule.ageMin ?? 26;
  const max = Math.min(rule.ageMax ?? Math.max(min + 25, 64), 90);
  // One year of margin below the maximum: born late in the year, the person is still that age.
  const age = min + Math.floor(random() * Math.max(1, max - min));
  const categories: readonly PublicCategory[] =
    rule.categories ??
    (age >= 60 ? ['retraite', 'autre'] : age <= 25 ? ['demandeur_emploi', 'etudiant'] : ['salarie', 'autre']);
  return {
    birthYear: atYear - age - 1,
    birthMonth: 1 + Math.floor(random() * 12),
    category: categories[Math.floor(random() * categories.length)] as PublicCategory,
  };
}

/** A venue's pull: a few large places take many passes, most take a few (Pareto, α = 1.2). */
export function venuePull(random: () => number): number {
  return Math.min(200, (1 - random()) ** (-1 / 1.2));
}

export interface Visit {
  at: number;
  passes: number;
}

export interface CarnetLife {
  /** Workshops attended, in order, each paid with 1 or 2 passes. */
  visits: Visit[];
  /** Enrolled in the reminder campaign: not used `afterDays` after hand-out (null otherwise). */
  enrolledAt: number | null;
  arm: Arm | null;
}

/**
 * What happens to one carnet after hand-out. A share `usage` of holders come at all; two thirds
 * of those within the first weeks, the rest later — more of them when reminded, fewer when held
 * out (the effect the control group measures). Nothing happens after `now` or after expiry.
 */
export function carnetLife(
  random: () => number,
  c: {
    distributedAt: number;
    now: number;
    expiresAt: number;
    usage: number;
    passes: number;
    afterDays: number;
    armOf: () => Arm;
  },
): CarnetLife {
  const early = 0.65 * c.usage;
  const remindAt = c.distributedAt + c.afterDays * DAY_MS;
  let first: number | null = null;
  let enrolledAt: number | null = null;
  let arm: Arm | null = null;
  if (random() < early) {
    first = c.distributedAt + Math.min(c.afterDays - 1, expDays(random, 9)) * DAY_MS;
  }
  if (first === null || first > c.now) {
    first = null;
    if (remindAt <= c.now) {
      enrolledAt = remindAt;
      arm = c.armOf();
      const late = ((1 - 0.65) * c.usage) / (1 - early);
      if (random() < Math.min(0.95, late * (arm === 'reminded' ? 1.2 : 0.8))) {
        first = remindAt + expDays(random, 25) * DAY_MS;
      }
    }
  }
  const visits: Visit[] = [];
  if (first !== null) {
    // Most who come finish their carnet; the others stop after a few workshops.
    const wanted = random() < 0.45 ? c.passes : 1 + Math.floor(random() * (c.passes - 1));
    let at = first;
    let spent = 0;
    while (spent < wanted && at < c.now && at < c.expiresAt) {
      const passes = Math.min(wanted - spent, random() < 0.3 ? 2 : 1);
      visits.push({ at, passes });
      spent += passes;
      at += (5 + expDays(random, 12)) * DAY_MS;
    }
  }
  return { visits, enrolledAt, arm };
}

/** The first day of a moment's month and the last, as ISO dates (statements are monthly). */
export function monthOf(t: number): { start: string; end: string; key: string } {
  const d = new Date(t);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  const start = new Date(Date.UTC(y, m, 1));
  const end = new Date(Date.UTC(y, m + 1, 0));
  return {
    start: start.toISOString().slice(0, 10),
    end: end.toISOString().slice(0, 10),
    key: `${y}${String(m + 1).padStart(2, '0')}`,
  };
}
