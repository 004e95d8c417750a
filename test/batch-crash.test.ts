import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import xmllint from 'xmllint-wasm';
import { DEMO_ORGANISATIONS, DEMO_PROGRAMMES } from '../src/modules/demo/demo.data.js';
import { BFC } from './actors.js';
import { type TestApp, testApp } from './helpers.js';
import { spawnServer, stopServer } from './spawn-server.js';
import { call, codesOfCarnet, issueCarnets, youngJobSeeker } from './vouchers-helpers.js';

const SECRET = 'batch-crash-secret-0123456789abcdef0123456';
const OPERATOR = BFC.operator;
const XSD = readFileSync(new URL('../fixtures/sepa/pain.001.001.03.xsd', import.meta.url), 'utf8');

/**
 * Crash drill for payments: the server that created a payment batch is killed (SIGKILL) before
 * the file is downloaded; the operator retries on another server with the same request key and
 * gets the same batch, whose file is valid — one batch, each statement in it once.
 */
describe.skipIf(!process.env.DATABASE_URL)('a server killed between batch creation and file download', () => {
  let t: TestApp;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    t = await testApp({ env: { PASSNUM_SECRET: SECRET } });
    env = {
      ...process.env,
      DATABASE_URL: (t.db as { processUrl?: string }).processUrl,
      NODE_ENV: 'test',
      PASSNUM_SECRET: SECRET,
    };
  });
  afterAll(() => t?.close());

  async function session(url: string) {
    const login = await fetch(`${url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: OPERATOR, password: 'Passnum-demo-operator-bfc' }),
    });
    return (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  }
  const createBatch = (url: string, cookie: string) =>
    fetch(`${url}/api/v1/programmes/${DEMO_PROGRAMMES.bfc}/payment-batches`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, 'idempotency-key': 'batch-before-the-crash' },
      body: JSON.stringify({ executionDate: new Date().toISOString().slice(0, 10) }),
    });

  it('gives the same batch and a valid file after the restart', async () => {
    // Arranged in-process: a validated statement of the EPN, bank details confirmed.
    const bank = { holder: 'EPN', iban: 'FR7630006000011234567890189', bic: 'AGRIFRPP882' };
    await call(t, OPERATOR, 'PUT', `/api/v1/programmes/${DEMO_PROGRAMMES.bfc}/payment-settings`, {
      statementPeriod: 'monthly',
      debtorName: 'MedNum BFC',
      debtorIban: bank.iban,
      debtorBic: bank.bic,
    });
    await call(t, BFC.venue, 'PUT', '/api/v1/me/bank-account', bank);
    await call(
      t,
      OPERATOR,
      'POST',
      `/api/v1/programmes/${DEMO_PROGRAMMES.bfc}/venues/${DEMO_ORGANISATIONS.epnDijon.id}/bank-account/confirmation`,
    );
    const [serial] = await issueCarnets(t, OPERATOR, DEMO_PROGRAMMES.bfc, 1);
    await call(t, OPERATOR, 'POST', `/api/v1/carnets/${serial}/allocation`, {
      distributorId: DEMO_ORGANISATIONS.mlDijon.id,
    });
    await call(t, BFC.distributor, 'POST', `/api/v1/carnets/${serial}/distribution`, youngJobSeeker('Panne'));
    const codes = await codesOfCarnet(t.db, SECRET, serial as string);
    await call(t, BFC.venue, 'POST', '/api/v1/redemptions', {
      venueId: DEMO_ORGANISATIONS.epnDijon.id,
      codes: codes.slice(0, 3),
    });
    await call(t, OPERATOR, 'POST', `/api/v1/programmes/${DEMO_PROGRAMMES.bfc}/statements/draw-up`, {
      day: new Date().toISOString().slice(0, 10),
    });
    const [statement] = (await call(t, BFC.venue, 'GET', '/api/v1/me/statements')).json();
    await call(t, BFC.venue, 'POST', `/api/v1/statements/${statement.id}/submission`);
    await call(t, OPERATOR, 'POST', `/api/v1/statements/${statement.id}/validation`, {});

    const victim = await spawnServer(env);
    const created = await createBatch(victim.url, await session(victim.url));
    expect(created.status).toBe(201);
    const batch = (await created.json()) as { id: string };
    victim.child.kill('SIGKILL');
    await new Promise((resolve) => victim.child.once('exit', resolve));

    const survivor = await spawnServer(env);
    try {
      const cookie = await session(survivor.url);
      const retried = await createBatch(survivor.url, cookie);
      expect(retried.status).toBe(200);
      expect(((await retried.json()) as { id: string }).id).toBe(batch.id);
      const file = await fetch(`${survivor.url}/api/v1/payment-batches/${batch.id}/sepa.xml`, { headers: { cookie } });
      const xml = await file.text();
      const check = await xmllint.validateXML({
        xml: [{ fileName: 'batch.xml', contents: xml }],
        schema: [{ fileName: 'pain.001.001.03.xsd', contents: XSD }],
      });
      expect(check.errors).toEqual([]);
      expect(xml).toContain('<CtrlSum>30.00</CtrlSum>');
      const batches = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM payment_batches');
      expect(batches[0]?.n).toBe(1);
    } finally {
      await stopServer(survivor);
    }
  });
});
