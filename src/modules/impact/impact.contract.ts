import { z } from 'zod';
import { EvaluationGroup } from '../evaluation/evaluation.contract.js';

/** The usage dashboard, declared once: what was bought, handed out, used and paid, and by whom. */

const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'date au format AAAA-MM-JJ');

/** The period filters the carnets by their hand-out date (a cohort), Paris time; both ends included. */
export const DashboardQuery = z.object({ from: isoDay.optional(), to: isoDay.optional() });
export type DashboardQuery = z.infer<typeof DashboardQuery>;
export const TABLE_KEYS = [
  'parcours',
  'cohortes',
  'prescripteurs',
  'publics',
  'ages',
  'departements',
  'communes',
  'lieux',
  'themes',
  'mois',
] as const;
export const DashboardTableQuery = DashboardQuery.extend({ table: z.enum(TABLE_KEYS) });

const Stage = z.object({ passes: z.number().int(), cents: z.number().int() });
export type Stage = z.infer<typeof Stage>;

export const FUNNEL_STAGES = [
  'ordered',
  'issued',
  'allocated',
  'distributed',
  'used',
  'reimbursed',
  'expired',
  'cancelled',
] as const;
export type FunnelStage = (typeof FUNNEL_STAGES)[number];

/** A row of a breakdown: passes handed out in the group and how many were used. */
export const UsageRow = z.object({
  key: z.string(),
  label: z.string(),
  distributed: z.number().int(),
  used: z.number().int(),
  /** used ÷ distributed, null when nothing was handed out. */
  rate: z.number().nullable(),
});
export type UsageRow = z.infer<typeof UsageRow>;

/** A row of what the passes paid for: by venue, theme or month of use. */
export const SpendRow = z.object({
  key: z.string(),
  label: z.string(),
  passes: z.number().int(),
  cents: z.number().int(),
});
export type SpendRow = z.infer<typeof SpendRow>;

/**
 * How many venues the dashboard lists, those with the most passes first; the others are summed
 * in one line. A programme open to every place of a région has thousands of venues: listed in
 * full, the page would be a 2 MB answer nobody reads. The CSV and XLSX exports list every venue.
 */
export const DASHBOARD_VENUE_ROWS = 100;

/** A carnet a distributor handed out whose passes are all unused: someone to call back. */
export const UnusedCarnet = z.object({
  serial: z.string(),
  distributedAt: z.string(),
  expiresOn: z.string().nullable(),
  /** Only when the person agreed to reminders (and not erased since). */
  contact: z
    .object({
      firstName: z.string().nullable(),
      lastName: z.string().nullable(),
      email: z.string().nullable(),
      phone: z.string().nullable(),
    })
    .nullable(),
  /** Drawn for reminders: the group (the holdout is never reminded) and the last reminder sent. */
  reminder: z.object({ arm: z.enum(['reminded', 'holdout']), lastRemindedAt: z.string().nullable() }).nullable(),
});
export type UnusedCarnet = z.infer<typeof UnusedCarnet>;

export const Dashboard = z.object({
  /** Whose carnets: the whole programme, or the distributor's own. */
  scope: z.enum(['programme', 'distributor']),
  funnel: z.record(z.enum(FUNNEL_STAGES), Stage),
  carnets: z.object({
    distributed: z.number().int(),
    firstUse: z.number().int(),
    finished: z.number().int(),
    neverUsed: z.number().int(),
  }),
  /** Passes used ÷ passes handed out. */
  usageRate: z.number().nullable(),
  /** Days from hand-out to a carnet's first use (median over carnets used). */
  medianDaysToFirstUse: z.number().nullable(),
  cohorts: z.array(UsageRow),
  byDistributor: z.array(UsageRow),
  byCommune: z.array(UsageRow),
  byDepartement: z.array(UsageRow),
  byCategory: z.array(UsageRow),
  byAgeBand: z.array(UsageRow),
  /** Communes where carnets were handed out, at their point (for the map; the table is byCommune). */
  communePoints: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      latitude: z.number(),
      longitude: z.number(),
      distributed: z.number().int(),
      used: z.number().int(),
    }),
  ),
  /** The venues with the most passes used (at most DASHBOARD_VENUE_ROWS on the page, every one in the exports). */
  byVenue: z.array(SpendRow),
  /** The venues left out of byVenue, summed; null when byVenue lists them all. */
  otherVenues: z.object({ venues: z.number().int(), passes: z.number().int(), cents: z.number().int() }).nullable(),
  byTheme: z.array(SpendRow),
  byMonth: z.array(SpendRow),
});
export type Dashboard = z.infer<typeof Dashboard>;

/** A venue's own activity: what it validated, what was paid for it, and what people said. */
export const VenueActivity = z.object({
  passes: z.number().int(),
  cents: z.number().int(),
  /** Of that, what was paid (statements paid); the rest is owed or waits for a statement. */
  paidCents: z.number().int(),
  /** Validations (one per person at the counter: a workshop paid with several passes counts once). */
  validations: z.number().int(),
  byMonth: z.array(SpendRow),
  byTheme: z.array(SpendRow),
  byWorkshop: z.array(SpendRow),
  byProgramme: z.array(SpendRow),
  /** The venue's answers, all programmes together; null under the minimum group size. */
  evaluation: EvaluationGroup.nullable(),
  answers: z.number().int(),
});
export type VenueActivity = z.infer<typeof VenueActivity>;
