import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import xmllint from 'xmllint-wasm';
import { BFC, LOZERE } from '../../../test/actors.js';
import { type TestApp, testApp } from '../../../test/helpers.js';
import { call, codesOfCarnet, issueCarnets, youngJobSeeker } from '../../../test/vouchers-helpers.js';
import { createJobRunner, createServer, scheduleDailyJobs } from '../../server.js';
import { DEMO_ORGANISATIONS, DEMO_PROGRAMMES } from '../demo/demo.data.js';
import { ledgerViolations } from '../ledger/ledger.service.js';
import { splitByShares } from './funder-shares.rules.js';

const XSD = readFileSync(new URL('../../../fixtures/sepa/pain.001.001.03.xsd', import.meta.url), 'utf8');
const IBAN_A = 'FR7630006000011234567890189';
const IBAN_B = 'FR1420041010050500013M02606';

const P = {
  bfc: {
    id: DEMO_PROGRAMMES.bfc,
    operator: BFC.operator,
    distributor: BFC.distributor,
    distributorId: DEMO_ORGANISATIONS.mlDijon.id,
    venue: BFC.venue,
    venueId: DEMO_ORGANISATIONS.epnDijon.id,
    person: (n: string) => youngJobSeeker(n),
  },
  lozere: {
    id: DEMO_PROGRAMMES.lozere,
    operator: LOZERE.operator,
    distributor: LOZERE.distributor,
    distributorId: DEMO_ORGANISATIONS.departementLozere.id,
    venue: LOZERE.venue,
    venueId: DEMO_ORGANISATIONS.fsMende.id,
    person: (n: string) => ({
      beneficiary: {
        birthYear: 1950,
        birthMonth: 2,
        communeInsee: '48095',
        publicCategory: 'retraite',
        firstName: 'R',
        lastName: n,
      },
    }),
  },
};
type Programme = (typeof P)[keyof typeof P];

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

/** A carnet handed out and `count` of its passes redeemed at the venue, one redemption per pass. */
async function redeemedPasses(p: Programme, name: string, count: number): Promise<string[]> {
  const [serial] = await issueCarnets(t, p.operator, p.id, 1);
  await call(t, p.operator, 'POST', `/api/v1/carnets/${serial}/allocation`, { distributorId: p.distributorId });
  const given = await call(t, p.distributor, 'POST', `/api/v1/carnets/${serial}/distribution`, p.person(name));
  expect(given.statusCode, given.body).toBe(201);
  const codes = await codesOfCarnet(t.db, t.config.secret, serial as string);
  for (const code of codes.slice(0, count)) {
    const res = await call(t, p.venue, 'POST', '/api/v1/redemptions', { venueId: p.venueId, codes: [code] });
    expect(res.statusCode, res.body).toBe(201);
  }
  return codes.slice(0, count).map((_, i) => `${serial}-${i + 1}`);
}

/** E-mails queued for a programme whose subject matches (SQL LIKE). */
async function emailsTo(programmeId: string, subject: string): Promise<number> {
  const rows = await t.db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM outbox_emails WHERE programme_id = $1 AND subject LIKE $2',
    [programmeId, subject],
  );
  return rows[0]?.n ?? 0;
}

async function operatorCount(programmeId: string): Promise<number> {
  const rows = await t.db.query(`SELECT 1 FROM user_roles WHERE programme_id = $1 AND role = 'operator'`, [
    programmeId,
  ]);
  return rows.length;
}

async function xsdErrors(xml: string): Promise<string[]> {
  const r = await xmllint.validateXML({
    xml: [{ fileName: 'batch.xml', contents: xml }],
    schema: [{ fileName: 'pain.001.001.03.xsd', contents: XSD }],
  });
  return r.errors.map((e) => e.message);
}

