import { csvString } from '../../csv.js';
import type { Queryable } from '../../db/db.js';
import { type CounterActivity, coopActivity } from './coop-activity.rules.js';

/** La Coop's columns, in its words, for the validations of a venue over a period (Paris days). */
export async function coopActivitiesCsv(
  q: Queryable,
  venueId: string,
  period: { from?: string; to?: string },
): Promise<string> {
  const rows = await q.query<
    CounterActivity & {
      day: string;
      minutes: number | null;
      insee: string | null;
      title: string | null;
      passes: number;
      programme: string;
    }
  >(
    `SELECT to_char(r.created_at AT TIME ZONE 'Europe/Paris', 'YYYY-MM-DD') AS day, w.format, w.level,
            COALESCE(w.service, r.service_id) AS service, w.duration_minutes AS minutes, v.commune_insee AS insee,
            w.title, (SELECT count(*)::int FROM redemption_passes rp WHERE rp.redemption_id = r.id) AS passes,
            p.name AS programme
       FROM redemptions r JOIN programmes p ON p.id = r.programme_id
       LEFT JOIN workshops w ON w.id = r.workshop_id LEFT JOIN venues v ON v.id = w.venue_id
      WHERE r.venue_organisation_id = $1 AND r.undone_at IS NULL
        AND ($2::date IS NULL OR (r.created_at AT TIME ZONE 'Europe/Paris')::date >= $2)
        AND ($3::date IS NULL OR (r.created_at AT TIME ZONE 'Europe/Paris')::date <= $3)
      ORDER BY r.created_at`,
    [venueId, period.from ?? null, period.to ?? null],
  );
  const header = [
    'date',
    'type',
    'duree_minutes',
    'lieu_code_insee',
    'type_lieu',
    'thematiques',
    'niveau',
    'titre_atelier',
    'nombre_pass',
    'programme',
  ];
  const lines = rows.map((r) => {
    const a = coopActivity(r);
    return [r.day, a.type, r.minutes, r.insee, a.place, a.theme, a.level, r.title, r.passes, r.programme];
  });
  return `\uFEFF${csvString([header, ...lines], { delimiter: ';' })}`;
}
