import { distanceKm, type LatLon } from './geo.rules.js';

/**
 * How the national cartography recognises one place under two records: the same SIRET in the
 * same commune (an organisation may run several places in several communes), or the same name
 * nearby. "Comparable" forms are for comparison only, never for publishing.
 */
export interface DedupeCandidate extends LatLon {
  id: string;
  siret: string | null;
  name: string;
  communeInsee: string;
}

/** Names differing only by case, accents, punctuation or spacing compare equal. */
export function comparableName(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

export const SAME_PLACE_KM = 0.2;

/** The existing record that is the same place as `row`, if any. */
export function findSamePlace<T extends DedupeCandidate>(
  row: Omit<DedupeCandidate, 'id'>,
  existing: readonly T[],
): T | undefined {
  const name = comparableName(row.name);
  return (
    existing.find((e) => row.siret !== null && e.siret === row.siret && e.communeInsee === row.communeInsee) ??
    existing.find((e) => comparableName(e.name) === name && distanceKm(e, row) <= SAME_PLACE_KM)
  );
}
