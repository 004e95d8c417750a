import type { Dashboard, FunnelStage, SpendRow, UsageRow } from './impact.contract.js';

/**
 * The dashboard's tables, declared once: the page shows them, the CSV and XLSX exports write
 * them. Cells are raw values (a rate as a fraction, money in euros); each column says how to
 * show it.
 */
export type ColumnKind = 'text' | 'count' | 'decimal' | 'euros' | 'rate';
export type Cell = string | number | null;
export interface DashboardTable {
  key: string;
  caption: string;
  columns: { title: string; kind: ColumnKind }[];
  rows: Cell[][];
}

export const FUNNEL_LABELS: Record<FunnelStage, string> = {
  ordered: 'Commandés',
  issued: 'Émis',
  allocated: 'Attribués aux prescripteurs',
  distributed: 'Remis',
  used: 'Utilisés',
  reimbursed: 'Remboursés aux lieux',
  expired: 'Expirés',
  cancelled: 'Annulés',
};

const usage = (key: string, caption: string, first: string, rows: UsageRow[]): DashboardTable => ({
  key,
  caption,
  columns: [
    { title: first, kind: 'text' },
    { title: 'Pass remis', kind: 'count' },
    { title: 'Pass utilisés', kind: 'count' },
    { title: "Taux d'usage", kind: 'rate' },
  ],
  rows: rows.map((r) => [r.label, r.distributed, r.used, r.rate]),
});

const spend = (key: string, caption: string, first: string, rows: SpendRow[]): DashboardTable => ({
  key,
  caption,
  columns: [
    { title: first, kind: 'text' },
    { title: 'Pass utilisés', kind: 'count' },
    { title: 'Montant (€)', kind: 'euros' },
  ],
  rows: rows.map((r) => [r.label, r.passes, r.cents / 100]),
});

/** The venues listed, and the others summed in a last line (the exports list every venue). */
function venues(d: Dashboard): DashboardTable {
  const table = spend('lieux', 'Pass utilisés par lieu', 'Lieu', d.byVenue);
  const others = d.otherVenues;
  if (others === null) return table;
  return {
    ...table,
    caption: `Pass utilisés par lieu : les ${d.byVenue.length} premiers, les autres additionnés (tous dans les téléchargements)`,
    rows: [
      ...table.rows,
      [`Autres lieux (${others.venues.toLocaleString('fr-FR')})`, others.passes, others.cents / 100],
    ],
  };
}

/** The stages a scope shows: a distributor's carnets were never ordered by it. */
export const stagesOf = (d: Dashboard) =>
  (Object.keys(FUNNEL_LABELS) as FunnelStage[]).filter((s) => d.scope === 'programme' || s !== 'ordered');

export function dashboardTables(d: Dashboard): DashboardTable[] {
  return [
    {
      key: 'parcours',
      caption: 'Parcours des pass (nombre et valeur)',
      columns: [
        { title: 'Étape', kind: 'text' },
        { title: 'Pass', kind: 'count' },
        { title: 'Valeur (€)', kind: 'euros' },
      ],
      rows: stagesOf(d).map((s) => [FUNNEL_LABELS[s], d.funnel[s].passes, d.funnel[s].cents / 100]),
    },
    usage('cohortes', 'Usage par mois de remise', 'Mois de remise', d.cohorts),
    ...(d.scope === 'programme'
      ? [usage('prescripteurs', 'Usage par prescripteur', 'Prescripteur', d.byDistributor)]
      : []),
    usage('publics', 'Usage par public', 'Public', d.byCategory),
    usage('ages', 'Usage par âge à la remise', 'Âge', d.byAgeBand),
    usage('departements', 'Usage par département', 'Département', d.byDepartement),
    usage('communes', 'Usage par commune', 'Commune', d.byCommune),
    venues(d),
    spend('themes', "Pass utilisés par thème d'atelier", 'Thème', d.byTheme),
    spend('mois', "Pass utilisés par mois d'utilisation", 'Mois', d.byMonth),
  ];
}
