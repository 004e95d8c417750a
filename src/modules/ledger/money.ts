/**
 * An amount in cents written the French way ("1 234,50 €"), with ordinary spaces so that
 * PDF fonts and plain-text e-mails show it as it reads. Cents are shown when any.
 */
export function euros(cents: number, minimumFractionDigits = cents % 100 === 0 ? 0 : 2): string {
  return `${(cents / 100).toLocaleString('fr-FR', { minimumFractionDigits, maximumFractionDigits: 2 }).replace(/\s/g, ' ')} €`;
}
