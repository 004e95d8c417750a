import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BFC, LOZERE } from '../../../test/actors.js';
import { type TestApp, testApp } from '../../../test/helpers.js';
import { pdfText } from '../../../test/pdf-text.js';
import { call, codesOfCarnet, issueCarnets } from '../../../test/vouchers-helpers.js';
import { ACCOUNTS, balances } from '../ledger/ledger.service.js';
import type { BudgetView } from '../payments/payments.contract.js';
import type { Dashboard, UnusedCarnet, VenueActivity } from './impact.contract.js';

/**
 * The dashboard against the raw rows: a programme gets carnets handed to different people, used
 * in part, one redemption undone; each headline figure is then recomputed here from the passes,
 * carnets and the journal, independently of the dashboard's SQL.
 */
let t: TestApp;
beforeAll(async () => {
  t = await testApp();
  const serials = await issueCarnets(t, BFC.operator, BFC.id, 6);
  for (const serial of serials)
    await call(t, BFC.operator, 'POST', `/api/v1/carnets/${serial}/allocation`, { distributorId: BFC.distributorId });
  const people = [
    { birthYear: 2004, communeInsee: '21231', publicCategory: 'demandeur_emploi' },
    { birthYear: 2001, communeInsee: '21231', publicCategory: 'demandeur_emploi' },
    { birthYear: 2002, communeInsee: '25056', publicCategory: 'demandeur_emploi' },
    { birthYear: 2006, communeInsee: '39300', publicCategory: 'demandeur_emploi' },
    { birthYear: 2003, communeInsee: '21054', publicCategory: 'demandeur_emploi' },
  ];
  for (const [i, person] of people.entries()) {
    const res = await call(t, BFC.distributor, 'POST', `/api/v1/carnets/${serials[i]}/distribution`, {
      beneficiary: { ...person, birthMonth: 3, firstName: 'Impact', lastName: `Personne${i}` },
    });
    if (res.statusCode !== 201) throw new Error(res.body);
  }
  // Carnet 0 used in full, carnet 1 in part, carnet 2 used then undone, carnets 3 and 4 never.
  const redeem = (codes: string[]) =>
    call(t, BFC.venue, 'POST', '/api/v1/redemptions', { venueId: BFC.venueId, codes });
  const c0 = await codesOfCarnet(t.db, t.config.secret, serials[0] as string);
  const c1 = await codesOfCarnet(t.db, t.config.secret, serials[1] as string);
  const c2 = await codesOfCarnet(t.db, t.config.secret, serials[2] as string);
  await redeem(c0.slice(0, 3));
  await redeem(c0.slice(3));
  await redeem(c1.slice(0, 2));
  const undone = await redeem(c2.slice(0, 1));
  await call(t, BFC.venue, 'DELETE', `/api/v1/redemptions/${undone.json().redemptionId}`);
});
afterAll(async () => t?.close());

interface RawPass {
  state: string;
  value_cents: number;
  carnet: string;
  distributed_by: string;
  distributed_at: Date;
}

const raw = (distributorId?: string) =>
  t.db.query<RawPass>(
    `SELECT p.state, p.value_cents, c.id AS carnet, c.distributed_by, c.distributed_at
       FROM passes p JOIN carnets c ON c.id = p.carnet_id
      WHERE c.programme_id = $1 AND c.beneficiary_id IS NOT NULL AND ($2::uuid IS NULL OR c.distributed_by = $2)`,
    [BFC.id, distributorId ?? null],
  );

const isUsed = (p: RawPass) => p.state === 'redeemed' || p.state === 'reimbursed';
const parisMonth = (d: Date) =>
  new Intl.DateTimeFormat('fr-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit' }).format(d);

