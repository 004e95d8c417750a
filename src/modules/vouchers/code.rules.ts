import { randomBytes } from 'node:crypto';

/**
 * Pass codes: 12 Crockford base32 symbols (60 random bits) and one check symbol (mod 37).
 * Shown in groups of four (`7KQ4-M9XZ-2HD8-T`); read case-insensitively, without spaces or
 * hyphens, I and L as 1, O as 0, so a code typed from paper or spoken on the phone still reads.
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const CHECK_ALPHABET = `${ALPHABET}*~$=U`;
const BODY_LENGTH = 12;

declare const codeBrand: unique symbol;
/** A normalised code whose check symbol is right: 13 symbols, no separators. */
export type PassCode = string & { readonly [codeBrand]: true };

function numericValue(body: string): bigint {
  let v = 0n;
  for (const c of body) v = v * 32n + BigInt(ALPHABET.indexOf(c));
  return v;
}

export function checkSymbol(body: string): string {
  return CHECK_ALPHABET[Number(numericValue(body) % 37n)] as string;
}

/** A new code from the CSPRNG. */
export function generateCode(): PassCode {
  const bytes = randomBytes(8);
  // 60 bits = 12 symbols of 5 bits, taken from the 64 random bits.
  let v = bytes.readBigUInt64BE() >> 4n;
  let body = '';
  for (let i = 0; i < BODY_LENGTH; i++) {
    body = ALPHABET[Number(v & 31n)] + body;
    v >>= 5n;
  }
  return (body + checkSymbol(body)) as PassCode;
}

export type CodeReading = { ok: true; code: PassCode } | { ok: false; reason: 'format' | 'check_symbol' };

/** Reads what a person typed or a scanner sent; a wrong check symbol is a typo, told before any look-up. */
export function readCode(input: string): CodeReading {
  const s = input
    .trim()
    .toUpperCase()
    .replace(/^.*\/P\//, '') // a scanned QR code gives the whole URL
    .replace(/[\s-]/g, '')
    .replace(/[IL]/g, '1')
    .replace(/O/g, '0');
  if (s.length !== BODY_LENGTH + 1) return { ok: false, reason: 'format' };
  const body = s.slice(0, BODY_LENGTH);
  const check = s.slice(BODY_LENGTH);
  if ([...body].some((c) => !ALPHABET.includes(c)) || !CHECK_ALPHABET.includes(check)) {
    return { ok: false, reason: 'format' };
  }
  return checkSymbol(body) === check ? { ok: true, code: s as PassCode } : { ok: false, reason: 'check_symbol' };
}

/** `7KQ4M9XZ2HD8T` → `7KQ4-M9XZ-2HD8-T`. */
export function formatCode(code: PassCode): string {
  return code.match(/.{1,4}/g)?.join('-') ?? code;
}
