import { DispositifProgrammeNational, Service } from '@gouvfr-anct/lieux-de-mediation-numerique';
import { toInternationalPhone } from './contact.rules.js';
import { dailyHoursToOsm } from './opening-hours.rules.js';
import type { ImportedRow } from './standard.transfer.js';
import type { VenuePlace } from './venues.contract.js';

const DAY_COLUMNS = ['h_lundi', 'h_mardi', 'h_mercredi', 'h_jeudi', 'h_vendredi', 'h_samedi'];
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * A row of the France Services list (data.gouv.fr, as the national cartography imports it).
 * Every France Services site helps with administrative procedures and gives access to
 * computers; a phone number or an e-mail that cannot be read is left out rather than rejecting
 * the site. A site without coordinates or INSEE code cannot be placed: rejected.
 */
export function fromFranceServicesRow(row: Record<string, string>): ImportedRow {
  const t = (k: string) => (row[k] ?? '').trim();
  const sourceRef = t('id_fs') || null;
  const name = t('lib_fs') || null;
  // Where the site is, for the territory filter, even when a code is broken: INSEE code, else
  // postcode, else the département column.
  const territoryCode = [t('insee_com'), t('code_postal'), t('insee_dep')].find((c) =>
    /^(\d{2}|2[AB]|\d{5}|2[AB]\d{3})$/.test(c),
  );
  const base = { sourceRef, name, territoryCode: territoryCode ?? null };
  if (!sourceRef) return { ok: false, ...base, reason: 'Identifiant (id_fs) manquant.' };
  if (!name) return { ok: false, ...base, reason: 'Nom (lib_fs) manquant.' };
  const latitude = Number(t('latitude'));
  const longitude = Number(t('longitude'));
  if (!t('latitude') || !t('longitude') || !Number.isFinite(latitude) || !Number.isFinite(longitude)) {
    return { ok: false, ...base, reason: 'Coordonnées (latitude, longitude) manquantes ou illisibles.' };
  }
  if (!/^(\d{5}|2[AB]\d{3})$/.test(t('insee_com'))) {
    return { ok: false, ...base, reason: `Code INSEE de commune « ${t('insee_com')} » invalide.` };
  }
  if (!/^\d{5}$/.test(t('code_postal'))) {
    return { ok: false, ...base, reason: `Code postal « ${t('code_postal')} » invalide.` };
  }
  const hours = dailyHoursToOsm(DAY_COLUMNS.map(t));
  const place: VenuePlace = {
    name,
    address: t('adresse') || t('lib_com'),
    addressComplement: t('complement_adresse') || undefined,
    postcode: t('code_postal'),
    communeInsee: t('insee_com'),
    latitude,
    longitude,
    phone: toInternationalPhone(t('telephone')) ?? undefined,
    email: EMAIL.test(t('mail')) ? t('mail') : undefined,
    openingHours: hours ?? undefined,
    summary: t('commentaire').slice(0, 280) || undefined,
    services: [Service.AideAuxDemarchesAdministratives, Service.AccesInternetEtMaterielInformatique],
    publics: [],
    specificSupport: [],
    accessModes: [],
    supportModes: [],
    itinerant: t('itinerance') === 'Oui',
  };
  return {
    ok: true,
    sourceRef,
    siret: null,
    place,
    nationalProgrammes: [DispositifProgrammeNational.FranceServices],
    typologies: [],
  };
}
