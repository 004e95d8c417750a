import { createHash } from 'node:crypto';

export type Arm = 'reminded' | 'holdout';

/**
 * The group a carnet falls in: the first 32 bits of sha256(seed:carnet) read as a fraction of
 * 2^32; below the holdout share it is held out. The same seed and carnet always give the same
 * group (the split can be checked afterwards), and without the seed nobody can predict it.
 */
export function armOf(seed: string, carnetId: string, holdoutPercent: number): Arm {
  const digest = createHash('sha256').update(`${seed}:${carnetId}`).digest();
  const fraction = digest.readUInt32BE(0) / 2 ** 32;
  return fraction * 100 < holdoutPercent ? 'holdout' : 'reminded';
}

export interface ArmCount {
  /** Carnets drawn into the group. */
  carnets: number;
  /** Of those, carnets with a pass used after the draw. */
  used: number;
}

export interface Uplift {
  /** Usage rate of the reminded minus that of the held out, as a fraction. */
  difference: number;
  /** The 95 % confidence interval of the difference (normal approximation). */
  low: number;
  high: number;
  /** True when the interval lies wholly above or below zero. */
  significant: boolean;
}

/** Two-sided 95 % quantile of the normal law. */
const Z95 = 1.959963984540054;

/**
 * The effect of reminding: the difference of the two groups' usage rates with its 95 %
 * confidence interval, from the unpooled standard error of a difference of proportions
 * (Wald). Null when a group is empty: there is nothing to compare yet.
 */
export function uplift(reminded: ArmCount, holdout: ArmCount): Uplift | null {
  if (reminded.carnets === 0 || holdout.carnets === 0) return null;
  const pR = reminded.used / reminded.carnets;
  const pH = holdout.used / holdout.carnets;
  const difference = pR - pH;
  const se = Math.sqrt((pR * (1 - pR)) / reminded.carnets + (pH * (1 - pH)) / holdout.carnets);
  const low = difference - Z95 * se;
  const high = difference + Z95 * se;
  return { difference, low, high, significant: low > 0 || high < 0 };
}

/** A distributor may remind a person by hand at most once a week: a reminder, not harassment. */
export const MANUAL_REMINDER_GAP_DAYS = 7;
