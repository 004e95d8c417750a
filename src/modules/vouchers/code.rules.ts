import { randomFillSync } from 'node:crypto';

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

/** The check symbol: the code's value modulo 37, computed digit by digit (Horner). */
function checkOf(digits: number[]): string {
  let r = 0;
  for (const d of digits) r = (r * 32 + d) % 37;
  return CHECK_ALPHABET[r] as string;
}

export function checkSymbol(body: string): string {
  return checkOf([...body].map((c) => ALPHABET.indexOf(c)));
}

// Random bytes are drawn from the CSPRNG in blocks: issuing 50,000 passes would otherwise make
// 50,000 separate calls.
const POOL = Buffer.alloc(8 * 1024);
let poolOffset = POOL.length;

/** A new code from the CSPRNG: 60 random bits, two 30-bit halves of 6 symbols each. */
export function generateCode(): PassCode {
  if (poolOffset + 8 > POOL.length) {
    randomFillSync(POOL);
    poolOffset = 0;
  }
  const halves = [POOL.readUInt32BE(poolOffset) & 0x3fffffff, POOL.readUInt32BE(poolOffset + 4) & 0x3fffffff];
  poolOffset += 8;
  const digits: number[] = [];
  for (const half of halves) {
    for (let shift = 25; shift >= 0; shift -= 5) digits.push((half >>> shift) & 31);
  }
  return (digits.map((d) => ALPHABET[d]).join('') + checkOf(digits)) as PassCode;
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
