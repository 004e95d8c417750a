import { describe, expect, it } from 'vitest';
import { parseSiret } from './siret.rules.js';

describe('parseSiret', () => {
  it('accepts a SIRET whose Luhn key is right, spaces ignored', () => {
    expect(parseSiret('732 829 320 00074')).toBe('73282932000074');
  });
  it('refuses a wrong key, a wrong length and letters', () => {
    expect(parseSiret('73282932000075')).toBeNull();
    expect(parseSiret('7328293200007')).toBeNull();
    expect(parseSiret('7328293200007A')).toBeNull();
  });
  it("accepts La Poste's SIRETs by their sum-divisible-by-5 rule", () => {
    // 3+5+6+0+0+0+0+0+0+0+0+0+4+2 = 20, Luhn-invalid yet valid for La Poste.
    expect(parseSiret('35600000000042')).toBe('35600000000042');
    expect(parseSiret('35600000000043')).toBeNull();
  });
});
