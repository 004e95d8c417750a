/** The deterministic randomness and the shape of each simulated territory. */

/** mulberry32: a small, well-spread 32-bit generator; the same seed gives the same programme. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Picks an item with probability proportional to its weight (a commune by its population). */
export function weightedPick<T>(items: readonly T[], weight: (t: T) => number, random: () => number): T {
  const total = items.reduce((s, t) => s + Math.max(0, weight(t)), 0);
  let x = random() * total;
  for (const item of items) {
    x -= Math.max(0, weight(item));
    if (x < 0) return item;
  }
  return items[items.length - 1] as T;
}

/** Names differ by letters, not digits: the beneficiary's fingerprint ignores digits. */
export function letters(n: number): string {
  let s = '';
  let k = n;
  do {
    s = String.fromCharCode(97 + (k % 26)) + s;
    k = Math.floor(k / 26) - 1;
  } while (k >= 0);
  return s;
}

export interface ScaleShape {
  /** The demo programme the simulation fills. */
  programme: 'lozere' | 'bfc';
  carnets: number;
  venues: number;
  /** Share of carnets whose holder comes at least once. */
  usage: number;
  /** Share of people who agree to reminders. */
  consent: number;
  /** Share of used passes whose holder answers the questionnaire. */
  answers: number;
}

export const SCALES: Record<'lozere' | 'region', ScaleShape> = {
  // The Lozère's 3,600 passes: 720 carnets, a dozen venues across the département.
  lozere: { programme: 'lozere', carnets: 720, venues: 12, usage: 0.62, consent: 0.6, answers: 0.3 },
  // A région the size of Bourgogne-Franche-Comté: 50,000 passes, 150 venues.
  region: { programme: 'bfc', carnets: 10_000, venues: 150, usage: 0.45, consent: 0.5, answers: 0.2 },
};
export type Scale = keyof typeof SCALES;

export const isScale = (s: string): s is Scale => Object.hasOwn(SCALES, s);
