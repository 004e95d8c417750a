import type { Writable } from 'node:stream';
import PDFDocument from 'pdfkit';
import { frenchDate } from '../../format.js';
import type { Theme } from '../../identity.rules.js';
import { registerPdfFonts } from '../../pdf-fonts.js';
import type { EvaluationSummary } from '../evaluation/evaluation.contract.js';
import { euros } from '../ledger/money.js';
import type { BudgetView } from '../payments/payments.contract.js';
import type { Coverage } from '../territory/coverage.contract.js';
import type { Dashboard, DashboardQuery } from './impact.contract.js';
import { type Cell, type ColumnKind, dashboardTables, FUNNEL_LABELS, stagesOf } from './impact.tables.js';

export interface FunderReport {
  programme: string;
  period: DashboardQuery;
  dashboard: Dashboard;
  /** With each funder's part (a funder reading sees its own). */
  budget: BudgetView;
  /** The evaluation report adds the coverage diagnostic and the aidants trained. */
  evaluationReport?: {
    coverage: Coverage;
    trained: { organisationName: string; people: number }[];
  };
  evaluation: EvaluationSummary;
}

const pct = (r: number | null) =>
  r === null ? '—' : `${(r * 100).toLocaleString('fr-FR', { maximumFractionDigits: 1 })} %`;
const show = (cell: Cell, kind: ColumnKind) =>
  cell === null
    ? '—'
    : typeof cell === 'string'
      ? cell
      : kind === 'rate'
        ? pct(cell)
        : kind === 'euros'
          ? euros(Math.round(cell * 100), 2)
          : cell.toLocaleString('fr-FR');

/**
 * The report a funder takes to its assembly: the period's figures, the funnel drawn as bars,
 * usage by cohort and group, the budget and each funder's part, what beneficiaries said, and how
 * every figure is counted. With `evaluationReport`, the same for collectivités and national bodies
 * with the coverage of the territory and the aidants trained.
 */
