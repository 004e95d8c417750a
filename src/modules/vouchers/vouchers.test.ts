import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BFC, LOZERE } from '../../../test/actors.js';
import { newProgramme, type TestApp, testApp } from '../../../test/helpers.js';
import { call, codesOfCarnet, issueCarnets, youngJobSeeker } from '../../../test/vouchers-helpers.js';
import { DEMO_ORGANISATIONS, DEMO_PROGRAMMES } from '../demo/demo.data.js';
import { ledgerViolations } from '../ledger/ledger.service.js';
import { lapseOrientations } from './orientation.service.js';

const OPERATOR = BFC.operator;
const DISTRIBUTOR = BFC.distributor;
const VENUE = BFC.venue;
const BFC_ID = BFC.id;
const ML_DIJON = DEMO_ORGANISATIONS.mlDijon.id;
const EPN = DEMO_ORGANISATIONS.epnDijon.id;

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

/** A carnet handed to a fresh eligible person; returns its serial and codes. */
async function distributedCarnet(lastName: string): Promise<{ serial: string; codes: string[] }> {
  const [serial] = await issueCarnets(t, OPERATOR, BFC_ID, 1);
  if (!serial) throw new Error('no carnet');
  await call(t, OPERATOR, 'POST', `/api/v1/carnets/${serial}/allocation`, { distributorId: ML_DIJON });
  const res = await call(t, DISTRIBUTOR, 'POST', `/api/v1/carnets/${serial}/distribution`, youngJobSeeker(lastName));
  expect(res.statusCode).toBe(201);
  return { serial, codes: await codesOfCarnet(t.db, t.config.secret, serial) };
}

const redeem = (codes: string[], key?: string) =>
  call(t, VENUE, 'POST', '/api/v1/redemptions', { venueId: EPN, codes }, key ? { 'idempotency-key': key } : {});

