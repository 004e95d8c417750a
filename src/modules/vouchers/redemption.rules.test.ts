import { describe, expect, it } from 'vitest';
import { countMismatch } from './redemption.rules.js';

describe('the count of passes for a workshop', () => {
  const workshop = { title: 'Premiers pas sur ordinateur', pricePasses: 2 };
  it('accepts the price, or another count with its reason', () => {
    expect(countMismatch(workshop, 2, undefined)).toBeNull();
    expect(countMismatch(workshop, 1, 'Partie à la moitié')).toBeNull();
  });
  it('asks why, in French, when the count differs without a reason', () => {
    expect(countMismatch(workshop, 3, undefined)).toBe(
      "L'atelier « Premiers pas sur ordinateur » vaut 2 pass et 3 codes sont saisis : indiquez pourquoi le nombre diffère.",
    );
    expect(countMismatch(workshop, 1, '  ')).toContain('1 code est saisi');
  });
});