describe('the usage dashboard', () => {
  it('gives the funnel, usage rate and carnets exactly as the pass states say', async () => {
    const res = await call(t, BFC.operator, 'GET', `/api/v1/programmes/${BFC.id}/dashboard`);
    expect(res.statusCode).toBe(200);
    const d = res.json() as Dashboard;
    const rows = await raw();
    const used = rows.filter(isUsed);
    expect(d.funnel.distributed).toEqual({
      passes: rows.length,
      cents: rows.reduce((s, p) => s + p.value_cents, 0),
    });
    expect(d.funnel.used).toEqual({ passes: used.length, cents: used.reduce((s, p) => s + p.value_cents, 0) });
    expect(d.usageRate).toBeCloseTo(used.length / rows.length, 10);
    const carnets = new Set(rows.map((p) => p.carnet));
    const usedCarnets = new Set(used.map((p) => p.carnet));
    const finished = [...carnets].filter((c) => rows.filter((p) => p.carnet === c).every(isUsed));
    expect(d.carnets).toEqual({
      distributed: carnets.size,
      firstUse: usedCarnets.size,
      finished: finished.length,
      neverUsed: carnets.size - usedCarnets.size,
    });
    // The undone redemption gave its pass back: it counts as handed out, not used.
    expect(d.carnets.firstUse).toBeGreaterThanOrEqual(2);

    const cohorts = new Map<string, { distributed: number; used: number }>();
    for (const p of rows) {
      const c = cohorts.get(parisMonth(p.distributed_at)) ?? { distributed: 0, used: 0 };
      c.distributed++;
      if (isUsed(p)) c.used++;
      cohorts.set(parisMonth(p.distributed_at), c);
    }
    expect(d.cohorts.map((c) => [c.key, c.distributed, c.used])).toEqual(
      [...cohorts.entries()].sort().map(([k, c]) => [k, c.distributed, c.used]),
    );
    expect(d.medianDaysToFirstUse).not.toBeNull();
    // Every commune has its point on the map, and the map counts what the table counts.
    expect(d.communePoints.reduce((sum, p) => sum + p.distributed, 0)).toBe(rows.length);
    const dijon = d.communePoints.find((p) => p.code === '21231');
    expect(dijon?.latitude).toBeCloseTo(47.32, 1);
  });

  it('agrees with the journal: what is handed out and unused, what is owed or paid', async () => {
    const d = (await call(t, BFC.operator, 'GET', `/api/v1/programmes/${BFC.id}/dashboard`)).json() as Dashboard;
    const ledger = await balances(t.db, BFC.id);
    const f = d.funnel;
    expect(f.distributed.cents - f.used.cents - f.expired.cents - f.cancelled.cents).toBe(
      Number(ledger.get(ACCOUNTS.distributed) ?? 0),
    );
    const owedOrPaid = [...ledger.entries()]
      .filter(([account]) => account.startsWith(ACCOUNTS.owedPrefix) || account === ACCOUNTS.paid)
      .reduce((s, [, v]) => s + Number(v), 0);
    expect(f.used.cents).toBe(owedOrPaid);
    // What the used passes paid for adds up to the same.
    expect(d.byVenue.reduce((s, v) => s + v.cents, 0) + (d.otherVenues?.cents ?? 0)).toBe(f.used.cents);
    expect(d.byMonth.reduce((s, v) => s + v.passes, 0)).toBe(f.used.passes);
    // Issued and allocated (read from the pre-aggregate and the stock) are every pass of the programme,
    // and those whose carnet left the operator's stock.
    const [stock] = await t.db.query<{
      issued: number;
      issued_cents: number;
      allocated: number;
      allocated_cents: number;
    }>(
      `SELECT count(*)::int AS issued, sum(p.value_cents)::int AS issued_cents,
              count(*) FILTER (WHERE c.holder_organisation_id IS NOT NULL OR c.beneficiary_id IS NOT NULL)::int AS allocated,
              COALESCE(sum(p.value_cents) FILTER (WHERE c.holder_organisation_id IS NOT NULL OR c.beneficiary_id IS NOT NULL), 0)::int AS allocated_cents
         FROM passes p JOIN carnets c ON c.id = p.carnet_id WHERE p.programme_id = $1`,
      [BFC.id],
    );
    expect(f.issued).toEqual({ passes: stock?.issued, cents: stock?.issued_cents });
    expect(f.allocated).toEqual({ passes: stock?.allocated, cents: stock?.allocated_cents });
    // Some carnets are still in a distributor's stock: both halves of the count are exercised.
    expect(f.distributed.passes).toBeLessThan(f.allocated.passes);
  });

  it('shows a distributor the carnets it handed out only, and refuses a venue', async () => {
    const d = (await call(t, BFC.distributor, 'GET', `/api/v1/programmes/${BFC.id}/dashboard`)).json() as Dashboard;
    expect(d.scope).toBe('distributor');
    const rows = await raw(BFC.distributorId);
    expect(d.funnel.distributed.passes).toBe(rows.length);
    expect(d.byDistributor.map((r) => r.key)).toEqual([BFC.distributorId]);
    expect((await call(t, BFC.venue, 'GET', `/api/v1/programmes/${BFC.id}/dashboard`)).statusCode).toBe(403);
    expect((await call(t, LOZERE.funder, 'GET', `/api/v1/programmes/${BFC.id}/dashboard`)).statusCode).toBe(403);
    const funder = await call(t, BFC.funder, 'GET', `/api/v1/programmes/${BFC.id}/dashboard`);
    expect(funder.json().scope).toBe('programme');
  });

  it('filters by the period of hand-out, and refuses a malformed date in French', async () => {
    const empty = (
      await call(t, BFC.operator, 'GET', `/api/v1/programmes/${BFC.id}/dashboard?from=2001-01-01&to=2001-12-31`)
    ).json() as Dashboard;
    expect(empty.funnel.distributed.passes).toBe(0);
    expect(empty.usageRate).toBeNull();
    const bad = await call(t, BFC.operator, 'GET', `/api/v1/programmes/${BFC.id}/dashboard?from=demain`);
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('date au format AAAA-MM-JJ');
  });

  it('exports each table as CSV and all of them as a real XLSX, read back with the same figures', async () => {
    const d = (await call(t, BFC.operator, 'GET', `/api/v1/programmes/${BFC.id}/dashboard`)).json() as Dashboard;
    const csv = await call(t, BFC.operator, 'GET', `/api/v1/programmes/${BFC.id}/dashboard.csv?table=parcours`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\n');
    expect(lines[0]).toBe('Étape;Pass;Valeur (€)');
    expect(lines).toContain(`Remis;${d.funnel.distributed.passes};${d.funnel.distributed.cents / 100}`);
    const unknown = await call(t, BFC.operator, 'GET', `/api/v1/programmes/${BFC.id}/dashboard.csv?table=inconnu`);
    expect(unknown.statusCode).toBe(400);

    const xlsx = await call(t, BFC.funder, 'GET', `/api/v1/programmes/${BFC.id}/dashboard.xlsx`);
    expect(xlsx.statusCode).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const [funnel] = book.worksheets;
    const rows = (funnel?.getSheetValues() ?? []) as unknown[][];
    const used = rows.find((r) => r?.[1] === 'Utilisés');
    expect(used?.slice(2, 4)).toEqual([d.funnel.used.passes, d.funnel.used.cents / 100]);
    const cohorts = book.getWorksheet('Usage par mois de remise');
    const first = ((cohorts?.getSheetValues() ?? []) as unknown[][])[3];
    expect(first?.slice(1, 5)).toEqual([
      d.cohorts[0]?.key,
      d.cohorts[0]?.distributed,
      d.cohorts[0]?.used,
      d.cohorts[0]?.rate,
    ]);
    // Written row by row by the streaming writer, a rate still carries its percentage format.
    expect(cohorts?.getRow(3).getCell(4).numFmt).toBe('0.0%');
  });

  it('gives ANCT one row per programme with the same figures, persons counted once, and the documented columns', async () => {
    const csv = await call(t, BFC.operator, 'GET', '/api/v1/indicators/anct.csv');
    expect(csv.statusCode).toBe(200);
    const [header, ...rows] = csv.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\n')
      .map((l) => l.split(';'));
    const doc = await readFile(new URL('../../../docs/indicateurs-anct.md', import.meta.url), 'utf8');
    // Every column is described in the repository's documentation (a category by its own name).
    const documented = (c: string) =>
      doc.includes(`\`${c}\``) || (c.startsWith('personnes_') && doc.includes(`\`${c.slice('personnes_'.length)}\``));
    expect((header ?? []).filter((c) => !documented(c))).toEqual([]);
    // The BFC operator sees its programme only.
    expect(rows.map((r) => r[0])).toEqual(['BFC22']);
    const row = Object.fromEntries((header ?? []).map((h, i) => [h, rows[0]?.[i]]));
    const d = (await call(t, BFC.operator, 'GET', `/api/v1/programmes/${BFC.id}/dashboard`)).json() as Dashboard;
    expect(Number(row.pass_remis)).toBe(d.funnel.distributed.passes);
    expect(Number(row.pass_utilises)).toBe(d.funnel.used.passes);
    const persons = await t.db.query<{ n: number }>(
      'SELECT count(DISTINCT beneficiary_id)::int AS n FROM carnets WHERE programme_id = $1 AND beneficiary_id IS NOT NULL',
      [BFC.id],
    );
    expect(Number(row.personnes)).toBe(persons[0]?.n);
    expect(Number(row.personnes_demandeur_emploi) + Number(row.personnes_retraite ?? 0)).toBeLessThanOrEqual(
      Number(row.personnes),
    );
    const byAge = ['personnes_age_0-25', 'personnes_age_26-44', 'personnes_age_45-64', 'personnes_age_65_plus'];
    expect(byAge.reduce((s, k) => s + Number(row[k]), 0)).toBe(Number(row.personnes));
    expect((await call(t, BFC.venue, 'GET', '/api/v1/indicators/anct.csv')).statusCode).toBe(403);
  });

  it('splits the budget per funder as the passes say, the State paying 50 % of used passes only', async () => {
    const budget = (await call(t, BFC.operator, 'GET', `/api/v1/programmes/${BFC.id}/budget`)).json() as BudgetView;
    const [raw] = await t.db.query<{ committed: number; used: number }>(
      `SELECT sum(value_cents) FILTER (WHERE state NOT IN ('expired', 'cancelled'))::int AS committed,
              sum(value_cents) FILTER (WHERE state IN ('redeemed', 'reimbursed'))::int AS used
         FROM passes WHERE programme_id = $1`,
      [BFC.id],
    );
    const state = budget.funders.find((f) => f.basis === 'used');
    const region = budget.funders.find((f) => f.basis === 'issued');
    expect(raw?.used).toBeGreaterThan(0);
    expect(state?.committedCents).toBe((raw?.used ?? 0) / 2);
    expect(state?.redeemedCents).toBe((raw?.used ?? 0) / 2);
    expect(state?.returnedCents).toBe(0);
    expect((state?.committedCents ?? 0) + (region?.committedCents ?? 0)).toBe(raw?.committed);
    expect(budget.uncoveredCents).toBe(0);
    // A funder reads its own part only.
    const seen = (await call(t, BFC.funder, 'GET', `/api/v1/programmes/${BFC.id}/budget`)).json() as BudgetView;
    expect(seen.funders.map((f) => f.funderName)).toEqual([region?.funderName]);
    expect(seen.issuedCents).toBe(budget.issuedCents);
  });

  it("shows a venue its own activity as its live validations say, and no one else's", async () => {
    const res = await call(t, BFC.venue, 'GET', '/api/v1/me/activity');
    expect(res.statusCode).toBe(200);
    const a = res.json() as VenueActivity;
    const [raw] = await t.db.query<{ passes: number; cents: number; validations: number }>(
      `SELECT (SELECT count(*) FROM redemption_passes rp JOIN redemptions r ON r.id = rp.redemption_id
                WHERE r.venue_organisation_id = $1 AND rp.active)::int AS passes,
              (SELECT sum(amount_cents) FROM redemptions WHERE venue_organisation_id = $1 AND undone_at IS NULL)::int AS cents,
              (SELECT count(*) FROM redemptions WHERE venue_organisation_id = $1 AND undone_at IS NULL)::int AS validations`,
      [BFC.venueId],
    );
    expect(raw?.passes).toBeGreaterThan(0);
    expect({ passes: a.passes, cents: a.cents, validations: a.validations }).toEqual(raw);
    for (const rows of [a.byMonth, a.byTheme, a.byWorkshop, a.byProgramme]) {
      expect(rows.reduce((s, r) => s + r.passes, 0)).toBe(a.passes);
      expect(rows.reduce((s, r) => s + r.cents, 0)).toBe(a.cents);
    }
    expect(a.paidCents).toBeLessThanOrEqual(a.cents);
    expect((await call(t, BFC.distributor, 'GET', '/api/v1/me/activity')).statusCode).toBe(403);
    // Another venue sees nothing of this one.
    const other = (await call(t, LOZERE.venue, 'GET', '/api/v1/me/activity')).json() as VenueActivity;
    expect(other.byProgramme.map((p) => p.key)).not.toContain(BFC.id);
  });

  it('writes the funder report as a PDF whose text holds the dashboard’s figures and the method', async () => {
    const d = (await call(t, BFC.funder, 'GET', `/api/v1/programmes/${BFC.id}/dashboard`)).json() as Dashboard;
    const res = await call(t, BFC.funder, 'GET', `/api/v1/programmes/${BFC.id}/report.pdf`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('application/pdf');
    const text = (await pdfText(new Uint8Array(res.rawPayload))).replace(/\s+/g, ' ');
    // A long title wraps: its words are there, whatever the line break.
    expect(text.replace(/- /g, '-')).toContain("Rapport d'usage — Pass Numérique Bourgogne-Franche-Comté");
    const rate = `${((d.usageRate ?? 0) * 100).toLocaleString('fr-FR', { maximumFractionDigits: 1 })} %`.replace(
      /\s+/g,
      ' ',
    );
    expect(text).toContain(`Taux d'usage (pass utilisés ÷ pass remis) : ${rate}`);
    expect(text).toContain(`${d.funnel.distributed.passes.toLocaleString('fr-FR')} pass`);
    expect(text).toContain('Méthode');
    expect((await call(t, BFC.distributor, 'GET', `/api/v1/programmes/${BFC.id}/report.pdf`)).statusCode).toBe(403);
  });

  it("lists a distributor's carnets nobody used, with the contact of people who agreed to reminders only, and audits it", async () => {
    const [serial] = await issueCarnets(t, BFC.operator, BFC.id, 1);
    await call(t, BFC.operator, 'POST', `/api/v1/carnets/${serial}/allocation`, { distributorId: BFC.distributorId });
    await call(t, BFC.distributor, 'POST', `/api/v1/carnets/${serial}/distribution`, {
      beneficiary: {
        birthYear: 2005,
        birthMonth: 1,
        communeInsee: '21231',
        publicCategory: 'demandeur_emploi',
        firstName: 'Rappel',
        lastName: 'Accepté',
        consentReminders: true,
        email: 'rappel@example.org',
      },
    });
    const res = await call(t, BFC.distributor, 'GET', `/api/v1/programmes/${BFC.id}/unused-carnets`);
    expect(res.statusCode).toBe(200);
    const list = res.json() as UnusedCarnet[];
    const unused = await t.db.query<{ serial: string }>(
      `SELECT c.serial FROM carnets c WHERE c.programme_id = $1 AND c.distributed_by = $2
          AND NOT EXISTS (SELECT 1 FROM passes p WHERE p.carnet_id = c.id AND p.state <> 'distributed')`,
      [BFC.id, BFC.distributorId],
    );
    expect(list.map((c) => c.serial).sort()).toEqual(unused.map((c) => c.serial).sort());
    expect(list.find((c) => c.serial === serial)?.contact).toMatchObject({
      lastName: 'Accepté',
      email: 'rappel@example.org',
    });
    expect(list.filter((c) => c.serial !== serial).every((c) => c.contact === null)).toBe(true);
    const audit = await t.db.query(
      `SELECT 1 FROM audit_log WHERE action = 'carnets.unused-read' AND programme_id = $1`,
      [BFC.id],
    );
    expect(audit.length).toBeGreaterThanOrEqual(1);
    expect((await call(t, BFC.operator, 'GET', `/api/v1/programmes/${BFC.id}/unused-carnets`)).statusCode).toBe(403);
    expect((await call(t, LOZERE.distributor, 'GET', `/api/v1/programmes/${BFC.id}/unused-carnets`)).statusCode).toBe(
      403,
    );
  });
});
