import type { Db, Queryable } from '../../db/db.js';
import { AppError } from '../../errors.js';
import { type Actor, hasRole } from '../accounts/actor.js';
import { recordAudit } from '../audit/audit.service.js';
import { ACCOUNTS, accountTotals } from '../ledger/ledger.service.js';
import { euros } from '../ledger/money.js';
import { emailProgrammeOperators } from '../mail/outbox.js';
import { type FunderBasis, type FunderBudget, funderBudgets, splitByShares } from './funder-shares.rules.js';
import type { BudgetView, FunderShareView, PaidByWorkshop } from './payments.contract.js';

/**
 * A programme's budget, read from the double-entry journal (one aggregate over its entries),
 * so it stays exact and cheap however many passes there are.
 */
export async function programmeBudget(q: Queryable, programmeId: string): Promise<BudgetView> {
  const rows = await q.query<{ envelope: number; engineering: number; alert_percent: number }>(
    `SELECT envelope_cents AS envelope, engineering_cents AS engineering, budget_alert_percent AS alert_percent
       FROM programmes p WHERE id = $1`,
    [programmeId],
  );
  const p = rows[0];
  if (!p) throw new AppError('PROGRAMME_NOT_FOUND');
  // By kind: the budget adds up every venue's owed account, it never shows one.
  const totals = await accountTotals(q, programmeId, 'kind');
  const sumOf = (prefix: string) =>
    [...totals.entries()].filter(([k]) => k.startsWith(prefix)).reduce((s, [, t]) => s + t.credit - t.debit, 0);
  const programmeAccount = totals.get(ACCOUNTS.programme) ?? { credit: 0, debit: 0 };
  const inStockCents = sumOf('stock:');
  const distributedCents = sumOf('distributed');
  const owedCents = sumOf('owed:');
  const paidCents = sumOf('paid');
  // Value leaves the programme's account when passes are issued and comes back when they expire or are cancelled.
  const returnedCents = programmeAccount.credit;
  const issuedCents = programmeAccount.debit;
  const passesEnvelope = Number(p.envelope) - Number(p.engineering);
  const committed = issuedCents - returnedCents;
  const funders = await q.query<{ id: string; name: string; share_bp: number; basis: FunderBasis }>(
    `SELECT f.organisation_id AS id, o.name, f.share_bp, f.basis FROM programme_funders f
       JOIN organisations o ON o.id = f.organisation_id
      WHERE f.programme_id = $1 ORDER BY f.share_bp DESC, o.name`,
    [programmeId],
  );
  const parts = funderBudgets(
    { committedCents: committed, redeemedCents: owedCents + paidCents, paidCents, returnedCents },
    funders.map((f) => ({ id: f.id, shareBp: f.share_bp, basis: f.basis })),
  );
  const alerts: string[] = [];
  if (committed * 100 >= passesEnvelope * p.alert_percent) {
    alerts.push(
      `${Math.round((committed / passesEnvelope) * 100)} % de l'enveloppe des pass est engagée (seuil d'alerte : ${p.alert_percent} %).`,
    );
  }
  return {
    envelopeCents: Number(p.envelope),
    engineeringCents: Number(p.engineering),
    issuedCents,
    inStockCents,
    distributedCents,
    owedCents,
    paidCents,
    returnedCents,
    remainingCents: passesEnvelope - committed,
    alertPercent: p.alert_percent,
    alerts,
    funders: funders.map((f, i) => ({
      funderId: f.id,
      funderName: f.name,
      shareBp: f.share_bp,
      basis: f.basis,
      ...(parts.funders[i] as FunderBudget),
      id: undefined,
    })),
    uncoveredCents: parts.uncoveredCents,
  };
}

/**
 * Warns the programme's operators, once per crossing, when the committed share of the passes'
 * envelope reaches the programme's threshold; re-arms when value came back below it. The
 * conditional update makes two processes crossing at once send one e-mail.
 */
export async function checkBudgetAlert(q: Queryable, programmeId: string): Promise<'alerted' | 'rearmed' | null> {
  const budget = await programmeBudget(q, programmeId);
  if (budget.alerts.length === 0) {
    const rearmed = await q.query(
      'UPDATE programmes SET budget_alerted_at = NULL WHERE id = $1 AND budget_alerted_at IS NOT NULL RETURNING id',
      [programmeId],
    );
    return rearmed.length > 0 ? 'rearmed' : null;
  }
  const rows = await q.query<{ name: string }>(
    'UPDATE programmes SET budget_alerted_at = now() WHERE id = $1 AND budget_alerted_at IS NULL RETURNING name',
    [programmeId],
  );
  const programme = rows[0];
  if (!programme) return null;
  await emailProgrammeOperators(q, programmeId, {
    subject: `Alerte budget — ${programme.name}`,
    body: [
      'Bonjour,',
      '',
      ...budget.alerts,
      `Reste disponible pour de nouveaux pass : ${euros(budget.remainingCents)}.`,
      '',
      'Le détail est dans Passnum, rubrique « Paiements », encadré « BudgetView ».',
    ].join('\n'),
  });
  await recordAudit(
    q,
    { actor: null, requestId: null },
    {
      programmeId,
      action: 'budget.alert',
      entityType: 'programme',
      entityId: programmeId,
      after: { alertPercent: budget.alertPercent, remainingCents: budget.remainingCents },
    },
  );
  return 'alerted';
}

