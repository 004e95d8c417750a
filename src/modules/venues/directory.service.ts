import type { z } from 'zod';
import type { Queryable } from '../../db/db.js';
import { AppError } from '../../errors.js';
import { boundingBox, type LatLon } from './geo.rules.js';
import { describeOpeningHours, hoursLocation, isOpenAt } from './opening-hours.rules.js';
import type { DirectoryEntry, DirectoryQuery, PublicProgramme, PublicVenue } from './venues.contract.js';
import { listWorkshops } from './workshops.service.js';

/** The directory query once its point is read ("lat,lon" → numbers). */
export type DirectorySearch = Omit<z.infer<typeof DirectoryQuery>, 'near'> & { near?: LatLon };

/** Who appears in the directory: venues qualified for a programme, or distributors. */
export const QUALIFIED = (programme: string) => `EXISTS (SELECT 1 FROM venue_qualifications vq
   WHERE vq.organisation_id = v.organisation_id AND vq.status = 'qualified' ${programme})`;
export const DISTRIBUTES = (programme: string) => `EXISTS (SELECT 1 FROM user_roles r JOIN users u ON u.id = r.user_id
   WHERE u.organisation_id = v.organisation_id AND r.role = 'distributor' ${programme})`;

const distanceSql = (lat: string, lon: string) =>
  `(12742.0176 * asin(sqrt(power(sin(radians(v.latitude - ${lat}) / 2), 2)
     + cos(radians(${lat})) * cos(radians(v.latitude)) * power(sin(radians(v.longitude - ${lon}) / 2), 2))))`;

const ENTRY_COLUMNS = `v.id, v.name, v.address, v.postcode, v.commune_name AS "communeName", v.latitude, v.longitude,
  v.services, v.itinerant,
  COALESCE((SELECT json_agg(json_build_object('id', p.id, 'name', p.name) ORDER BY p.name)
              FROM venue_qualifications vq JOIN programmes p ON p.id = vq.programme_id
             WHERE vq.organisation_id = v.organisation_id AND vq.status = 'qualified'), '[]'::json) AS programmes,
  ${DISTRIBUTES('')} AS distributes, to_char(v.updated_at, 'YYYY-MM-DD') AS "updatedOn",
  v.updated_at < now() - interval '1 year' AS stale`;

/**
 * The public directory: one SQL statement, filtered in the database. A distance search first
 * keeps the points inside the circle's bounding box (GiST index on `location`), then computes the
 * exact distance of those few; results come nearest first, then by name.
 */
export async function searchDirectory(q: Queryable, query: DirectorySearch) {
  const params: unknown[] = [];
  const p = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  // Every place known is in no programme's list: the programme filters the two lists that are.
  const programme = query.programmeId && query.kind !== 'all' ? p(query.programmeId) : null;
  const where =
    query.kind === 'all'
      ? ['true']
      : [
          'v.organisation_id IS NOT NULL',
          query.kind === 'venue'
            ? QUALIFIED(programme ? `AND vq.programme_id = ${programme}` : '')
            : DISTRIBUTES(programme ? `AND r.programme_id = ${programme}` : ''),
        ];
  let distance = 'NULL::float8';
  if (query.near) {
    const box = boundingBox(query.near, query.radiusKm);
    where.push(
      `v.location <@ box(point(${p(box.minLon)}, ${p(box.minLat)}), point(${p(box.maxLon)}, ${p(box.maxLat)}))`,
    );
    distance = distanceSql(`${p(query.near.lat)}::float8`, `${p(query.near.lon)}::float8`);
    where.push(`${distance} <= ${p(query.radiusKm)}`);
  }
  if (query.service) where.push(`v.services @> ARRAY[${p(query.service)}::text]`);
  if (query.public) where.push(`v.publics @> ARRAY[${p(query.public)}::text]`);
  if (query.support) where.push(`v.specific_support @> ARRAY[${p(query.support)}::text]`);
  if (query.commune) where.push(`v.commune_insee = ${p(query.commune)}`);
  if (query.postcode) where.push(`v.postcode = ${p(query.postcode)}`);
  const limit = p(query.pageSize + 1);
  const offset = p((query.page - 1) * query.pageSize);
  const rows = await q.query<DirectoryEntry>(
    `SELECT ${ENTRY_COLUMNS}, round((${distance})::numeric, 2)::float8 AS "distanceKm"
       FROM venues v WHERE ${where.join(' AND ')}
      ORDER BY ${query.near ? '"distanceKm", ' : ''}v.name, v.id LIMIT ${limit} OFFSET ${offset}`,
    params,
  );
  return {
    items: rows.slice(0, query.pageSize),
    page: query.page,
    pageSize: query.pageSize,
    hasMore: rows.length > query.pageSize,
  };
}

/** A place's public page, any place the territory knows, with hours and (if it has any) workshops. */
export async function publicVenue(q: Queryable, id: string, now = new Date()): Promise<PublicVenue> {
  const rows = await q.query<Omit<PublicVenue, 'hoursInFrench' | 'openNow' | 'workshops'> & { communeInsee: string }>(
    `SELECT ${ENTRY_COLUMNS}, NULL::float8 AS "distanceKm", v.commune_insee AS "communeInsee", v.address_complement AS "addressComplement", v.phone, v.email,
            v.website, v.summary, v.description, v.publics, v.specific_support AS "specificSupport",
            v.access_modes AS "accessModes", v.support_modes AS "supportModes", v.opening_hours AS "openingHours"
       FROM venues v WHERE v.id = $1`,
    [id],
  );
  const venue = rows[0];
  if (!venue) throw new AppError('VENUE_NOT_FOUND');
  const { communeInsee, ...shown } = venue;
  const hours = venue.openingHours;
  const where = hoursLocation({ communeInsee, latitude: venue.latitude, longitude: venue.longitude });
  return {
    ...shown,
    hoursInFrench: describeOpeningHours(hours, where),
    openNow: isOpenAt(hours, now, where),
    workshops: venue.programmes.length > 0 ? await listWorkshops(q, [id]) : [],
  };
}

/** Programmes running today, for applying or filtering the directory. */
export async function runningProgrammes(q: Queryable): Promise<PublicProgramme[]> {
  return q.query<PublicProgramme>(
    `SELECT id, code, name FROM programmes WHERE end_date IS NULL OR end_date >= current_date ORDER BY name`,
  );
}