async function setUpPayments(p: Programme) {
  const settings = await call(t, p.operator, 'PUT', `/api/v1/programmes/${p.id}/payment-settings`, {
    statementPeriod: 'monthly',
    debtorName: 'Opérateur du programme',
    debtorIban: IBAN_A,
    debtorBic: 'AGRIFRPP882',
  });
  expect(settings.statusCode, settings.body).toBe(200);
  const bank = await call(t, p.venue, 'PUT', '/api/v1/me/bank-account', {
    holder: 'Lieu',
    iban: IBAN_A,
    bic: 'AGRIFRPP882',
  });
  expect(bank.json()).toMatchObject({ status: 'pending' });
  const confirmed = await call(
    t,
    p.operator,
    'POST',
    `/api/v1/programmes/${p.id}/venues/${p.venueId}/bank-account/confirmation`,
  );
  expect(confirmed.json()).toMatchObject({ status: 'confirmed' });
}

describe('paying venues', () => {
  it('runs a month for both programmes: statements, a rejected line, an IBAN change, a batch replayed after a restart, a valid SEPA file, a balanced journal', async () => {
    const day = new Date().toISOString().slice(0, 10);
    for (const p of Object.values(P)) await setUpPayments(p);
    const bfcSerials = await redeemedPasses(P.bfc, 'Mois', 4);
    await redeemedPasses(P.lozere, 'Mois', 2);

    // Statements of the current month, one per venue; drawing up again lists nothing twice.
    const drawn = await call(t, P.bfc.operator, 'POST', `/api/v1/programmes/${P.bfc.id}/statements/draw-up`, { day });
    expect(drawn.json()).toMatchObject({ statementsCreated: 1, linesAdded: 4 });
    const again = await call(t, P.bfc.operator, 'POST', `/api/v1/programmes/${P.bfc.id}/statements/draw-up`, { day });
    expect(again.json()).toMatchObject({ statementsCreated: 0, linesAdded: 0 });
    await call(t, P.lozere.operator, 'POST', `/api/v1/programmes/${P.lozere.id}/statements/draw-up`, { day });

    // The venue sees its statement and submits it; the operator validates with two rejected lines.
    const mine = (await call(t, P.bfc.venue, 'GET', '/api/v1/me/statements')).json();
    const statementId = mine.find((s: { programmeId: string }) => s.programmeId === P.bfc.id).id as string;
    expect(
      (await call(t, P.bfc.operator, 'POST', `/api/v1/statements/${statementId}/validation`, {})).json().error.code,
    ).toBe('STATEMENT_STATE');
    expect((await call(t, P.bfc.venue, 'POST', `/api/v1/statements/${statementId}/submission`)).json().status).toBe(
      'submitted',
    );
    const validated = await call(t, P.bfc.operator, 'POST', `/api/v1/statements/${statementId}/validation`, {
      rejections: [
        { serial: bfcSerials[2], reason: 'Atelier non réalisé', action: 'cancel' },
        { serial: bfcSerials[3], reason: 'Date à vérifier', action: 'return' },
      ],
    });
    expect(validated.statusCode, validated.body).toBe(200);
    expect(validated.json()).toMatchObject({ status: 'validated', amountCents: 2000 });
    // The returned pass waits for a later statement; the cancelled one is gone for good.
    const later = await call(t, P.bfc.operator, 'POST', `/api/v1/programmes/${P.bfc.id}/statements/draw-up`, {
      day: `${Number(day.slice(0, 4)) + 1}${day.slice(4)}`,
    });
    expect(later.json()).toMatchObject({ statementsCreated: 1, linesAdded: 1 });
    for (const p of Object.values(P)) {
      const list = (await call(t, p.operator, 'GET', `/api/v1/programmes/${p.id}/statements?status=draft`)).json();
      for (const s of list.filter((x: { periodStart: string }) => x.periodStart <= day)) {
        await call(t, p.venue, 'POST', `/api/v1/statements/${s.id}/submission`);
        await call(t, p.operator, 'POST', `/api/v1/statements/${s.id}/validation`, {});
      }
    }

    // The venue changes its IBAN: held, so the batch still pays the confirmed account, and the
    // programme's operators are told at once.
    await call(t, P.bfc.venue, 'PUT', '/api/v1/me/bank-account', { holder: 'Lieu', iban: IBAN_B, bic: 'PSSTFRPPMON' });
    expect(await emailsTo(P.bfc.id, 'Changement de coordonnées bancaires à confirmer%')).toBe(
      await operatorCount(P.bfc.id),
    );

    // Two clicks at once, then a retry on another server process after a crash: one batch.
    const url = `/api/v1/programmes/${P.bfc.id}/payment-batches`;
    const key = { 'idempotency-key': 'batch-2026-11-bfc' };
    const [first, second] = await Promise.all([
      call(t, P.bfc.operator, 'POST', url, { executionDate: day }, key),
      call(t, P.bfc.operator, 'POST', url, { executionDate: day }, key),
    ]);
    expect([first.statusCode, second.statusCode].sort()).toEqual([200, 201]);
    expect(first.json().id).toBe(second.json().id);
    const restarted = await createServer({
      config: t.config,
      db: t.db,
      jobs: createJobRunner({ config: t.config, db: t.db }),
    });
    try {
      const cookie = await t.cookieOf(P.bfc.operator);
      const replay = await restarted.app.inject({
        method: 'POST',
        url,
        headers: { cookie, ...key },
        payload: { executionDate: day },
      });
      expect(replay.json().id).toBe(first.json().id);
      const fromRestarted = await restarted.app.inject({
        url: `/api/v1/payment-batches/${first.json().id}/sepa.xml`,
        headers: { cookie },
      });
      const fromFirst = await call(t, P.bfc.operator, 'GET', `/api/v1/payment-batches/${first.json().id}/sepa.xml`);
      expect(fromRestarted.body).toBe(fromFirst.body);
      expect(await xsdErrors(fromFirst.body)).toEqual([]);
      expect(fromFirst.body).toContain(IBAN_A);
      expect(fromFirst.body).not.toContain(IBAN_B);
      expect(fromFirst.body).toContain('<CtrlSum>20.00</CtrlSum>');
    } finally {
      await restarted.app.close();
    }
    const other = await call(
      t,
      P.bfc.operator,
      'POST',
      url,
      { executionDate: day },
      { 'idempotency-key': 'another-click' },
    );
    expect(other.json().error.code).toBe('NOTHING_TO_PAY');
    const inBatches = await t.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM statements WHERE batch_id IS NOT NULL GROUP BY id HAVING count(DISTINCT batch_id) > 1',
    );
    expect(inBatches).toEqual([]);

    // Lozère: the bank rejects the transfer (bad IBAN); the statement comes back for a later batch.
    const loz = await call(
      t,
      P.lozere.operator,
      'POST',
      `/api/v1/programmes/${P.lozere.id}/payment-batches`,
      { executionDate: day },
      {
        'idempotency-key': 'batch-2026-11-loz',
      },
    );
    expect(loz.statusCode, loz.body).toBe(201);
    const lozStatement = (await call(t, P.lozere.venue, 'GET', '/api/v1/me/statements')).json()[0];
    const strayId = '00000000-0000-4000-8000-000000000001';
    const stray = await call(t, P.lozere.operator, 'POST', `/api/v1/payment-batches/${loz.json().id}/payment`, {
      paidOn: day,
      rejected: [
        { statementId: lozStatement.id, reason: 'Compte clos' },
        { statementId: strayId, reason: 'Inconnu' },
      ],
    });
    expect(stray.statusCode).toBe(422);
    expect(stray.json().error).toMatchObject({ code: 'STATEMENT_NOT_IN_BATCH', details: { statementIds: [strayId] } });
    expect((await call(t, P.lozere.venue, 'GET', `/api/v1/statements/${lozStatement.id}`)).json().batchId).toBe(
      loz.json().id,
    );
    const partly = await call(t, P.lozere.operator, 'POST', `/api/v1/payment-batches/${loz.json().id}/payment`, {
      paidOn: day,
      rejected: [{ statementId: lozStatement.id, reason: 'Compte clos (AC04)' }],
    });
    expect(partly.json()).toMatchObject({ status: 'paid', statements: 0 });
    const back = await call(t, P.lozere.venue, 'GET', `/api/v1/statements/${lozStatement.id}`);
    expect(back.json()).toMatchObject({ status: 'validated', batchId: null, bankRejection: 'Compte clos (AC04)' });
    // The venue is told, with the bank's reason.
    await t.jobs.drain();
    expect(
      t.mails.some(
        (m) => m.to === P.lozere.venue && m.subject.startsWith('Virement rejeté') && m.text.includes('AC04'),
      ),
    ).toBe(true);
    const retry = await call(
      t,
      P.lozere.operator,
      'POST',
      `/api/v1/programmes/${P.lozere.id}/payment-batches`,
      { executionDate: day },
      {
        'idempotency-key': 'batch-2026-11-loz-2',
      },
    );
    expect(retry.statusCode, retry.body).toBe(201);

    // The bank pays BFC's batch: the venue sees "payé", passes are reimbursed, the journal balances.
    const paid = await call(t, P.bfc.operator, 'POST', `/api/v1/payment-batches/${first.json().id}/payment`, {
      paidOn: day,
    });
    expect(paid.json()).toMatchObject({ status: 'paid', amountCents: 2000 });
    expect((await call(t, P.bfc.venue, 'GET', `/api/v1/statements/${statementId}`)).json()).toMatchObject({
      status: 'paid',
      paidOn: day,
    });
    expect(
      (
        await call(t, P.bfc.operator, 'POST', `/api/v1/payment-batches/${first.json().id}/payment`, { paidOn: day })
      ).json().error.code,
    ).toBe('BATCH_STATE');
    for (const p of Object.values(P)) expect(await ledgerViolations(t.db, p.id)).toEqual([]);

    // The budget reads the journal: 20 € paid, the cancelled pass returned; the funders split it.
    const budget = (await call(t, P.bfc.operator, 'GET', `/api/v1/programmes/${P.bfc.id}/budget`)).json();
    expect(budget).toMatchObject({ paidCents: 2000, returnedCents: 1000, owedCents: 1000 });
    expect(budget.remainingCents).toBe(
      budget.envelopeCents - budget.engineeringCents - budget.issuedCents + budget.returnedCents,
    );
    const shares = (await call(t, P.bfc.operator, 'GET', `/api/v1/programmes/${P.bfc.id}/funder-shares`)).json();
    expect(shares.map((s: { amountCents: number }) => s.amountCents).sort()).toEqual([1000, 1000]);
    const regionView = (await call(t, BFC.funder, 'GET', `/api/v1/programmes/${P.bfc.id}/funder-shares`)).json();
    expect(regionView).toEqual([
      expect.objectContaining({ funderId: DEMO_ORGANISATIONS.regionBfc.id, amountCents: 1000 }),
    ]);
  });

  it('keeps each role to its own statements and batches', async () => {
    const [statement] = await t.db.query<{ id: string }>('SELECT id FROM statements WHERE programme_id = $1 LIMIT 1', [
      P.bfc.id,
    ]);
    const foreignVenue = await call(t, P.lozere.venue, 'GET', `/api/v1/statements/${statement?.id}`);
    expect(foreignVenue.statusCode).toBe(403);
    const foreignOperator = await call(t, P.lozere.operator, 'GET', `/api/v1/statements/${statement?.id}`);
    expect(foreignOperator.statusCode).toBe(403);
    const noKey = await call(t, P.bfc.operator, 'POST', `/api/v1/programmes/${P.bfc.id}/payment-batches`, {
      executionDate: '2026-12-01',
    });
    expect(noKey.json().error.code).toBe('IDEMPOTENCY_KEY_REQUIRED');
    // A key that is there but too short is not "missing": the answer says what is wrong with it.
    const shortKey = await call(
      t,
      P.bfc.operator,
      'POST',
      `/api/v1/programmes/${P.bfc.id}/payment-batches`,
      { executionDate: '2026-12-01' },
      { 'idempotency-key': 'abc' },
    );
    expect(shortKey.statusCode).toBe(400);
    expect(shortKey.json().error).toMatchObject({ code: 'IDEMPOTENCY_KEY_INVALID' });
    expect(shortKey.json().error.message).toContain('de 8 à 100 caractères');
    expect(shortKey.json().error.message).not.toContain('obligatoire');
  });
});

