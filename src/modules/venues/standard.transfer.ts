import {
  fromSchemaLieuDeMediationNumerique,
  type SchemaLieuMediationNumerique,
  toSchemaLieuMediationNumerique,
} from '@gouvfr-anct/lieux-de-mediation-numerique';
import { parseSiret } from '../accounts/siret.rules.js';
import type { VenuePlace } from './venues.contract.js';

/** The columns of the national standard (schema v1.0.2), in its order. */
export const STANDARD_COLUMNS = [
  'id',
  'pivot',
  'nom',
  'commune',
  'code_postal',
  'code_insee',
  'adresse',
  'complement_adresse',
  'latitude',
  'longitude',
  'typologie',
  'telephone',
  'courriels',
  'site_web',
  'horaires',
  'presentation_resume',
  'presentation_detail',
  'source',
  'itinerance',
  'structure_parente',
  'date_maj',
  'services',
  'publics_specifiquement_adresses',
  'prise_en_charge_specifique',
  'frais_a_charge',
  'dispositif_programmes_nationaux',
  'formations_labels',
  'autres_formations_labels',
  'modalites_acces',
  'modalites_accompagnement',
  'fiche_acces_libre',
  'prise_rdv',
] as const;

/** A stored place, as the export reads it. */
export interface PublishedPlace {
  id: string;
  siret: string | null;
  name: string;
  address: string;
  addressComplement: string | null;
  postcode: string;
  communeInsee: string;
  communeName: string;
  latitude: number;
  longitude: number;
  phone: string | null;
  email: string | null;
  website: string | null;
  openingHours: string | null;
  summary: string | null;
  description: string | null;
  services: string[];
  publics: string[];
  specificSupport: string[];
  accessModes: string[];
  supportModes: string[];
  nationalProgrammes: string[];
  itinerant: boolean;
  updatedAt: string;
  programmes: string[];
}

const list = (values: readonly string[]) => (values.length > 0 ? values.join('|') : undefined);
const NO_PIVOT = '00000000000000';

/**
 * The standard's library accepts letters, digits, hyphens, apostrophes and spaces in a commune's
 * name; the official list has names it refuses ("Château-Chinon (Ville)"). The INSEE code says
 * which commune it is; the name is written with the other characters as spaces.
 */
