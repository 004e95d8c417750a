/**
 * Phone numbers as the national standard wants them: +33 followed by the number without its
 * leading 0 (or another French dialling code for overseas). Accepts what people type.
 */
export function toInternationalPhone(input: string): string | null {
  const digits = input.replace(/[\s.\-()]/g, '');
  if (/^0[1-9]\d{8}$/.test(digits)) return `+33${digits.slice(1)}`;
  if (/^(\+33|\+590|\+594|\+262|\+596|\+269|\+687|\+689|\+508|\+681)\d{6,9}$/.test(digits)) return digits;
  if (/^0033[1-9]\d{8}$/.test(digits)) return `+${digits.slice(2)}`;
  return null;
}