describe('orders and issuance', () => {
  it('queues an order, issues it in the background with progress, and lists the carnet serials', async () => {
    const res = await call(t, OPERATOR, 'POST', `/api/v1/programmes/${BFC_ID}/orders`, { carnets: 4 });
    expect(res.statusCode).toBe(202);
    const url = `/api/v1/orders/${res.json().orderId}`;
    expect((await call(t, OPERATOR, 'GET', url)).json()).toMatchObject({ status: 'queued', progress: 0 });
    await t.jobs.drain();
    const done = (await call(t, OPERATOR, 'GET', url)).json();
    expect(done).toMatchObject({ status: 'done', progress: 1, carnets: 4 });
    expect(done.carnetSerials).toHaveLength(4);
    expect(done.carnetSerials[0]).toMatch(/^BFC22-\d{6}$/);
    const passes = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM passes p JOIN carnets c ON c.id = p.carnet_id WHERE c.order_id = $1 AND p.state = 'issued'`,
      [done.orderId],
    );
    expect(passes[0]?.n).toBe(20);
  });

  it('refuses an order the envelope cannot cover, saying what is left', async () => {
    // A programme of its own: 11,000 € of which 1,000 € engineering, so 10,000 € of passes = 200 carnets of 50 €.
    const body = newProgramme('ENV26');
    const created = await call(t, BFC.operator, 'POST', '/api/v1/programmes', body);
    expect(created.statusCode, created.body).toBe(201);
    const carnetCents = 5 * 1000;
    const available = body.envelopeCents - body.engineeringCents;
    const res = await call(t, BFC.operator, 'POST', `/api/v1/programmes/${created.json().id}/orders`, {
      carnets: available / carnetCents + 1,
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().error).toMatchObject({
      code: 'ENVELOPE_EXCEEDED',
      details: { requestedCents: available + carnetCents, availableCents: available },
    });
  });
});

describe('stock and distribution', () => {
  it('allocates carnets to a distributor, who sees its stock, and takes one back', async () => {
    const serials = await issueCarnets(t, OPERATOR, BFC_ID, 3);
    const res = await call(t, OPERATOR, 'POST', `/api/v1/programmes/${BFC_ID}/allocations`, {
      distributorId: ML_DIJON,
      fromSerial: serials[0],
      toSerial: serials[2],
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().serials).toEqual(serials);
    const stock = (await call(t, DISTRIBUTOR, 'GET', `/api/v1/programmes/${BFC_ID}/stock`)).json();
    expect(stock).toHaveLength(1);
    expect(stock[0]).toMatchObject({ organisationId: ML_DIJON });
    const back = await call(t, OPERATOR, 'DELETE', `/api/v1/carnets/${serials[2]}/allocation`);
    expect(back.statusCode).toBe(200);
    expect(await ledgerViolations(t.db, BFC_ID)).toEqual([]);
  });

  it('says how many carnets the stock holds when asked for more', async () => {
    const [stock] = (await call(t, OPERATOR, 'GET', `/api/v1/programmes/${BFC_ID}/stock`)).json() as {
      organisationId: string | null;
      carnets: number;
    }[];
    const inStock = stock?.organisationId === null ? stock.carnets : 0;
    const res = await call(t, OPERATOR, 'POST', `/api/v1/programmes/${BFC_ID}/allocations`, {
      distributorId: ML_DIJON,
      count: inStock + 1,
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({
      code: 'CARNET_NOT_AVAILABLE',
      details: { requested: inStock + 1, available: inStock },
      message: `Le stock ne compte que ${inStock} carnet(s) disponible(s) : vous en demandez ${inStock + 1}.`,
    });
  });

  it('refuses allocation to an organisation that does not distribute in the programme', async () => {
    const [serial] = await issueCarnets(t, OPERATOR, BFC_ID, 1);
    const res = await call(t, OPERATOR, 'POST', `/api/v1/carnets/${serial}/allocation`, { distributorId: EPN });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('NOT_A_DISTRIBUTOR');
  });

  it('hands a carnet to an eligible person, storing no name without consent', async () => {
    const { serial } = await distributedCarnet('Martin');
    const stored = await t.db.query<{ first_name: string | null; birth_year: number }>(
      'SELECT b.first_name, b.birth_year FROM beneficiaries b JOIN carnets c ON c.beneficiary_id = b.id WHERE c.serial = $1',
      [serial],
    );
    expect(stored).toEqual([{ first_name: null, birth_year: 2004 }]);
  });

  it('refuses an ineligible person and says which rule failed', async () => {
    const [serial] = await issueCarnets(t, OPERATOR, BFC_ID, 1);
    await call(t, OPERATOR, 'POST', `/api/v1/carnets/${serial}/allocation`, { distributorId: ML_DIJON });
    const body = youngJobSeeker('Durand');
    body.beneficiary.birthYear = 1980;
    const res = await call(t, DISTRIBUTOR, 'POST', `/api/v1/carnets/${serial}/distribution`, body);
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('NOT_ELIGIBLE');
    expect(res.json().error.message).toMatch(/âge 4\d ans : hors 16-25 ans/);
  });

  it('refuses a second carnet to the same person, however the name is typed', async () => {
    await distributedCarnet('Lefèvre');
    const [serial] = await issueCarnets(t, OPERATOR, BFC_ID, 1);
    await call(t, OPERATOR, 'POST', `/api/v1/carnets/${serial}/allocation`, { distributorId: ML_DIJON });
    const res = await call(
      t,
      DISTRIBUTOR,
      'POST',
      `/api/v1/carnets/${serial}/distribution`,
      youngJobSeeker('LEFEVRE '),
    );
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('CARNET_LIMIT_REACHED');
  });

  it("refuses a distributor a carnet of another distributor's stock", async () => {
    const [serial] = await issueCarnets(t, OPERATOR, BFC_ID, 1);
    const res = await call(t, DISTRIBUTOR, 'POST', `/api/v1/carnets/${serial}/distribution`, youngJobSeeker('Petit'));
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('CARNET_NOT_AVAILABLE');
  });

  it('in restricted mode, tells a referrer to orient the person to a designated prescriber', async () => {
    const [serial] = await issueCarnets(t, LOZERE.operator, DEMO_PROGRAMMES.lozere, 1);
    const res = await call(
      t,
      LOZERE.referrer,
      'POST',
      `/api/v1/carnets/${serial}/distribution`,
      youngJobSeeker('Roux'),
    );
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('NOT_DESIGNATED_PRESCRIBER');
  });
});

describe('redemption', () => {
  it('redeems passes all together, answers a retry with the same key identically, and refuses a second spend', async () => {
    const { codes } = await distributedCarnet('Bernard');
    const first = await redeem(codes.slice(0, 2), 'key-bernard-1');
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ amountCents: 2000 });
    expect(first.json().passes).toHaveLength(2);
    const retry = await redeem(codes.slice(0, 2), 'key-bernard-1');
    expect(retry.statusCode).toBe(201);
    expect(retry.json()).toEqual(first.json());
    const again = await redeem(codes.slice(0, 2), 'key-bernard-2');
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('PASS_ALREADY_REDEEMED');
    expect(again.json().error.details).toHaveLength(2);
    const reused = await redeem(codes.slice(2, 3), 'key-bernard-1');
    expect(reused.json().error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await ledgerViolations(t.db, BFC_ID)).toEqual([]);
  });

  it('refuses the whole set when one code fails, naming it, and spends none', async () => {
    const { codes } = await distributedCarnet('Thomas');
    const typo = `${(codes[4] as string).slice(0, -1)}${(codes[4] as string).endsWith('0') ? '1' : '0'}`;
    const res = await redeem([codes[3] as string, typo]);
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({
      code: 'PASS_CHECK_SYMBOL',
      details: [{ code: typo, error: 'PASS_CHECK_SYMBOL' }],
    });
    const unknown = await redeem([codes[3] as string, '0000-0000-0000-0']);
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.details).toEqual([
      { code: '0000-0000-0000-0', error: 'PASS_UNKNOWN', message: 'Ce code ne correspond à aucun pass.' },
    ]);
    expect((await redeem([codes[3] as string])).statusCode).toBe(201);
  });

  it('refuses passes not yet handed out and venues not qualified for the programme', async () => {
    const [serial] = await issueCarnets(t, OPERATOR, BFC_ID, 1);
    const codes = await codesOfCarnet(t.db, t.config.secret, serial as string);
    expect((await redeem(codes.slice(0, 1))).json().error.code).toBe('PASS_NOT_DISTRIBUTED');
    const { codes: live } = await distributedCarnet('Moreau');
    const mende = await call(t, LOZERE.venue, 'POST', '/api/v1/redemptions', {
      venueId: DEMO_ORGANISATIONS.fsMende.id,
      codes: live.slice(0, 1),
    });
    expect(mende.json().error.code).toBe('VENUE_NOT_QUALIFIED');
  });

  it('lets the venue undo its own redemption, after which the passes can be spent again', async () => {
    const { codes } = await distributedCarnet('Laurent');
    const res = await redeem(codes.slice(0, 3));
    const undo = await call(t, VENUE, 'DELETE', `/api/v1/redemptions/${res.json().redemptionId}`);
    expect(undo.statusCode).toBe(204);
    const twice = await call(t, VENUE, 'DELETE', `/api/v1/redemptions/${res.json().redemptionId}`);
    expect(twice.statusCode).toBe(404);
    expect((await redeem(codes.slice(0, 3))).statusCode).toBe(201);
    expect(await ledgerViolations(t.db, BFC_ID)).toEqual([]);
  });

  it('shows a limited public view of a pass, and more to the venue that redeemed it', async () => {
    const { codes } = await distributedCarnet('Garcia');
    await redeem(codes.slice(0, 1));
    const publicView = (await t.app.inject({ url: `/api/v1/passes/${codes[0]}` })).json();
    expect(publicView).toEqual({
      programme: 'Pass Numérique Bourgogne-Franche-Comté',
      programmeId: DEMO_PROGRAMMES.bfc,
      state: 'redeemed',
      faceValueCents: 1000,
      expiresOn: expect.any(String),
      passesLeftInCarnet: 4,
      // Used: its holder may now give an opinion on the workshop.
      evaluable: true,
      evaluated: false,
    });
    const venueView = (await call(t, VENUE, 'GET', `/api/v1/passes/${codes[0]}`)).json();
    expect(venueView.serial).toMatch(/^BFC22-\d{6}-[1-5]$/);
  });
});

describe('concurrency', () => {
  it('lets exactly one of 50 concurrent redemptions of the same code succeed', async () => {
    const { codes } = await distributedCarnet('Concurrent');
    const results = await Promise.all(Array.from({ length: 50 }, () => redeem(codes.slice(0, 1))));
    const statuses = results.map((r) => r.statusCode);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(49);
  });

  it('spends each pass once across 50 concurrent overlapping multi-pass redemptions', async () => {
    const carnets = await Promise.all(
      ['A', 'B'].map(async (n) => (await distributedCarnet(`Chevauchement${n}`)).codes),
    );
    const pool = carnets.flat();
    const sets = Array.from(
      { length: 50 },
      (_, i) => [pool[i % 10], pool[(i + 3) % 10], pool[(i + 7) % 10]] as string[],
    );
    const results = await Promise.all(sets.map((set) => redeem(set)));
    const won = results.filter((r) => r.statusCode === 201).flatMap((r) => r.json().passes as string[]);
    expect(new Set(won).size).toBe(won.length);
    const live = await t.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM redemption_passes GROUP BY pass_id HAVING count(*) FILTER (WHERE active) > 1',
    );
    expect(live).toEqual([]);
    expect(await ledgerViolations(t.db, BFC_ID)).toEqual([]);
  });
});

describe('simultaneous redemptions', () => {
  it('decides each on its own, whether they share a statement or not: successes, refusals and a replayed key', async () => {
    const [a, b] = await Promise.all(['SimultanéA', 'SimultanéB'].map(async (n) => (await distributedCarnet(n)).codes));
    const [a0, a1, a2, a3] = a as string[];
    const [b0, b1, b2] = b as string[];
    expect((await redeem([b0 as string])).statusCode).toBe(201);
    const results = await Promise.all([
      redeem([a0 as string], 'simultaneous-key-1'),
      redeem([a0 as string], 'simultaneous-key-1'),
      redeem([a1 as string, a2 as string]),
      redeem([a3 as string, '0000-0000-0000-0']),
      redeem([b0 as string]),
      redeem([b1 as string]),
      redeem([b2 as string]),
      redeem([a3 as string]),
    ]);
    // They reach the database in no set order: the set with an unknown code fails either way,
    // naming that code (and a3 as spent if its lone redemption went first); a3 alone always succeeds.
    const statuses = results.map((r) => r.statusCode);
    expect([...statuses.slice(0, 3), ...statuses.slice(4)]).toEqual([201, 201, 201, 409, 201, 201, 201]);
    expect([404, 409]).toContain(statuses[3]);
    const [first, replay, pair, unknown] = results.map((r) => r.json());
    expect(replay.redemptionId).toBe(first.redemptionId);
    expect(pair.passes).toHaveLength(2);
    expect(unknown.error.details).toContainEqual(expect.objectContaining({ error: 'PASS_UNKNOWN' }));
    const spent = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM redemption_passes WHERE active AND redemption_id IN (SELECT unnest($1::uuid[]))`,
      [results.filter((r) => r.statusCode === 201).map((r) => r.json().redemptionId)],
    );
    expect(spent[0]?.n).toBe(6);
    expect(await ledgerViolations(t.db, BFC_ID)).toEqual([]);
  });
});

