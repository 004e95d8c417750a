/**
 * A date ("2026-11-23") or a timestamp written the French way ("23/11/2026"), as seen in Paris.
 * A bare date is read at noon UTC, so no time zone moves it to the day before or after.
 */
export const frenchDate = (iso: string): string =>
  new Date(iso.length === 10 ? `${iso}T12:00:00Z` : iso).toLocaleDateString('fr-FR', { timeZone: 'Europe/Paris' });
