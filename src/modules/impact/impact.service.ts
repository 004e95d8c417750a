import type { Db } from '../../db/db.js';
import type { PublicCategory } from '../programmes/programmes.contract.js';
import { communePoint } from '../territory/commune-points.js';
import { communeByCode } from '../territory/communes.js';
import { CATEGORY_LABELS_FR } from '../vouchers/labels.js';
import {
  DASHBOARD_VENUE_ROWS,
  type Dashboard,
  type DashboardQuery,
  type SpendRow,
  type Stage,
} from './impact.contract.js';
import { ageBand, departementOf, rate, UsageGroups } from './impact.rules.js';
import { KEPT_SPENDING, type SpendingRow } from './spending.service.js';

/** Whose carnets a dashboard counts: a programme's, or those a distributor holds or handed out. */
export interface DashboardScope {
  programmeId: string;
  distributorId: string | null;
}

/**
 * The carnets handed out in the scope and period, one row each (the month of hand-out by date
 * arithmetic on the stored Paris day: no time-zone conversion per row) with what became of their passes:
 * read from `carnet_usage`, the pre-aggregate kept up to date with the passes (migration 0026),
 * not from every pass. Parameters: $1 programme, $2 distributor (or null), $3 from, $4 to (days, or null).
 */
const PER_CARNET = `
  SELECT u.carnet_id AS id, u.distributed_on - (extract(day FROM u.distributed_on)::int - 1) AS month,
         u.distributor_id, u.commune, u.category,
         extract(year FROM u.distributed_on)::int - u.birth_year AS age,
         u.passes, u.cents, u.used, u.used_cents, u.reimbursed, u.reimbursed_cents, u.expired, u.expired_cents,
         u.cancelled, u.cancelled_cents, u.distributed_at, u.first_used_at
    FROM carnet_usage u
   WHERE u.programme_id = $1
     AND ($2::uuid IS NULL OR u.distributor_id = $2)
     AND ($3::date IS NULL OR u.distributed_on >= $3)
     AND ($4::date IS NULL OR u.distributed_on <= $4)`;

/**
 * What the used passes paid for when a distributor or a period filters by the carnet: each live
 * validation line with its pass and carnet, grouped by venue, theme and day in one pass of
 * grouping sets, the venues' names looked up for the venues listed only. Parameters as
 * `PER_CARNET`'s, then $5 how many venues to list (null: every one). The whole programme's is
 * read from the kept totals instead (`KEPT_SPENDING`).
 */
const FILTERED_SPENDING = `
  WITH spent AS (
    SELECT r.venue_organisation_id AS venue_id, r.service_id AS theme, r.created_on AS day, 1 AS passes,
           p.value_cents AS cents
      FROM redemption_passes rp JOIN redemptions r ON r.id = rp.redemption_id
      JOIN passes p ON p.id = rp.pass_id JOIN carnets c ON c.id = p.carnet_id
     WHERE rp.active AND rp.programme_id = $1
       AND ($2::uuid IS NULL OR c.distributed_by = $2)
       AND ($3::date IS NULL OR paris_date(c.distributed_at) >= $3)
       AND ($4::date IS NULL OR paris_date(c.distributed_at) <= $4)
  ), totals AS (
    SELECT CASE WHEN GROUPING(venue_id) = 0 THEN 'venue' WHEN GROUPING(theme) = 0 THEN 'theme' ELSE 'month' END AS kind,
           venue_id, theme, day, sum(passes)::int AS passes, sum(cents)::bigint AS cents
      FROM spent GROUP BY GROUPING SETS ((venue_id), (theme), (day))),
  -- The venues with the most passes (ties by id, so that the cut is stable): a bounded sort.
  listed AS (SELECT venue_id, passes, cents FROM totals WHERE kind = 'venue'
              ORDER BY passes DESC, venue_id LIMIT $5::int),
  venues AS (SELECT count(*)::int AS n, COALESCE(sum(passes), 0)::int AS passes,
                    COALESCE(sum(cents), 0)::bigint AS cents FROM totals WHERE kind = 'venue')
  -- By day (at most a thousand rows), then by month here and below (the days of a month add up).
  SELECT t.kind, NULL::uuid AS venue_id, NULL AS venue, t.theme, to_char(t.day, 'YYYY-MM') AS month,
         t.passes, t.cents, 1 AS venues
    FROM totals t WHERE t.kind <> 'venue'
  UNION ALL
  SELECT 'venue', l.venue_id, (SELECT o.name FROM organisations o WHERE o.id = l.venue_id), NULL, NULL,
         l.passes, l.cents, 1
    FROM listed l
  UNION ALL
  SELECT 'other_venues', NULL, NULL, NULL, NULL, v.passes - l.passes, v.cents - l.cents, v.n - l.n
    FROM venues v, (SELECT count(*)::int AS n, COALESCE(sum(passes), 0)::int AS passes,
                           COALESCE(sum(cents), 0)::bigint AS cents FROM listed) l
   WHERE v.n > l.n`;

