import { createHmac, hkdfSync } from 'node:crypto';
import type { Beneficiary } from './vouchers.contract.js';

/** Comparison form of a name: no accents, case, spaces or punctuation ("Élodie-Anne" = "ELODIEANNE"). */
export function nameForComparison(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toUpperCase()
    .replace(/[^A-Z]/g, '');
}

// The key is derived once per secret (a process has one): HKDF costs more than the HMAC itself,
// which counts when millions of people are fingerprinted (`simulate --scale national`).
let derived: { secret: string; key: Buffer } | null = null;
function fingerprintKey(secret: string): Buffer {
  if (derived?.secret !== secret) {
    derived = { secret, key: Buffer.from(hkdfSync('sha256', secret, 'passnum', 'beneficiary-fingerprint', 32)) };
  }
  return derived.key;
}

/** Keyed fingerprint of (name, birth date): finds the same person across distributors, reveals nobody. */
export function beneficiaryFingerprint(
  secret: string,
  b: Pick<Beneficiary, 'firstName' | 'lastName' | 'birthYear' | 'birthMonth' | 'birthDay'>,
): Buffer {
  const key = fingerprintKey(secret);
  const birth = `${b.birthYear}-${String(b.birthMonth).padStart(2, '0')}-${String(b.birthDay ?? 0).padStart(2, '0')}`;
  return createHmac('sha256', key)
    .update(`${nameForComparison(b.lastName)}|${nameForComparison(b.firstName)}|${birth}`)
    .digest();
}
