import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkSymbol, formatCode, generateCode, type PassCode, readCode } from './code.rules.js';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

describe('pass codes', () => {
  it('generates 12 Crockford symbols plus a valid check symbol, all distinct over many draws', () => {
    const codes = new Set<string>();
    for (let i = 0; i < 20_000; i++) {
      const c = generateCode();
      expect(c).toMatch(/^[0-9A-HJKMNP-TV-Z]{12}[0-9A-HJKMNP-TV-Z*~$=U]$/);
      expect(readCode(c)).toEqual({ ok: true, code: c });
      codes.add(c);
    }
    expect(codes.size).toBe(20_000);
  });

  it('reads formatted, lower-case, spaced codes and I/L/O look-alikes', () => {
    const body = '7KQ4M9XZ2HD8';
    const code = body + checkSymbol(body);
    expect(formatCode(code as PassCode)).toBe(`7KQ4-M9XZ-2HD8-${checkSymbol(body)}`);
    const typed = ` ${formatCode(code as PassCode).toLowerCase()} `.replace('2', '2 ');
    expect(readCode(typed)).toEqual({ ok: true, code });
    expect(readCode(`https://passnum.fr/p/${code}`)).toEqual({ ok: true, code });
  });

  it('reports any single wrong symbol as a check-symbol typo', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 11 }), fc.integer({ min: 1, max: 31 }), (pos, shift) => {
        const code = generateCode();
        const wrong = ALPHABET[(ALPHABET.indexOf(code[pos] as string) + shift) % 32] as string;
        const typo = code.slice(0, pos) + wrong + code.slice(pos + 1);
        expect(readCode(typo)).toEqual({ ok: false, reason: 'check_symbol' });
      }),
      { numRuns: 2000 },
    );
  });

  it('reports two swapped adjacent symbols as a typo', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 }), (pos) => {
        const code = generateCode();
        if (code[pos] === code[pos + 1]) return;
        const swapped = code.slice(0, pos) + code[pos + 1] + code[pos] + code.slice(pos + 2);
        expect(readCode(swapped).ok).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses input of the wrong length or with foreign symbols as a format error', () => {
    expect(readCode('ABC')).toEqual({ ok: false, reason: 'format' });
    expect(readCode('7KQ4-M9XZ-2HD8-TT')).toEqual({ ok: false, reason: 'format' });
    expect(readCode('7KQ4-M9XZ-2HD#-T')).toEqual({ ok: false, reason: 'format' });
  });
});

describe('check symbol', () => {
  it('is the 60-bit value of the code modulo 37', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 31 }), { minLength: 12, maxLength: 12 }), (digits) => {
        const body = digits.map((d) => ALPHABET[d]).join('');
        const value = digits.reduce((v, d) => v * 32n + BigInt(d), 0n);
        expect(checkSymbol(body)).toBe('0123456789ABCDEFGHJKMNPQRSTVWXYZ*~$=U'[Number(value % 37n)]);
      }),
      { numRuns: 2000 },
    );
  });
});
