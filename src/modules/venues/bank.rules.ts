import { electronicFormatIBAN, isValidBIC, isValidIBAN } from 'ibantools';

export type BankDetailsProblem = 'IBAN_INVALID' | 'BIC_INVALID';

export interface BankDetails {
  iban: string;
  bic: string;
}

/**
 * Checks an IBAN (ISO 13616, mod-97 key) and a BIC (ISO 9362 format) as a person types them:
 * spaces and case are forgiven, the result is in electronic format (no spaces, upper case).
 */
export function checkBankDetails(
  input: BankDetails,
): { ok: true; value: BankDetails } | { ok: false; problem: BankDetailsProblem } {
  const iban = electronicFormatIBAN(input.iban) ?? '';
  if (!isValidIBAN(iban)) return { ok: false, problem: 'IBAN_INVALID' };
  const bic = input.bic.replace(/\s+/g, '').toUpperCase();
  if (!isValidBIC(bic)) return { ok: false, problem: 'BIC_INVALID' };
  return { ok: true, value: { iban, bic } };
}

/** Shown to people: the IBAN in groups of four, all but the last four characters masked. */
export function maskIban(iban: string): string {
  const masked = iban.slice(0, 4) + '•'.repeat(Math.max(0, iban.length - 8)) + iban.slice(-4);
  return masked.replace(/(.{4})/g, '$1 ').trim();
}
