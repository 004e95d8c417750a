import type { Queryable } from '../../db/db.js';
import { hoursLocation, isOpenAt } from '../venues/opening-hours.rules.js';
import type { FraudSignalView as FraudSignal } from './payments.contract.js';

/** Thresholds: a venue is flagged beyond twice its declared weekly capacity, or ten bad codes a day. */
export const CAPACITY_FACTOR = 2;
export const BAD_CODES_PER_DAY = 10;

/**
 * Signals for the operator to review, never automatic blocks: passes of one carnet spent at
 * several venues on one day, redemptions outside the venue's opening hours, a week far above
 * the venue's declared capacity, and many mistyped or unknown codes from one venue.
 */
export async function fraudSignals(q: Queryable, programmeId: string, days: number): Promise<FraudSignal[]> {
  const signals: FraudSignal[] = [];
  const several = await q.query<{ serial: string; day: string; venues: { id: string; name: string }[] }>(
    `SELECT c.serial, (r.created_at AT TIME ZONE 'Europe/Paris')::date::text AS day,
            json_agg(DISTINCT jsonb_build_object('id', o.id, 'name', o.name)) AS venues
       FROM redemptions r JOIN redemption_passes rp ON rp.redemption_id = r.id AND rp.active
       JOIN passes p ON p.id = rp.pass_id JOIN carnets c ON c.id = p.carnet_id JOIN organisations o ON o.id = r.venue_organisation_id
      WHERE r.programme_id = $1 AND r.undone_at IS NULL AND r.created_at > now() - make_interval(days => $2)
      GROUP BY c.serial, day HAVING count(DISTINCT r.venue_organisation_id) > 1`,
    [programmeId, days],
  );
  for (const s of several) {
    for (const v of s.venues) {
      signals.push({
        kind: 'carnet_several_venues',
        venueId: v.id,
        venueName: v.name,
        detail: `Le carnet ${s.serial} a été utilisé le ${s.day} dans ${s.venues.length} lieux : ${s.venues.map((x) => x.name).join(', ')}.`,
      });
    }
  }

  const redemptions = await q.query<{
    id: string;
    venue_id: string;
    name: string;
    at: Date;
    place: { hours: string; communeInsee: string; latitude: number; longitude: number } | null;
  }>(
    `SELECT r.id, r.venue_organisation_id AS venue_id, o.name, r.created_at AS at,
            (SELECT json_build_object('hours', v.opening_hours, 'communeInsee', v.commune_insee, 'latitude', v.latitude,
                    'longitude', v.longitude)
               FROM venues v WHERE v.organisation_id = r.venue_organisation_id AND v.opening_hours IS NOT NULL
              ORDER BY v.created_at LIMIT 1) AS place
       FROM redemptions r JOIN organisations o ON o.id = r.venue_organisation_id
      WHERE r.programme_id = $1 AND r.undone_at IS NULL AND r.created_at > now() - make_interval(days => $2)`,
    [programmeId, days],
  );
  const outside = new Map<string, { name: string; count: number }>();
  for (const r of redemptions) {
    if (!r.place || isOpenAt(r.place.hours, new Date(r.at), hoursLocation(r.place)) !== false) continue;
    const v = outside.get(r.venue_id) ?? { name: r.name, count: 0 };
    v.count++;
    outside.set(r.venue_id, v);
  }
  for (const [venueId, v] of outside) {
    signals.push({
      kind: 'outside_opening_hours',
      venueId,
      venueName: v.name,
      detail: `${v.count} validation(s) en dehors des horaires d'ouverture déclarés.`,
    });
  }

  const busy = await q.query<{ venue_id: string; name: string; week: string; passes: number; capacity: number }>(
    `SELECT r.venue_organisation_id AS venue_id, o.name, to_char(date_trunc('week', r.created_at AT TIME ZONE 'Europe/Paris'), 'YYYY-MM-DD') AS week,
            count(*)::int AS passes, cap.capacity
       FROM redemptions r JOIN redemption_passes rp ON rp.redemption_id = r.id AND rp.active
       JOIN organisations o ON o.id = r.venue_organisation_id
       JOIN (SELECT organisation_id, sum(weekly_capacity)::int AS capacity FROM venues
              WHERE weekly_capacity IS NOT NULL GROUP BY organisation_id) cap ON cap.organisation_id = r.venue_organisation_id
      WHERE r.programme_id = $1 AND r.undone_at IS NULL AND r.created_at > now() - make_interval(days => $2)
      GROUP BY 1, 2, 3, cap.capacity HAVING count(*) > $3 * cap.capacity`,
    [programmeId, days, CAPACITY_FACTOR],
  );
  for (const b of busy) {
    signals.push({
      kind: 'above_capacity',
      venueId: b.venue_id,
      venueName: b.name,
      detail: `Semaine du ${b.week} : ${b.passes} pass validés pour une capacité déclarée de ${b.capacity} personnes par semaine.`,
    });
  }

  const typos = await q.query<{ venue_id: string; name: string; hits: number }>(
    `SELECT o.id AS venue_id, o.name, sum(t.hits)::int AS hits
       FROM throttle_counters t JOIN organisations o ON t.bucket = 'redeem-failures:' || o.id::text
      WHERE t.window_start > now() - interval '1 day'
        AND EXISTS (SELECT 1 FROM venue_qualifications vq WHERE vq.organisation_id = o.id AND vq.programme_id = $1)
      GROUP BY o.id, o.name HAVING sum(t.hits) >= $2`,
    [programmeId, BAD_CODES_PER_DAY],
  );
  for (const t of typos) {
    signals.push({
      kind: 'many_bad_codes',
      venueId: t.venue_id,
      venueName: t.name,
      detail: `${t.hits} codes erronés ou inconnus saisis depuis 24 heures.`,
    });
  }
  return signals;
}
