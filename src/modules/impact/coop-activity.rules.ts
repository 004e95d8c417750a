/**
 * A validation at the counter as an activity record of La Coop de la médiation numérique (its
 * "compte rendu d'activité"), so mediators do not type it twice. The words are La Coop's own
 * enumerations; the national standard's services map to its themes as closely as they allow.
 */
export type CoopActivityType = 'Individuel' | 'Demarche' | 'Collectif';
export type CoopLevel = 'Debutant' | 'Intermediaire' | 'Avance';
export type CoopPlace = 'LieuActivite' | 'Domicile' | 'ADistance';

const THEMES: Record<string, string> = {
  'Maîtrise des outils numériques du quotidien': 'PrendreEnMainDuMateriel',
  'Acquisition de matériel informatique à prix solidaire': 'PrendreEnMainDuMateriel',
  'Accès internet et matériel informatique': 'NavigationSurInternet',
  'Insertion professionnelle via le numérique': 'InsertionProfessionnelle',
  'Utilisation sécurisée du numérique': 'SecuriteNumerique',
  'Parentalité et éducation avec le numérique': 'Parentalite',
  'Loisirs et créations numériques': 'CreerAvecLeNumerique',
  'Compréhension du monde numérique': 'CultureNumerique',
};
const PAPERWORK = 'Aide aux démarches administratives';

export interface CounterActivity {
  format: 'individual' | 'collective' | 'remote' | null;
  level: 'initiation' | 'perfectionnement' | null;
  service: string | null;
}

export interface CoopActivity {
  type: CoopActivityType;
  place: CoopPlace;
  /** La Coop's theme, or null (paperwork help has its own type, and an unknown service none). */
  theme: string | null;
  /** Only a collective workshop has a level in La Coop. */
  level: CoopLevel | null;
}

export function coopActivity(a: CounterActivity): CoopActivity {
  const type: CoopActivityType =
    a.format === 'collective' ? 'Collectif' : a.service === PAPERWORK ? 'Demarche' : 'Individuel';
  return {
    type,
    place: a.format === 'remote' ? 'ADistance' : 'LieuActivite',
    theme: type === 'Demarche' ? null : (THEMES[a.service ?? ''] ?? null),
    level: type !== 'Collectif' || !a.level ? null : a.level === 'initiation' ? 'Debutant' : 'Intermediaire',
  };
}