/**
 * One of the dashboard's reading queries, in a transaction of its own with two settings for it
 * alone (SET LOCAL). Memory enough for grouping sets to be hashed in one pass, none sorted on
 * disk: PostgreSQL's 4 MB default spilled both groupings (largest national programme, 72,000
 * carnets and 43,000 validations: 300-500 ms down to about 190 ms for the carnets, 88 down to
 * 40 ms for the spending). No JIT compilation: misled by other programmes' stock, the planner
 * costed the stock query in millions and spent 250 ms compiling it for rows it never read.
 */
async function analytic<T extends object>(q: Db, sql: string, params: unknown[]): Promise<T[]> {
  return q.tx(async (t) => {
    // Both settings in one round trip (set_config with is_local = SET LOCAL).
    await t.query(`SELECT set_config('work_mem', '32MB', true), set_config('jit', 'off', true)`);
    return t.query<T>(sql, params);
  });
}

/** One total of the carnets by one grouping (the others null): each grouping's rows add up to the whole. */
interface GroupRow {
  kind: 'cohort' | 'distributor' | 'commune' | 'category' | 'age';
  cohort: string | null;
  distributor_id: string | null;
  distributor: string;
  commune: string | null;
  category: string | null;
  age: number | null;
  carnets: number;
  first_use: number;
  finished: number;
  passes: number;
  cents: number;
  used: number;
  used_cents: number;
  reimbursed: number;
  reimbursed_cents: number;
  expired: number;
  expired_cents: number;
  cancelled: number;
  cancelled_cents: number;
}

/**
 * What a programme's (or a distributor's) passes became, from the pass states themselves: the
 * funnel from order to reimbursement, usage by cohort of hand-out and by group, and what the
 * used passes paid for. Every figure is a count of passes or carnets in the database, no estimate.
 */
