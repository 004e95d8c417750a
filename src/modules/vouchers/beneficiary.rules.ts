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

/** Keyed fingerprint of (name, birth date): finds the same person across distributors, reveals nobody. */
export function beneficiaryFingerprint(
  secret: string,
  b: Pick<Beneficiary, 'firstName' | 'lastName' | 'birthYear' | 'birthMonth' | 'birthDay'>,
): Buffer {
  const key = Buffer.from(hkdfSync('sha256', secret, 'passnum', 'beneficiary-fingerprint', 32));
  const birth = `${b.birthYear}-${String(b.birthMonth).padStart(2, '0')}-${String(b.birthDay ?? 0).padStart(2, '0')}`;
  return createHmac('sha256', key)
    .update(`${nameForComparison(b.lastName)}|${nameForComparison(b.firstName)}|${birth}`)
    .digest();
}
