import type { Queryable } from '../../db/db.js';
import { venueEvaluation } from '../evaluation/evaluation.service.js';
import type { DashboardQuery, SpendRow, VenueActivity } from './impact.contract.js';

type Grouping = 'month' | 'theme' | 'workshop' | 'programme';

/**
 * A venue's own activity over a period of validation (Paris days): its live validations by
 * month, theme, workshop and programme, what of it was paid, and its beneficiaries' answers.
 */
export async function venueActivity(q: Queryable, venueId: string, period: DashboardQuery): Promise<VenueActivity> {
  const rows = await q.query<{
    grouping: Grouping;
    key: string;
    label: string;
    validations: number;
    passes: number;
    cents: number;
    paid_cents: number;
  }>(
    `WITH v AS (
       SELECT r.id, to_char(r.created_at AT TIME ZONE 'Europe/Paris', 'YYYY-MM') AS month, r.amount_cents,
              COALESCE(w.service, r.service_id) AS theme, w.id AS workshop_id, w.title, p.id AS programme_id, p.name,
              (SELECT count(*) FROM redemption_passes rp WHERE rp.redemption_id = r.id AND rp.active)::int AS passes,
              EXISTS (SELECT 1 FROM statement_lines l JOIN statements s ON s.id = l.statement_id
                       WHERE l.redemption_id = r.id AND l.status = 'included' AND s.status = 'paid') AS paid
         FROM redemptions r JOIN programmes p ON p.id = r.programme_id LEFT JOIN workshops w ON w.id = r.workshop_id
        WHERE r.venue_organisation_id = $1 AND r.undone_at IS NULL
          AND ($2::date IS NULL OR (r.created_at AT TIME ZONE 'Europe/Paris')::date >= $2)
          AND ($3::date IS NULL OR (r.created_at AT TIME ZONE 'Europe/Paris')::date <= $3))
     SELECT g.grouping, g.key, g.label, count(*)::int AS validations, sum(v.passes)::int AS passes,
            sum(v.amount_cents)::bigint AS cents, COALESCE(sum(v.amount_cents) FILTER (WHERE v.paid), 0)::bigint AS paid_cents
       FROM v CROSS JOIN LATERAL (VALUES
              ('month', v.month, v.month),
              ('theme', COALESCE(v.theme, '—'), COALESCE(v.theme, 'Thème non précisé')),
              ('workshop', COALESCE(v.workshop_id::text, '—'), COALESCE(v.title, 'Sans atelier choisi')),
              ('programme', v.programme_id::text, v.name)) AS g(grouping, key, label)
      GROUP BY g.grouping, g.key, g.label`,
    [venueId, period.from ?? null, period.to ?? null],
  );
  const of = (grouping: Grouping): SpendRow[] =>
    rows
      .filter((r) => r.grouping === grouping)
      .map((r) => ({ key: r.key, label: r.label, passes: r.passes, cents: Number(r.cents) }))
      .sort((a, b) => b.passes - a.passes || a.label.localeCompare(b.label, 'fr'));
  const months = rows.filter((r) => r.grouping === 'month');
  const total = (k: 'passes' | 'validations' | 'cents' | 'paid_cents') => months.reduce((s, r) => s + Number(r[k]), 0);
  const evaluation = await venueEvaluation(q, venueId);
  return {
    passes: total('passes'),
    cents: total('cents'),
    paidCents: total('paid_cents'),
    validations: total('validations'),
    byMonth: of('month').sort((a, b) => a.key.localeCompare(b.key)),
    byTheme: of('theme'),
    byWorkshop: of('workshop'),
    byProgramme: of('programme'),
    evaluation: evaluation.group,
    answers: evaluation.answers,
  };
}
