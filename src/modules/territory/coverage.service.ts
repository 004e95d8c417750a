import type { Queryable } from '../../db/db.js';
import { AppError } from '../../errors.js';
import type { Territory } from '../programmes/programmes.contract.js';
import { DISTRIBUTES, QUALIFIED } from '../venues/directory.service.js';
import type { LatLon } from '../venues/geo.rules.js';
import { communePointsIn } from './commune-points.js';
import type { Coverage, CoverageCommune } from './coverage.contract.js';
import { COVERAGE_BANDS, NearestIndex, perThousand } from './coverage.rules.js';

/** Places on the map of the programme's qualified venues, and of its distributors. */
const PLACES = `
  SELECT 'venue' AS kind, v.latitude AS lat, v.longitude AS lon FROM venues v
   WHERE v.latitude IS NOT NULL AND ${QUALIFIED('AND vq.programme_id = $1')}
  UNION ALL
  SELECT 'distributor', v.latitude, v.longitude FROM venues v
   WHERE v.latitude IS NOT NULL AND ${DISTRIBUTES('AND r.programme_id = $1')}`;

/**
 * The coverage diagnostic of a programme's territory: for each commune (its INSEE centre), the
 * distance to the nearest qualified venue and distributor, passes handed out and used per 1,000
 * inhabitants; the population within 10, 20 and 30 km of a venue. Communes come farthest first,
 * weighted by population (distance × inhabitants), the gaps that matter most at the top.
 * Distances are rounded to 100 m, and the bands count on the rounded figure.
 */
export async function coverage(q: Queryable, programmeId: string): Promise<Coverage> {
  const [programme] = await q.query<{ territory: Territory }>('SELECT territory FROM programmes WHERE id = $1', [
    programmeId,
  ]);
  if (!programme) throw new AppError('PROGRAMME_NOT_FOUND');
  const [places, usage] = await Promise.all([
    q.query<{ kind: 'venue' | 'distributor'; lat: number; lon: number }>(PLACES, [programmeId]),
    q.query<{ commune: string; distributed: number; used: number }>(
      // From the dashboard's pre-aggregate (one row per carnet handed out), not from every pass.
      `SELECT commune, sum(passes)::int AS distributed, sum(used)::int AS used
         FROM carnet_usage WHERE programme_id = $1 GROUP BY commune`,
      [programmeId],
    ),
  ]);
  const of = (kind: string): LatLon[] => places.filter((p) => p.kind === kind).map((p) => ({ lat: p.lat, lon: p.lon }));
  const venues = new NearestIndex(of('venue'));
  const distributors = new NearestIndex(of('distributor'));
  const used = new Map(usage.map((u) => [u.commune, u]));
  const round = (km: number | null) => (km === null ? null : Math.round(km * 10) / 10);
  const communes: CoverageCommune[] = communePointsIn(programme.territory).map((c) => {
    const point = { lat: c.latitude, lon: c.longitude };
    const u = used.get(c.code);
    return {
      code: c.code,
      name: c.name,
      departement: c.departement,
      latitude: c.latitude,
      longitude: c.longitude,
      population: c.population,
      unemployed: c.unemployed,
      venueKm: round(venues.nearestKm(point)),
      distributorKm: round(distributors.nearestKm(point)),
      distributed: u?.distributed ?? 0,
      used: u?.used ?? 0,
      distributedPerThousand: perThousand(u?.distributed ?? 0, c.population),
      usedPerThousand: perThousand(u?.used ?? 0, c.population),
    };
  });
  const population = communes.reduce((s, c) => s + c.population, 0);
  const unemployed = communes.reduce((s, c) => s + c.unemployed, 0);
  // No venue at all comes first; then distance × inhabitants.
  const far = (c: CoverageCommune) => (c.venueKm === null ? Number.MAX_VALUE : c.venueKm * Math.max(1, c.population));
  return {
    population,
    unemployed,
    venues: of('venue').length,
    distributors: of('distributor').length,
    bands: COVERAGE_BANDS.map((km) => {
      const within = communes.filter((c) => c.venueKm !== null && c.venueKm <= km);
      const inBand = within.reduce((s, c) => s + c.population, 0);
      return {
        km,
        communes: within.length,
        population: inBand,
        unemployed: within.reduce((s, c) => s + c.unemployed, 0),
        share: population > 0 ? inBand / population : null,
      };
    }),
    communes: communes.sort((a, b) => far(b) - far(a) || a.name.localeCompare(b.name, 'fr')),
  };
}