export async function dashboard(
  q: Db,
  scope: DashboardScope,
  period: DashboardQuery,
  /** How many venues to list (the others summed in one line); null for every one, as the exports need. */
  venueRows: number | null = DASHBOARD_VENUE_ROWS,
): Promise<Dashboard> {
  const params = [scope.programmeId, scope.distributorId, period.from ?? null, period.to ?? null];
  const filtered = params.slice(1).some((v) => v !== null);
  const [groups, median, stock, spend] = await Promise.all([
    analytic<GroupRow>(
      q,
      // Grouped on the raw keys (a date, an id), labelled after: a few hundred rows to format, not one per carnet.
      `WITH per_carnet AS (${PER_CARNET}), totals AS (
       SELECT CASE WHEN GROUPING(month) = 0 THEN 'cohort' WHEN GROUPING(distributor_id) = 0 THEN 'distributor'
                   WHEN GROUPING(commune) = 0 THEN 'commune' WHEN GROUPING(category) = 0 THEN 'category' ELSE 'age' END AS kind,
              month, distributor_id, commune, category, age, count(*)::int AS carnets,
              count(*) FILTER (WHERE used > 0)::int AS first_use, count(*) FILTER (WHERE used = passes)::int AS finished,
              sum(passes)::int AS passes, sum(cents)::bigint AS cents, sum(used)::int AS used, sum(used_cents)::bigint AS used_cents,
              sum(reimbursed)::int AS reimbursed, sum(reimbursed_cents)::bigint AS reimbursed_cents,
              sum(expired)::int AS expired, sum(expired_cents)::bigint AS expired_cents,
              sum(cancelled)::int AS cancelled, sum(cancelled_cents)::bigint AS cancelled_cents
         FROM per_carnet GROUP BY GROUPING SETS ((month), (distributor_id), (commune), (category), (age)))
       -- The distributors named one by one (a few rows), not by hashing every organisation.
       SELECT t.*, to_char(t.month, 'YYYY-MM') AS cohort,
              COALESCE((SELECT o.name FROM organisations o WHERE o.id = t.distributor_id), '—') AS distributor
         FROM totals t`,
      params,
    ),
    analytic<{ days: number | null }>(
      q,
      `WITH per_carnet AS (${PER_CARNET})
       SELECT extract(epoch FROM percentile_cont(0.5) WITHIN GROUP (ORDER BY first_used_at - distributed_at))::float8 / 86400 AS days
         FROM per_carnet WHERE first_used_at IS NOT NULL`,
      params,
    ),
    analytic<{
      ordered: number;
      ordered_cents: number;
      issued: number;
      issued_cents: number;
      allocated: number;
      allocated_cents: number;
    }>(
      q,
      scope.distributorId === null
        ? // The whole programme: the carnets handed out from the pre-aggregate, the stock (carnets
          // not handed out) from its passes, so that 500,000 passes are not read on each view.
          `SELECT (SELECT COALESCE(sum(o.carnets * pg.passes_per_carnet), 0)::int FROM carnet_orders o
                     JOIN programmes pg ON pg.id = o.programme_id WHERE o.programme_id = $1) AS ordered,
                  (SELECT COALESCE(sum(o.value_cents), 0)::bigint FROM carnet_orders o WHERE o.programme_id = $1) AS ordered_cents,
                  d.passes + s.passes AS issued, d.cents + s.cents AS issued_cents,
                  d.passes + s.allocated AS allocated, d.cents + s.allocated_cents AS allocated_cents
             FROM (SELECT COALESCE(sum(passes), 0)::int AS passes, COALESCE(sum(cents), 0)::bigint AS cents
                     FROM carnet_usage WHERE programme_id = $1) d,
                  -- Each stock carnet's passes by its own index (a lateral join): the planner, misled
                  -- by other programmes' stock, chose a parallel scan of all passes (0.5 s measured
                  -- on the national data for a programme with no stock at all).
                  (SELECT COALESCE(sum(x.passes), 0)::int AS passes, COALESCE(sum(x.cents), 0)::bigint AS cents,
                          COALESCE(sum(x.passes) FILTER (WHERE c.holder_organisation_id IS NOT NULL), 0)::int AS allocated,
                          COALESCE(sum(x.cents) FILTER (WHERE c.holder_organisation_id IS NOT NULL), 0)::bigint AS allocated_cents
                     FROM carnets c
                     CROSS JOIN LATERAL (SELECT count(*) AS passes, sum(p.value_cents) AS cents
                                           FROM passes p WHERE p.carnet_id = c.id) x
                    WHERE c.programme_id = $1 AND c.beneficiary_id IS NULL) s`
        : `SELECT (SELECT COALESCE(sum(o.carnets * pg.passes_per_carnet), 0)::int FROM carnet_orders o
                     JOIN programmes pg ON pg.id = o.programme_id WHERE o.programme_id = $1 AND $2::uuid IS NULL) AS ordered,
                  (SELECT COALESCE(sum(o.value_cents), 0)::bigint FROM carnet_orders o WHERE o.programme_id = $1 AND $2::uuid IS NULL) AS ordered_cents,
                  count(*)::int AS issued, COALESCE(sum(p.value_cents), 0)::bigint AS issued_cents,
                  count(*) FILTER (WHERE c.holder_organisation_id IS NOT NULL OR c.beneficiary_id IS NOT NULL)::int AS allocated,
                  COALESCE(sum(p.value_cents) FILTER (WHERE c.holder_organisation_id IS NOT NULL OR c.beneficiary_id IS NOT NULL), 0)::bigint
                    AS allocated_cents
             FROM passes p JOIN carnets c ON c.id = p.carnet_id
            WHERE p.programme_id = $1 AND (c.holder_organisation_id = $2 OR c.distributed_by = $2)`,
      scope.distributorId === null ? params.slice(0, 1) : params.slice(0, 2),
    ),
    filtered
      ? analytic<SpendingRow>(q, FILTERED_SPENDING, [...params, venueRows])
      : // The whole programme: the totals kept as the validations are written (migration 0031).
        analytic<SpendingRow>(q, KEPT_SPENDING, [scope.programmeId, venueRows]),
  ]);

  // The totals from one grouping: every carnet is in exactly one cohort.
  const sum = (k: keyof GroupRow) => groups.reduce((s, g) => (g.kind === 'cohort' ? s + Number(g[k]) : s), 0);
  const stage = (passes: number, cents: number): Stage => ({ passes: Number(passes), cents: Number(cents) });
  const s = stock[0];
  const cohorts = new UsageGroups();
  const byDistributor = new UsageGroups();
  const byCommune = new UsageGroups();
  const byDepartement = new UsageGroups();
  const byCategory = new UsageGroups();
  const byAgeBand = new UsageGroups();
  for (const g of groups) {
    if (g.kind === 'cohort' && g.cohort !== null) cohorts.add(g.cohort, g.cohort, g.passes, g.used);
    if (g.kind === 'distributor') byDistributor.add(g.distributor_id ?? '—', g.distributor, g.passes, g.used);
    if (g.kind === 'commune' && g.commune !== null) {
      byCommune.add(g.commune, communeByCode(g.commune)?.name ?? g.commune, g.passes, g.used);
      byDepartement.add(departementOf(g.commune), departementOf(g.commune), g.passes, g.used);
    }
    if (g.kind === 'category' && g.category !== null) {
      byCategory.add(g.category, CATEGORY_LABELS_FR[g.category as PublicCategory] ?? g.category, g.passes, g.used);
    }
    if (g.kind === 'age' && g.age !== null) {
      const band = ageBand(g.age);
      byAgeBand.add(band.key, band.label, g.passes, g.used);
    }
  }
  const spendBy = (
    kind: (typeof spend)[number]['kind'],
    key: (r: (typeof spend)[number]) => [string, string],
  ): SpendRow[] => {
    const rows = new Map<string, SpendRow>();
    for (const r of spend) {
      if (r.kind !== kind) continue;
      const [k, label] = key(r);
      const row = rows.get(k) ?? { key: k, label, passes: 0, cents: 0 };
      row.passes += Number(r.passes);
      row.cents += Number(r.cents);
      rows.set(k, row);
    }
    return [...rows.values()].sort((a, b) => b.passes - a.passes || a.label.localeCompare(b.label, 'fr'));
  };
  const others = spend.find((r) => r.kind === 'other_venues');
  const distributedCarnets = sum('carnets');
  const firstUse = sum('first_use');
  return {
    scope: scope.distributorId ? 'distributor' : 'programme',
    funnel: {
      ordered: stage(s?.ordered ?? 0, s?.ordered_cents ?? 0),
      issued: stage(s?.issued ?? 0, s?.issued_cents ?? 0),
      allocated: stage(s?.allocated ?? 0, s?.allocated_cents ?? 0),
      distributed: stage(sum('passes'), sum('cents')),
      used: stage(sum('used'), sum('used_cents')),
      reimbursed: stage(sum('reimbursed'), sum('reimbursed_cents')),
      expired: stage(sum('expired'), sum('expired_cents')),
      cancelled: stage(sum('cancelled'), sum('cancelled_cents')),
    },
    carnets: {
      distributed: distributedCarnets,
      firstUse,
      finished: sum('finished'),
      neverUsed: distributedCarnets - firstUse,
    },
    usageRate: rate(sum('used'), sum('passes')),
    medianDaysToFirstUse: median[0]?.days === null || median[0]?.days === undefined ? null : Number(median[0].days),
    cohorts: cohorts.list('key'),
    byDistributor: byDistributor.list(),
    byCommune: byCommune.list(),
    byDepartement: byDepartement.list('key'),
    byCategory: byCategory.list(),
    byAgeBand: byAgeBand.list('key'),
    communePoints: byCommune.list().flatMap((c) => {
      const point = communePoint(c.key);
      return point
        ? [
            {
              code: c.key,
              name: c.label,
              latitude: point.latitude,
              longitude: point.longitude,
              distributed: c.distributed,
              used: c.used,
            },
          ]
        : [];
    }),
    byVenue: spendBy('venue', (r) => [r.venue_id ?? '—', r.venue ?? '—']),
    otherVenues: others
      ? { venues: Number(others.venues), passes: Number(others.passes), cents: Number(others.cents) }
      : null,
    byTheme: spendBy('theme', (r) => [r.theme ?? '—', r.theme ?? 'Thème non précisé']),
    byMonth: spendBy('month', (r) => [r.month ?? '—', r.month ?? '—']).sort((a, b) => a.key.localeCompare(b.key)),
  };
}
