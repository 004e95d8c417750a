import { csvString } from '../../csv.js';
import type { Queryable } from '../../db/db.js';
import type { Actor } from '../accounts/actor.js';
import { programmesWhere } from '../accounts/actor.js';
import { PUBLIC_CATEGORIES, type Territory } from '../programmes/programmes.contract.js';
import type { DashboardQuery } from './impact.contract.js';
import { ageBand } from './impact.rules.js';

const AGE_BANDS = ['0-25', '26-44', '45-64', '65+'] as const;

/** The columns of the national indicators, in order; each is described in docs/indicateurs-anct.md. */
export const ANCT_COLUMNS = [
  'programme_code',
  'programme',
  'territoire',
  'periode_debut',
  'periode_fin',
  'pass_commandes',
  'pass_remis',
  'pass_utilises',
  'personnes',
  ...PUBLIC_CATEGORIES.map((c) => `personnes_${c}`),
  ...AGE_BANDS.map((b) => `personnes_age_${b.replace('+', '_plus')}`),
  'lieux_actifs',
  'montant_paye_euros',
] as const;

interface ProgrammeFigures {
  id: string;
  code: string;
  name: string;
  territory: Territory;
  ordered: number;
  distributed: number;
  used: number;
  active_venues: number;
  paid_cents: number;
}

/**
 * One row per programme the actor runs or funds (all for an admin): what ANCT asks of every
 * Pass numérique programme, over a period (hand-outs, uses and payments within it; orders too).
 * A person counts once per programme, in the category and age band recorded at hand-out.
 */
export async function anctIndicatorsCsv(q: Queryable, actor: Actor, period: DashboardQuery): Promise<string> {
  const mine = actor.isAdmin ? null : programmesWhere(actor, ['operator', 'funder']);
  const params = [mine, period.from ?? null, period.to ?? null];
  const inPeriod = (column: string) =>
    `($2::date IS NULL OR (${column} AT TIME ZONE 'Europe/Paris')::date >= $2)
     AND ($3::date IS NULL OR (${column} AT TIME ZONE 'Europe/Paris')::date <= $3)`;
  const programmes = await q.query<ProgrammeFigures>(
    `SELECT p.id, p.code, p.name, p.territory,
            (SELECT COALESCE(sum(o.carnets), 0)::int * p.passes_per_carnet FROM carnet_orders o
              WHERE o.programme_id = p.id AND ${inPeriod('o.created_at')}) AS ordered,
            (SELECT count(*)::int FROM passes ps JOIN carnets c ON c.id = ps.carnet_id
              WHERE c.programme_id = p.id AND c.beneficiary_id IS NOT NULL AND ${inPeriod('c.distributed_at')}) AS distributed,
            (SELECT count(*)::int FROM redemption_passes rp JOIN redemptions r ON r.id = rp.redemption_id
              WHERE rp.programme_id = p.id AND rp.active AND ${inPeriod('r.created_at')}) AS used,
            (SELECT count(DISTINCT r.venue_organisation_id)::int FROM redemptions r
              WHERE r.programme_id = p.id AND r.undone_at IS NULL AND ${inPeriod('r.created_at')}) AS active_venues,
            (SELECT COALESCE(sum(s.amount_cents), 0)::bigint FROM statements s
              WHERE s.programme_id = p.id AND s.status = 'paid'
                AND ($2::date IS NULL OR s.paid_on >= $2) AND ($3::date IS NULL OR s.paid_on <= $3)) AS paid_cents
       FROM programmes p WHERE $1::uuid[] IS NULL OR p.id = ANY($1) ORDER BY p.code`,
    params,
  );
  // Each person once per programme, with the age at the first hand-out of the period.
  const people = await q.query<{ programme_id: string; category: string; age: number; n: number }>(
    `SELECT programme_id, category, age, count(*)::int AS n FROM (
       SELECT c.programme_id, b.id, b.public_category AS category,
              (extract(year FROM min(c.distributed_at) AT TIME ZONE 'Europe/Paris') - b.birth_year)::int AS age
         FROM carnets c JOIN beneficiaries b ON b.id = c.beneficiary_id
        WHERE ($1::uuid[] IS NULL OR c.programme_id = ANY($1)) AND ${inPeriod('c.distributed_at')}
        GROUP BY c.programme_id, b.id, b.public_category, b.birth_year) persons
      GROUP BY programme_id, category, age`,
    params,
  );
  const rows = programmes.map((p) => {
    const mineOnly = people.filter((x) => x.programme_id === p.id);
    const count = (keep: (x: (typeof people)[number]) => boolean) => mineOnly.filter(keep).reduce((s, x) => s + x.n, 0);
    return [
      p.code,
      p.name,
      [
        ...p.territory.regions.map((r) => `R${r}`),
        ...p.territory.departements.map((d) => `D${d}`),
        ...p.territory.communes,
      ].join(' '),
      period.from ?? '',
      period.to ?? '',
      Number(p.ordered),
      p.distributed,
      p.used,
      count(() => true),
      ...PUBLIC_CATEGORIES.map((c) => count((x) => x.category === c)),
      ...AGE_BANDS.map((b) => count((x) => ageBand(x.age).key === b)),
      p.active_venues,
      Number(p.paid_cents) / 100,
    ];
  });
  return `\uFEFF${csvString([[...ANCT_COLUMNS], ...rows], { delimiter: ';' })}`;
}