describe('lost, stolen and expired passes', () => {
  it('cancels a lost carnet with a reason, refuses its codes, and replaces it for the same person', async () => {
    const { serial, codes } = await distributedCarnet('Perdu');
    await redeem(codes.slice(0, 2));
    const cancel = await call(t, DISTRIBUTOR, 'POST', `/api/v1/carnets/${serial}/cancellation`, {
      reason: 'Carnet perdu',
    });
    expect(cancel.statusCode).toBe(200);
    expect(cancel.json().cancelled).toEqual([3, 4, 5].map((n) => `${serial}-${n}`));
    expect((await redeem(codes.slice(2, 3))).json().error.code).toBe('PASS_CANCELLED');

    const [fresh] = await issueCarnets(t, OPERATOR, BFC_ID, 1);
    await call(t, OPERATOR, 'POST', `/api/v1/carnets/${fresh}/allocation`, { distributorId: ML_DIJON });
    const replaced = await call(t, DISTRIBUTOR, 'POST', `/api/v1/carnets/${serial}/replacement`, {
      replacementSerial: fresh,
    });
    expect(replaced.statusCode).toBe(201);
    expect(replaced.json().passes).toEqual([1, 2, 3].map((n) => `${fresh}-${n}`));
    const freshCodes = await codesOfCarnet(t.db, t.config.secret, fresh as string);
    expect((await redeem(freshCodes.slice(0, 3))).statusCode).toBe(201);
    expect((await redeem(freshCodes.slice(3, 4))).json().error.code).toBe('PASS_CANCELLED');
    const again = await call(t, DISTRIBUTOR, 'POST', `/api/v1/carnets/${serial}/replacement`, {
      replacementSerial: fresh,
    });
    expect(again.statusCode).toBe(409);
    // The database holds the rule too: no second carnet may name the lost one as replaced.
    const [other] = await issueCarnets(t, OPERATOR, BFC_ID, 1);
    await expect(
      t.db.query(
        `UPDATE carnets SET replaces_carnet_id = (SELECT id FROM carnets WHERE serial = $1) WHERE serial = $2`,
        [serial, other],
      ),
    ).rejects.toThrow(/carnets_replaced_once/);
    expect(await ledgerViolations(t.db, BFC_ID)).toEqual([]);
  });

  it('expires passes past validity, gives their value back to the programme, and refuses them', async () => {
    const { serial, codes } = await distributedCarnet('Expire');
    await t.db.query(
      `UPDATE passes SET expires_on = current_date - 1 WHERE carnet_id = (SELECT id FROM carnets WHERE serial = $1)`,
      [serial],
    );
    expect((await redeem(codes.slice(0, 1))).json().error.code).toBe('PASS_EXPIRED');
    const before = await t.db.query<{ v: number }>(
      `SELECT COALESCE(sum(amount_cents), 0)::bigint AS v FROM ledger_entries WHERE programme_id = $1 AND event = 'expiry'`,
      [BFC_ID],
    );
    const { expirePasses } = await import('./lifecycle.service.js');
    expect(await expirePasses(t.db)).toBeGreaterThanOrEqual(5);
    const after = await t.db.query<{ v: number }>(
      `SELECT COALESCE(sum(amount_cents), 0)::bigint AS v FROM ledger_entries WHERE programme_id = $1 AND event = 'expiry'`,
      [BFC_ID],
    );
    expect((after[0]?.v ?? 0) - (before[0]?.v ?? 0)).toBeGreaterThanOrEqual(5000);
    const states = await t.db.query<{ state: string }>(
      `SELECT DISTINCT p.state FROM passes p JOIN carnets c ON c.id = p.carnet_id WHERE c.serial = $1`,
      [serial],
    );
    expect(states).toEqual([{ state: 'expired' }]);
    expect(await expirePasses(t.db)).toBe(0);
    expect(await ledgerViolations(t.db, BFC_ID)).toEqual([]);
  });
});