export async function writeFunderReport(out: Writable, r: FunderReport, theme: Theme): Promise<void> {
  const doc = new PDFDocument({ size: 'A4', margin: 48, info: { Title: `Rapport — ${r.programme}` } });
  registerPdfFonts(doc, theme);
  const done = new Promise<void>((resolve, reject) => {
    out.on('finish', resolve);
    out.on('error', reject);
  });
  doc.pipe(out);
  const d = r.dashboard;
  const period =
    r.period.from || r.period.to
      ? `Carnets remis ${r.period.from ? `du ${frenchDate(r.period.from)}` : ''} ${r.period.to ? `au ${frenchDate(r.period.to)}` : ''}`.trim()
      : 'Depuis le début du programme';
  doc
    .font('bold')
    .fontSize(18)
    .text(`${r.evaluationReport ? "Rapport d'évaluation" : "Rapport d'usage"} — ${r.programme}`);
  doc.font('regular').fontSize(11).text(period).moveDown();

  const heading = (text: string) => {
    if (doc.y > doc.page.height - 140) doc.addPage();
    doc.moveDown(0.5).font('bold').fontSize(13).text(text, 48).font('regular').fontSize(10).moveDown(0.3);
  };
  const line = (label: string, value: string) => doc.text(`${label} : ${value}`, 48);

  heading("L'essentiel");
  line("Taux d'usage (pass utilisés ÷ pass remis)", pct(d.usageRate));
  line('Carnets remis', d.carnets.distributed.toLocaleString('fr-FR'));
  line(
    'Carnets jamais utilisés',
    `${d.carnets.neverUsed.toLocaleString('fr-FR')} (${pct(d.carnets.distributed ? d.carnets.neverUsed / d.carnets.distributed : null)})`,
  );
  line(
    'Délai médian avant la première utilisation',
    d.medianDaysToFirstUse === null ? '—' : `${Math.round(d.medianDaysToFirstUse)} jour(s)`,
  );

  heading('De la commande au remboursement');
  const stages = stagesOf(d);
  const max = Math.max(1, ...stages.map((s) => d.funnel[s].passes));
  for (const s of stages) {
    const y = doc.y;
    doc.text(FUNNEL_LABELS[s], 48, y, { width: 150 });
    doc
      .rect(200, y, Math.max(1, (d.funnel[s].passes / max) * 220), 9)
      .fill('#000091')
      .fillColor('black');
    doc.text(`${d.funnel[s].passes.toLocaleString('fr-FR')} pass — ${euros(d.funnel[s].cents, 2)}`, 430, y, {
      width: 120,
    });
    doc.moveDown(0.4);
  }

  heading('Budget');
  const b = r.budget;
  line('Enveloppe', euros(b.envelopeCents, 2));
  line('Engagé (pass émis)', euros(b.issuedCents, 2));
  line('Dû aux lieux', euros(b.owedCents, 2));
  line('Payé aux lieux', euros(b.paidCents, 2));
  line('Rendu au programme (pass expirés ou annulés)', euros(b.returnedCents, 2));
  for (const f of b.funders) {
    const basis = f.basis === 'used' ? 'des pass utilisés' : 'des pass engagés';
    heading(`${f.funderName} — ${(f.shareBp / 100).toLocaleString('fr-FR')} % ${basis}`);
    line('Engagé', euros(f.committedCents, 2));
    line('Utilisé', euros(f.redeemedCents, 2));
    line('Payé aux lieux', euros(f.paidCents, 2));
    line('Rendu au programme', euros(f.returnedCents, 2));
  }

  for (const table of dashboardTables(d)
    .filter((t) => t.key !== 'parcours' && t.rows.length > 0)
    .slice(0, 6)) {
    heading(table.caption);
    doc.font('bold').text(table.columns.map((c) => c.title).join(' · '), 48);
    doc.font('regular');
    for (const row of table.rows.slice(0, 25)) {
      if (doc.y > doc.page.height - 72) doc.addPage();
      doc.text(row.map((cell, i) => show(cell, table.columns[i]?.kind ?? 'text')).join(' · '), 48);
    }
  }

  heading("L'avis des bénéficiaires");
  const o = r.evaluation.overall;
  if (o) {
    line('Réponses', o.answers.toLocaleString('fr-FR'));
    line('Satisfaction moyenne (sur 5)', o.meanSatisfaction.toLocaleString('fr-FR', { maximumFractionDigits: 1 }));
    line("Gagnent au moins un niveau d'autonomie", pct(o.movedUpShare));
    line('Recommandent', pct(o.recommendShare));
  } else {
    doc.text(`Moins de ${r.evaluation.minimumGroup} réponses : rien n'est montré, pour que personne ne soit reconnu.`);
  }

  if (r.evaluationReport) writeTerritorySections(r.evaluationReport, heading, line, (t) => doc.text(t, 48));

  heading('Méthode');
  doc.text(
    "Chaque chiffre est compté sur les pass eux-mêmes et sur le journal comptable en partie double de la plateforme, pas estimé. Un pass « remis » appartient à un carnet remis à une personne ; « utilisé », validé par un lieu qualifié (une validation annulée ne compte pas) ; « remboursé », payé au lieu. La période retient les carnets par leur date de remise (cohorte) : l'usage de ces carnets est compté jusqu'à aujourd'hui. Les avis sont anonymes ; un groupe de moins de 5 réponses n'est pas montré.",
    48,
  );
  doc.end();
  await done;
}

/** The territory's part of the evaluation report: coverage by distance, the largest gaps, the aidants trained. */
function writeTerritorySections(
  e: NonNullable<FunderReport['evaluationReport']>,
  heading: (text: string) => void,
  line: (label: string, value: string) => void,
  text: (t: string) => void,
): void {
  const n = (v: number) => v.toLocaleString('fr-FR');
  heading('Couverture du territoire');
  line('Communes', n(e.coverage.communes.length));
  line('Habitants', n(e.coverage.population));
  line('Lieux qualifiés situés', n(e.coverage.venues));
  for (const b of e.coverage.bands) {
    line(`Habitants à ${b.km} km ou moins d'un lieu qualifié`, `${n(b.population)} (${pct(b.share)})`);
  }
  heading('Communes les plus éloignées de l’offre (pondéré par la population)');
  for (const c of e.coverage.communes.slice(0, 10)) {
    text(
      `${c.name} (${c.code}) : ${n(c.population)} habitants, lieu qualifié le plus proche à ${c.venueKm === null ? '—' : `${c.venueKm.toLocaleString('fr-FR')} km`}`,
    );
  }
  heading('Aidants formés');
  const total = e.trained.reduce((s, t) => s + t.people, 0);
  line('Personnes ayant terminé un parcours', n(total));
  for (const t of e.trained.slice(0, 20)) line(t.organisationName, n(t.people));
}
