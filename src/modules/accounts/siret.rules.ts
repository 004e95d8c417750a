declare const siretBrand: unique symbol;
/** A SIRET that passed `parseSiret`: an unchecked string can never pass for one. */
export type Siret = string & { readonly [siretBrand]: true };

// La Poste's establishments share SIREN 356000000; their SIRETs do not follow the Luhn key but
// the sum of their digits is a multiple of 5 (INSEE rule).
const LA_POSTE_SIREN = '356000000';

function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** Cleans spaces, then checks 14 digits and the control key; null when invalid. */
export function parseSiret(input: string): Siret | null {
  const digits = input.replace(/\s/g, '');
  if (!/^\d{14}$/.test(digits)) return null;
  if (digits.startsWith(LA_POSTE_SIREN)) {
    const sum = [...digits].reduce((s, c) => s + Number(c), 0);
    return sum % 5 === 0 ? (digits as Siret) : null;
  }
  return luhnValid(digits) ? (digits as Siret) : null;
}

/** A fictitious SIRET (demo data, tests): the 13-digit `stem` completed with its Luhn key. */
export function siretWithKey(stem: string): Siret {
  for (let key = 0; key <= 9; key++) {
    const candidate = `${stem}${key}`;
    if (luhnValid(candidate)) return candidate as Siret;
  }
  throw new Error(`no Luhn key completes ${stem}`);
}