describe('the budget alert', () => {
  it('warns the operators once when issuance crosses the threshold, and again after it is re-armed', async () => {
    const { lozere } = P;
    const settings = (budgetAlertPercent: number) =>
      call(t, lozere.operator, 'PUT', `/api/v1/programmes/${lozere.id}/payment-settings`, {
        statementPeriod: 'monthly',
        debtorName: 'Lozère Développement',
        debtorIban: IBAN_A,
        debtorBic: 'AGRIFRPP882',
        budgetAlertPercent,
      });
    const budget = async () => (await call(t, lozere.operator, 'GET', `/api/v1/programmes/${lozere.id}/budget`)).json();
    // One e-mail per operator of the programme and per crossing.
    const operators = await operatorCount(lozere.id);
    const alerts = async () => (await emailsTo(lozere.id, 'Alerte budget%')) / operators;

    expect((await settings(100)).json()).toMatchObject({ budgetAlertPercent: 100 });
    const before = await budget();
    expect(before.alerts).toEqual([]);
    const sent = await alerts();
    // The next whole percent above what is committed now, reached by issuing carnets.
    const envelope = before.envelopeCents - before.engineeringCents;
    const committed = before.issuedCents - before.returnedCents;
    const threshold = Math.floor((committed * 100) / envelope) + 1;
    await settings(threshold);
    expect(await alerts()).toBe(sent);
    const carnetCents = 5 * 1000;
    await issueCarnets(
      t,
      lozere.operator,
      lozere.id,
      Math.ceil(((envelope * threshold) / 100 - committed) / carnetCents),
    );
    const crossed = await budget();
    expect(crossed.alerts).toHaveLength(1);
    expect(crossed.alerts[0]).toContain(`seuil d'alerte : ${threshold} %`);
    expect(await alerts()).toBe(sent + 1);

    // Once per crossing: more issuance sends nothing more.
    await issueCarnets(t, lozere.operator, lozere.id, 1);
    expect(await alerts()).toBe(sent + 1);
    // A higher threshold re-arms it; back to a crossed one, the operators hear of it again.
    await settings(100);
    await settings(threshold);
    expect(await alerts()).toBe(sent + 2);
    const audit = await t.db.query(`SELECT 1 FROM audit_log WHERE programme_id = $1 AND action = 'budget.alert'`, [
      lozere.id,
    ]);
    expect(audit.length).toBeGreaterThanOrEqual(2);
  });
});