export function standardCommuneName(name: string): string {
  return name
    .replace(/[^A-Za-z\dÀ-ÖØ-öø-ÿœ-ŸŒ\-'’\s]/gu, ' ')
    .replace(/\s+/gu, ' ')
    .trim();
}

/**
 * A place in the national standard. Passes are free for the person holding them, hence "Gratuit
 * sous condition"; the standard has no value naming the Pass numérique, so the programmes
 * accepted are said in the presentation. The row goes through ANCT's library both ways, so what
 * is published is what the national cartography reads back.
 */
export function toStandardRow(place: PublishedPlace, source: string): SchemaLieuMediationNumerique {
  // Every place the territory knows is published; only those qualified say they take passes.
  const accepts = place.programmes.length > 0;
  const passes = accepts ? `Accepte le Pass numérique : ${place.programmes.join(', ')}.` : null;
  const detail = [place.description, passes].filter(Boolean).join('\n\n');
  const raw: SchemaLieuMediationNumerique = {
    id: place.id,
    pivot: place.siret ?? NO_PIVOT,
    nom: place.name,
    commune: standardCommuneName(place.communeName),
    code_postal: place.postcode,
    code_insee: place.communeInsee,
    adresse: place.address,
    ...(place.addressComplement ? { complement_adresse: place.addressComplement } : {}),
    latitude: place.latitude,
    longitude: place.longitude,
    ...(place.phone ? { telephone: place.phone } : {}),
    ...(place.email ? { courriels: place.email } : {}),
    ...(place.website ? { site_web: place.website } : {}),
    ...(place.openingHours ? { horaires: place.openingHours } : {}),
    ...(place.summary ? { presentation_resume: place.summary } : {}),
    ...(detail ? { presentation_detail: detail } : {}),
    source,
    itinerance: place.itinerant ? 'Itinérant' : 'Fixe',
    date_maj: place.updatedAt.slice(0, 10),
    ...(list(place.services) ? { services: list(place.services) } : {}),
    ...(list(place.publics) ? { publics_specifiquement_adresses: list(place.publics) } : {}),
    ...(list(place.specificSupport) ? { prise_en_charge_specifique: list(place.specificSupport) } : {}),
    ...(accepts ? { frais_a_charge: 'Gratuit sous condition' } : {}),
    ...(list(place.nationalProgrammes) ? { dispositif_programmes_nationaux: list(place.nationalProgrammes) } : {}),
    ...(list(place.accessModes) ? { modalites_acces: list(place.accessModes) } : {}),
    ...(list(place.supportModes) ? { modalites_accompagnement: list(place.supportModes) } : {}),
  };
  return toSchemaLieuMediationNumerique(fromSchemaLieuDeMediationNumerique(raw));
}

/** One row of an imported file: the place, or the reason it was rejected. */
export type ImportedRow =
  | {
      ok: true;
      sourceRef: string;
      siret: string | null;
      place: VenuePlace;
      nationalProgrammes: string[];
      typologies: string[];
    }
  | {
      ok: false;
      sourceRef: string | null;
      name: string | null;
      /** INSEE code, else postcode: its first digits still tell the département, hence the territory. */
      territoryCode: string | null;
      reason: string;
    };

const split = (value: string | undefined) => (value ? value.split('|').filter(Boolean) : []);

/** Reads a row of the national standard with ANCT's library; its French error names the field. */
export function fromStandardRow(row: Record<string, string | number | undefined>): ImportedRow {
  const text = (k: string) => {
    const v = row[k];
    return v === undefined || v === null || String(v).trim() === '' ? undefined : String(v).trim();
  };
  const number = (k: string) => (text(k) === undefined ? undefined : Number(text(k)));
  const base = {
    sourceRef: text('id') ?? null,
    name: text('nom') ?? null,
    territoryCode: text('code_insee') ?? text('code_postal') ?? null,
  };
  const raw = Object.fromEntries(
    STANDARD_COLUMNS.map((k) => [k, k === 'latitude' || k === 'longitude' ? number(k) : text(k)]).filter(
      ([, v]) => v !== undefined,
    ),
  ) as unknown as SchemaLieuMediationNumerique;
  try {
    const lieu = fromSchemaLieuDeMediationNumerique(raw);
    if (!lieu.localisation) return { ok: false, ...base, reason: 'Coordonnées (latitude, longitude) manquantes.' };
    if (!lieu.adresse.code_insee) return { ok: false, ...base, reason: 'Code INSEE de la commune manquant.' };
    const email = lieu.contact?.courriels?.[0];
    const website = lieu.contact?.site_web?.[0];
    return {
      ok: true,
      sourceRef: lieu.id,
      siret: parseSiret(lieu.pivot) ?? null,
      nationalProgrammes: [...(lieu.dispositif_programmes_nationaux ?? [])],
      typologies: [...(lieu.typologies ?? [])],
      place: {
        name: lieu.nom,
        address: lieu.adresse.voie,
        addressComplement: lieu.adresse.complement_adresse,
        postcode: lieu.adresse.code_postal,
        communeInsee: lieu.adresse.code_insee,
        latitude: lieu.localisation.latitude,
        longitude: lieu.localisation.longitude,
        phone: lieu.contact?.telephone,
        email: email ? String(email) : undefined,
        website: website ? String(website) : undefined,
        openingHours: lieu.horaires,
        summary: lieu.presentation?.resume,
        description: lieu.presentation?.detail,
        services: [...(lieu.services ?? [])],
        publics: [...(lieu.publics_specifiquement_adresses ?? [])],
        specificSupport: [...(lieu.prise_en_charge_specifique ?? [])],
        accessModes: [...(lieu.modalites_acces ?? [])],
        supportModes: [...(lieu.modalites_accompagnement ?? [])],
        itinerant: split(text('itinerance')).includes('Itinérant'),
      } as VenuePlace,
    };
  } catch (e) {
    return { ok: false, ...base, reason: e instanceof Error ? e.message : String(e) };
  }
}
