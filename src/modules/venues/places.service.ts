import type { Db, Queryable } from '../../db/db.js';
import { AppError } from '../../errors.js';
import { type RequestContext, recordAudit } from '../audit/audit.service.js';
import { communeByCode } from '../territory/communes.js';
import { toInternationalPhone } from './contact.rules.js';
import { checkOpeningHours } from './opening-hours.rules.js';
import type { Venue, VenuePlace } from './venues.contract.js';

/** A place checked against the official lists, ready to store. */
export interface CheckedPlace extends VenuePlace {
  communeName: string;
}

/**
 * Checks what zod cannot: the commune exists, the postcode is one of its postcodes, the phone
 * and the opening hours can be read. Cleans them for publishing.
 */
export function checkPlace(place: VenuePlace): CheckedPlace {
  const commune = communeByCode(place.communeInsee);
  if (!commune) throw new AppError('COMMUNE_UNKNOWN', { communeInsee: place.communeInsee });
  // CEDEX and other distribution postcodes are not in the list; they keep the département's digits.
  const sameDepartement = commune.postcodes.some((p) => p.slice(0, 2) === place.postcode.slice(0, 2));
  if (commune.postcodes.length > 0 && !sameDepartement) {
    throw new AppError('POSTCODE_MISMATCH', { postcode: place.postcode, expected: commune.postcodes });
  }
  let phone = place.phone || undefined;
  if (phone) {
    const international = toInternationalPhone(phone);
    if (!international) throw new AppError('PHONE_INVALID', { phone });
    phone = international;
  }
  let openingHours = place.openingHours || undefined;
  if (openingHours) {
    const hours = checkOpeningHours(openingHours);
    if (!hours.ok) throw new AppError('OPENING_HOURS_INVALID', { openingHours, error: hours.error });
    openingHours = hours.value;
  }
  return { ...place, phone, openingHours, communeName: commune.name };
}

export const VENUE_COLUMNS = `v.id, v.organisation_id AS "organisationId", v.siret, v.name, v.address,
  v.address_complement AS "addressComplement", v.postcode, v.commune_insee AS "communeInsee",
  v.commune_name AS "communeName", v.latitude, v.longitude, v.phone, v.email, v.website,
  v.opening_hours AS "openingHours", v.summary, v.description, v.services, v.publics,
  v.specific_support AS "specificSupport", v.access_modes AS "accessModes", v.support_modes AS "supportModes",
  v.itinerant, v.weekly_capacity AS "weeklyCapacity", v.source, to_json(v.updated_at) #>> '{}' AS "updatedAt"`;

/** Fields the contract declares nullable (an unclaimed place has neither owner nor SIRET). */
const NULLABLE = new Set(['organisationId', 'siret']);

/** Stored nulls become absent fields, as the contract expects, but for its nullable ones. */
export function venueFromRow(row: Record<string, unknown>): Venue {
  return Object.fromEntries(Object.entries(row).filter(([k, v]) => v !== null || NULLABLE.has(k))) as unknown as Venue;
}

const placeParams = (p: CheckedPlace) => [
  p.name,
  p.address,
  p.addressComplement ?? null,
  p.postcode,
  p.communeInsee,
  p.communeName,
  p.latitude,
  p.longitude,
  p.phone ?? null,
  p.email ?? null,
  p.website ?? null,
  p.openingHours ?? null,
  p.summary ?? null,
  p.description ?? null,
  p.services,
  p.publics,
  p.specificSupport,
  p.accessModes,
  p.supportModes,
  p.itinerant,
  p.weeklyCapacity ?? null,
];

const PLACE_SET = `name = $2, address = $3, address_complement = $4, postcode = $5, commune_insee = $6, commune_name = $7,
  latitude = $8, longitude = $9, phone = $10, email = $11, website = $12, opening_hours = $13, summary = $14,
  description = $15, services = $16, publics = $17, specific_support = $18, access_modes = $19, support_modes = $20,
  itinerant = $21, weekly_capacity = $22, updated_at = now()`;

export async function insertPlace(
  q: Queryable,
  place: CheckedPlace,
  origin: { organisationId: string | null; siret: string | null; source: string; sourceRef: string | null },
): Promise<string> {
  const rows = await q.query<{ id: string }>(
    `INSERT INTO venues (organisation_id, siret, source, source_ref, name, address, address_complement, postcode, commune_insee,
       commune_name, latitude, longitude, phone, email, website, opening_hours, summary, description, services, publics,
       specific_support, access_modes, support_modes, itinerant, weekly_capacity)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25)
     RETURNING id`,
    [origin.organisationId, origin.siret, origin.source, origin.sourceRef, ...placeParams(place)],
  );
  return (rows[0] as { id: string }).id;
}

export async function updatePlace(q: Queryable, id: string, place: CheckedPlace): Promise<void> {
  await q.query(`UPDATE venues SET ${PLACE_SET} WHERE id = $1`, [id, ...placeParams(place)]);
}

export async function getVenue(q: Queryable, id: string): Promise<Venue> {
  const rows = await q.query<Record<string, unknown>>(`SELECT ${VENUE_COLUMNS} FROM venues v WHERE v.id = $1`, [id]);
  if (!rows[0]) throw new AppError('VENUE_NOT_FOUND');
  return venueFromRow(rows[0]);
}

/** A venue updates its own place: checked like an application, audited with before and after. */
export async function updateOwnPlace(db: Db, ctx: RequestContext, venueId: string, input: VenuePlace): Promise<Venue> {
  const place = checkPlace(input);
  return db.tx(async (q) => {
    const before = await getVenue(q, venueId);
    await updatePlace(q, venueId, place);
    const after = await getVenue(q, venueId);
    await recordAudit(q, ctx, {
      programmeId: null,
      action: 'venue.update',
      entityType: 'venue',
      entityId: venueId,
      before,
      after,
    });
    return after;
  });
}