describe('funder shares', () => {
  it('splits to the cent with the largest remainder', () => {
    expect(
      splitByShares(1001, [
        { id: 'region', shareBp: 5000 },
        { id: 'etat', shareBp: 5000 },
      ]),
    ).toEqual(
      new Map([
        ['region', 501],
        ['etat', 500],
      ]),
    );
    expect(
      splitByShares(100, [
        { id: 'a', shareBp: 3333 },
        { id: 'b', shareBp: 3333 },
        { id: 'c', shareBp: 3334 },
      ]),
    ).toEqual(
      new Map([
        ['a', 33],
        ['b', 33],
        ['c', 34],
      ]),
    );
    for (let amount = 0; amount < 2000; amount += 7) {
      const parts = splitByShares(amount, [
        { id: 'a', shareBp: 1234 },
        { id: 'b', shareBp: 4321 },
        { id: 'c', shareBp: 4445 },
      ]);
      expect([...parts.values()].reduce((s, v) => s + v, 0)).toBe(amount);
    }
  });
});

describe('fraud signals', () => {
  it('flags a carnet spent at two venues on one day, a week above capacity, many bad codes, redemptions outside opening hours', async () => {
    const { bfc } = P;
    // Arranged: the Mission locale is also a qualified venue of the programme.
    await t.db.query(
      `INSERT INTO venue_qualifications (programme_id, organisation_id, status) VALUES ($1, $2, 'qualified') ON CONFLICT DO NOTHING`,
      [bfc.id, DEMO_ORGANISATIONS.mlDijon.id],
    );
    await t.db.query(
      `INSERT INTO user_roles (programme_id, user_id, role) SELECT $1, id, 'venue' FROM users WHERE email = $2 ON CONFLICT DO NOTHING`,
      [bfc.id, bfc.distributor],
    );
    const [serial] = await issueCarnets(t, bfc.operator, bfc.id, 1);
    await call(t, bfc.operator, 'POST', `/api/v1/carnets/${serial}/allocation`, { distributorId: bfc.distributorId });
    await call(t, bfc.distributor, 'POST', `/api/v1/carnets/${serial}/distribution`, bfc.person('Signal'));
    const codes = await codesOfCarnet(t.db, t.config.secret, serial as string);
    expect(
      (await call(t, bfc.venue, 'POST', '/api/v1/redemptions', { venueId: bfc.venueId, codes: [codes[0]] })).statusCode,
    ).toBe(201);
    const atMl = await call(t, bfc.distributor, 'POST', '/api/v1/redemptions', {
      venueId: bfc.distributorId,
      codes: [codes[1]],
    });
    expect(atMl.statusCode, atMl.body).toBe(201);
    await t.db.query('UPDATE venues SET weekly_capacity = 1 WHERE organisation_id = $1', [bfc.venueId]);
    for (let i = 0; i < 10; i++) {
      await call(t, bfc.venue, 'POST', '/api/v1/redemptions', { venueId: bfc.venueId, codes: [`ZZZZ-ZZZZ-ZZZ${i}`] });
    }
    const url = `/api/v1/programmes/${bfc.id}/fraud-signals`;
    const signals = (await call(t, bfc.operator, 'GET', url)).json() as {
      kind: string;
      venueId: string;
      detail: string;
    }[];
    const has = (kind: string, venueId: string) => signals.some((s) => s.kind === kind && s.venueId === venueId);
    expect(has('carnet_several_venues', bfc.venueId) && has('carnet_several_venues', bfc.distributorId)).toBe(true);
    expect(has('above_capacity', bfc.venueId)).toBe(true);
    expect(has('many_bad_codes', bfc.venueId)).toBe(true);

    // The EPN's redemptions moved to last Sunday night, when it is closed (Mo-Fr hours).
    await t.db.query(
      `UPDATE redemptions SET created_at = date_trunc('week', now()) - interval '1 day' + interval '2 hours'
        WHERE venue_organisation_id = $1`,
      [bfc.venueId],
    );
    const later = (await call(t, bfc.operator, 'GET', url)).json() as { kind: string; venueId: string }[];
    expect(later.some((s) => s.kind === 'outside_opening_hours' && s.venueId === bfc.venueId)).toBe(true);
    expect((await call(t, bfc.venue, 'GET', url)).statusCode).toBe(403);
  });
});