describe('print files', () => {
  it('gives operators a CSV line per pass and a PDF page per carnet, each download audited', async () => {
    const res = await call(t, OPERATOR, 'POST', `/api/v1/programmes/${BFC_ID}/orders`, { carnets: 3 });
    const orderId = res.json().orderId;
    const early = await call(t, OPERATOR, 'GET', `/api/v1/orders/${orderId}/print.csv`);
    expect(early.statusCode).toBe(409);
    await t.jobs.drain();
    const csv = await call(t, OPERATOR, 'GET', `/api/v1/orders/${orderId}/print.csv`);
    expect(csv.statusCode).toBe(200);
    const lines = csv.body.trim().split('\n');
    expect(lines[0]).toBe('carnet,pass,numero_pass,code,url_qr');
    expect(lines).toHaveLength(1 + 15);
    const [serial, , passSerial, code, url] = (lines[1] as string).split(',');
    expect(passSerial).toBe(`${serial}-1`);
    expect(url).toBe(`http://localhost:3000/p/${(code as string).replace(/-/g, '')}`);
    expect(await codesOfCarnet(t.db, t.config.secret, serial as string)).toContain(code);

    const pdf = await call(t, OPERATOR, 'GET', `/api/v1/orders/${orderId}/print.pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.rawPayload.toString('latin1').match(/\/Type \/Page\b/g)).toHaveLength(3);
    // The default territoire theme prints in Helvetica, not in the State's Marianne (pdf-fonts.test.ts).
    expect(pdf.rawPayload.toString('latin1')).toMatch(/\/BaseFont \/Helvetica/);
    expect(pdf.rawPayload.toString('latin1')).not.toMatch(/Marianne/);

    const audit = await t.db.query<{ after: { format: string } }>(
      `SELECT after FROM audit_log WHERE action = 'order.print_download' AND entity_id = $1 ORDER BY id`,
      [orderId],
    );
    expect(audit.map((a) => a.after.format)).toEqual(['csv', 'pdf']);
    expect((await call(t, DISTRIBUTOR, 'GET', `/api/v1/orders/${orderId}/print.csv`)).statusCode).toBe(403);
  });
});

describe('restricted prescription', () => {
  const senior = {
    birthYear: 1955,
    birthMonth: 3,
    communeInsee: '48095',
    publicCategory: 'retraite',
    firstName: 'Jeanne',
    lastName: 'Orientée',
  };

  it('lets a referrer orient an eligible person to the designated prescribers, then links the carnet handed to them', async () => {
    const res = await call(t, LOZERE.referrer, 'POST', `/api/v1/programmes/${LOZERE.id}/orientations`, {
      beneficiary: senior,
      consent: true,
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().prescribers).toEqual([
      { id: DEMO_ORGANISATIONS.departementLozere.id, name: 'Département de la Lozère' },
    ]);
    // The designated prescriber finds it waiting, with what the referrer typed.
    const pending = await call(
      t,
      LOZERE.distributor,
      'GET',
      `/api/v1/programmes/${LOZERE.id}/orientations?status=pending`,
    );
    const mine = pending.json().find((o: { id: string }) => o.id === res.json().orientationId);
    expect(mine).toMatchObject({
      status: 'pending',
      referrerName: expect.any(String),
      person: { lastName: 'Orientée' },
    });
    const [serial] = await issueCarnets(t, LOZERE.operator, LOZERE.id, 1);
    await call(t, LOZERE.operator, 'POST', `/api/v1/carnets/${serial}/allocation`, {
      distributorId: DEMO_ORGANISATIONS.departementLozere.id,
    });
    const handed = await call(t, LOZERE.distributor, 'POST', `/api/v1/carnets/${serial}/distribution`, {
      beneficiary: senior,
    });
    expect(handed.statusCode).toBe(201);
    const linked = await t.db.query<{ serial: string }>(
      'SELECT c.serial FROM orientations o JOIN carnets c ON c.id = o.carnet_id WHERE o.id = $1',
      [res.json().orientationId],
    );
    expect(linked).toEqual([{ serial }]);
    // The referrer sees what became of it; the data it carried are gone.
    const followed = await call(t, LOZERE.referrer, 'GET', `/api/v1/programmes/${LOZERE.id}/orientations`);
    expect(followed.json().find((o: { id: string }) => o.id === res.json().orientationId)).toMatchObject({
      status: 'handed',
      carnetSerial: serial,
      person: null,
    });
  });

  it('lets the prescriber close an orientation with a reason the referrer sees; only its own are shown to a referrer', async () => {
    const res = await call(t, LOZERE.referrer, 'POST', `/api/v1/programmes/${LOZERE.id}/orientations`, {
      beneficiary: { ...senior, lastName: 'Injoignable' },
      consent: true,
    });
    const id = res.json().orientationId;
    const url = `/api/v1/orientations/${id}/closure`;
    expect((await call(t, LOZERE.referrer, 'POST', url, { reason: 'Pas de nouvelles' })).statusCode).toBe(403);
    expect(
      (await call(t, LOZERE.distributor, 'POST', url, { reason: 'Injoignable après trois appels' })).statusCode,
    ).toBe(204);
    const again = await call(t, LOZERE.distributor, 'POST', url, { reason: 'Encore' });
    expect(again.json().error.code).toBe('ORIENTATION_NOT_PENDING');
    const seen = (await call(t, LOZERE.referrer, 'GET', `/api/v1/programmes/${LOZERE.id}/orientations`)).json();
    expect(seen.find((o: { id: string }) => o.id === id)).toMatchObject({
      status: 'closed',
      closedReason: 'Injoignable après trois appels',
      person: null,
    });
    const stored = await t.db.query<{ person: unknown }>('SELECT person FROM orientations WHERE id = $1', [id]);
    expect(stored).toEqual([{ person: null }]);
  });

  it('sends nothing without the person’s consent, and lets orientations without an outcome lapse', async () => {
    const refused = await call(t, LOZERE.referrer, 'POST', `/api/v1/programmes/${LOZERE.id}/orientations`, {
      beneficiary: { ...senior, lastName: 'Sansaccord' },
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain("L'accord de la personne est nécessaire");
    expect(await t.db.query(`SELECT 1 FROM orientations WHERE person->>'lastName' = 'Sansaccord'`)).toEqual([]);

    const old = await call(t, LOZERE.referrer, 'POST', `/api/v1/programmes/${LOZERE.id}/orientations`, {
      beneficiary: { ...senior, lastName: 'Ancienne' },
      consent: true,
    });
    await t.db.query(`UPDATE orientations SET created_at = now() - interval '91 days' WHERE id = $1`, [
      old.json().orientationId,
    ]);
    expect(await lapseOrientations(t.db)).toBeGreaterThanOrEqual(1);
    const lapsed = await t.db.query<{ person: unknown; closed_reason: string }>(
      'SELECT person, closed_reason FROM orientations WHERE id = $1',
      [old.json().orientationId],
    );
    expect(lapsed).toEqual([{ person: null, closed_reason: 'lapsed' }]);
  });

  it('refuses to orient an ineligible person, saying why', async () => {
    const res = await call(t, LOZERE.referrer, 'POST', `/api/v1/programmes/${LOZERE.id}/orientations`, {
      beneficiary: { ...senior, birthYear: 1990, publicCategory: 'salarie' },
      consent: true,
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('NOT_ELIGIBLE');
  });
});

describe('dematerialised carnets', () => {
  it('sends the passes by e-mail as links and QR codes, then forgets the address', async () => {
    const [serial] = await issueCarnets(t, OPERATOR, BFC_ID, 1);
    await call(t, OPERATOR, 'POST', `/api/v1/carnets/${serial}/allocation`, { distributorId: ML_DIJON });
    const res = await call(t, DISTRIBUTOR, 'POST', `/api/v1/carnets/${serial}/distribution`, {
      ...youngJobSeeker('Numérique'),
      delivery: { mode: 'email', email: 'camille@example.org' },
    });
    expect(res.statusCode).toBe(201);
    const before = t.mails.length;
    await t.jobs.drain();
    const mail = t.mails[before];
    expect(mail?.to).toBe('camille@example.org');
    expect(mail?.subject).toBe('Votre carnet de Pass numériques — Pass Numérique Bourgogne-Franche-Comté');
    const codes = await codesOfCarnet(t.db, t.config.secret, serial as string);
    for (const code of codes)
      expect(mail?.text).toContain(`${code} — http://localhost:3000/p/${code.replace(/-/g, '')}`);
    expect(mail?.attachments.map((a) => a.cid)).toEqual(['pass-1', 'pass-2', 'pass-3', 'pass-4', 'pass-5']);
    const outbox = await t.db.query<{ status: string; to_address: string | null }>(
      'SELECT status, to_address FROM outbox_emails WHERE carnet_id = (SELECT id FROM carnets WHERE serial = $1)',
      [serial],
    );
    expect(outbox).toEqual([{ status: 'sent', to_address: null }]);
    const stored = await t.db.query<{ email: string | null }>(
      'SELECT b.email FROM beneficiaries b JOIN carnets c ON c.beneficiary_id = b.id WHERE c.serial = $1',
      [serial],
    );
    expect(stored).toEqual([{ email: null }]);
  });
});

describe('code guessing', () => {
  it('counts unknown and mistyped codes per venue and refuses the venue once over the hourly limit', async () => {
    const bucket = `redeem-failures:${EPN}`;
    await t.db.query('DELETE FROM throttle_counters WHERE bucket = $1', [bucket]);
    await redeem(['0000-0000-0000-0']);
    await redeem(['0000-0000-0000-1']);
    const counted = await t.db.query<{ hits: number }>('SELECT hits FROM throttle_counters WHERE bucket = $1', [
      bucket,
    ]);
    expect(counted[0]?.hits).toBe(2);
    const { codes } = await distributedCarnet('Devinette');
    await t.db.query('UPDATE throttle_counters SET hits = 50 WHERE bucket = $1', [bucket]);
    const blocked = await redeem(codes.slice(0, 1));
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json().error.code).toBe('REDEMPTION_THROTTLED');
    // The venue is told how long, in words and in the Retry-After header.
    const retryAfter = Number(blocked.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    expect(blocked.json().error.message).toMatch(/réessayez dans \d+ minutes?/);

    // The operator sees the lock and lifts it; another programme's operator cannot.
    const locks = await call(t, OPERATOR, 'GET', `/api/v1/programmes/${BFC_ID}/redemption-locks`);
    expect(locks.json()).toEqual([expect.objectContaining({ organisationId: EPN })]);
    const stranger = await call(t, LOZERE.operator, 'DELETE', `/api/v1/programmes/${BFC_ID}/redemption-locks/${EPN}`);
    expect(stranger.statusCode).toBe(403);
    const lifted = await call(t, OPERATOR, 'DELETE', `/api/v1/programmes/${BFC_ID}/redemption-locks/${EPN}`);
    expect(lifted.statusCode).toBe(204);
    expect((await call(t, OPERATOR, 'GET', `/api/v1/programmes/${BFC_ID}/redemption-locks`)).json()).toEqual([]);
    expect((await redeem(codes.slice(0, 1))).statusCode).toBe(201);
    const audit = await t.db.query(
      "SELECT 1 FROM audit_log WHERE action = 'redemption.lock_lifted' AND entity_id = $1",
      [EPN],
    );
    expect(audit).toHaveLength(1);
  });
});