/** The daily pass over every programme: alerts missed by no one, re-armed after returns. */
export async function checkAllBudgetAlerts(db: Db): Promise<{ alerted: number; rearmed: number }> {
  const programmes = await db.query<{ id: string }>('SELECT id FROM programmes ORDER BY id');
  const counts = { alerted: 0, rearmed: 0 };
  for (const p of programmes) {
    const outcome = await db.tx((q) => checkBudgetAlert(q, p.id));
    if (outcome) counts[outcome]++;
  }
  return counts;
}

/** The budget as the actor sees it: a funder, its own part only among the funders'. */
export async function budgetSeenBy(q: Queryable, actor: Actor, programmeId: string): Promise<BudgetView> {
  const budget = await programmeBudget(q, programmeId);
  return hasRole(actor, programmeId, ['admin', 'operator'])
    ? budget
    : { ...budget, funders: budget.funders.filter((f) => f.funderId === actor.organisationId) };
}

/** A funder sees its own part; the programme's operators see every funder's. */
export async function funderSharesSeenBy(q: Queryable, actor: Actor, programmeId: string): Promise<FunderShareView[]> {
  const rows = await funderShares(q, programmeId);
  return hasRole(actor, programmeId, ['admin', 'operator'])
    ? rows
    : rows.filter((r) => r.funderId === actor.organisationId);
}

/** The passes paid to venues by workshop theme and workshop (statements paid, lines kept). */
export async function paidByWorkshop(q: Queryable, programmeId: string): Promise<PaidByWorkshop[]> {
  return q.query<PaidByWorkshop>(
    `SELECT r.service_id AS theme, w.title AS "workshopTitle", count(*)::int AS passes,
            sum(l.amount_cents)::bigint AS "amountCents"
       FROM statement_lines l JOIN statements s ON s.id = l.statement_id
       JOIN redemptions r ON r.id = l.redemption_id LEFT JOIN workshops w ON w.id = r.workshop_id
      WHERE s.programme_id = $1 AND s.status = 'paid' AND l.status = 'included'
      GROUP BY r.service_id, w.title ORDER BY sum(l.amount_cents) DESC, theme, "workshopTitle"`,
    [programmeId],
  );
}

/**
 * What each funder pays of the money paid to venues, per month and venue: every paid statement
 * is split by the funders' shares with the largest-remainder rule, so the parts of a statement
 * add up to it exactly.
 */
export async function funderShares(q: Queryable, programmeId: string): Promise<FunderShareView[]> {
  const funders = await q.query<{ id: string; name: string; share_bp: number }>(
    `SELECT f.organisation_id AS id, o.name, f.share_bp FROM programme_funders f JOIN organisations o ON o.id = f.organisation_id
      WHERE f.programme_id = $1 ORDER BY f.share_bp DESC, o.name`,
    [programmeId],
  );
  if (funders.length === 0) return [];
  const statements = await q.query<{ month: string; venue_id: string; venue_name: string; amount: number }>(
    `SELECT to_char(s.paid_on, 'YYYY-MM') AS month, s.venue_organisation_id AS venue_id, o.name AS venue_name,
            s.amount_cents AS amount
       FROM statements s JOIN organisations o ON o.id = s.venue_organisation_id
      WHERE s.programme_id = $1 AND s.status = 'paid' ORDER BY month, o.name`,
    [programmeId],
  );
  const totals = new Map<string, FunderShareView>();
  for (const s of statements) {
    const parts = splitByShares(
      Number(s.amount),
      funders.map((f) => ({ id: f.id, shareBp: f.share_bp })),
    );
    for (const f of funders) {
      const key = `${f.id}|${s.month}|${s.venue_id}`;
      const row = totals.get(key) ?? {
        funderId: f.id,
        funderName: f.name,
        month: s.month,
        venueId: s.venue_id,
        venueName: s.venue_name,
        amountCents: 0,
      };
      row.amountCents += parts.get(f.id) ?? 0;
      totals.set(key, row);
    }
  }
  return [...totals.values()];
}