describe('the daily statements run', () => {
  it("draws up last month's statements once, however many times it runs", async () => {
    const { lozere } = P;
    await redeemedPasses(lozere, 'Quotidien', 1);
    // Arranged: that redemption happened last month.
    await t.db.query(
      `UPDATE redemptions SET created_at = date_trunc('month', now()) - interval '2 days'
        WHERE id = (SELECT id FROM redemptions WHERE programme_id = $1 ORDER BY created_at DESC LIMIT 1)`,
      [lozere.id],
    );
    const lastMonth = await t.db.query<{ start: string }>(
      `SELECT to_char(date_trunc('month', now() AT TIME ZONE 'Europe/Paris') - interval '1 month', 'YYYY-MM-DD') AS start`,
    );
    const count = async () =>
      (
        await t.db.query<{ n: number }>(
          'SELECT count(*)::int AS n FROM statements WHERE programme_id = $1 AND period_start = $2',
          [lozere.id, lastMonth[0]?.start],
        )
      )[0]?.n;
    for (const run of [1, 2]) {
      await t.db.query(`DELETE FROM jobs WHERE kind = 'draw-up-statements'`);
      await scheduleDailyJobs(t.db);
      await t.jobs.drain();
      expect(await count(), `run ${run}`).toBe(1);
    }
  });
});
