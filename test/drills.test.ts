import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PROGRAMMES } from '../src/modules/demo/demo.data.js';
import { ledgerViolations } from '../src/modules/ledger/ledger.service.js';
import { BFC, LOZERE } from './actors.js';
import { type TestApp, testApp } from './helpers.js';
import { type SpawnedServer, spawnServer, stopServer } from './spawn-server.js';
import { call, codesOfCarnet, issueCarnets } from './vouchers-helpers.js';

const SECRET = 'failure-drill-secret-0123456789abcdef01234';

/**
 * Failure drills on PostgreSQL with real server processes: a server killed (SIGKILL) in the
 * middle of a burst of redemptions, and while it creates a payment batch. Clients then retry
 * every request with its Idempotency-Key on another server. Afterwards: no pass spent twice,
 * every retry answered as the first time, no statement in two batches, every journal balanced.
 */
describe.skipIf(!process.env.DATABASE_URL)('failure drills', () => {
  let t: TestApp;
  let env: NodeJS.ProcessEnv;
  const running: SpawnedServer[] = [];
  beforeAll(async () => {
    t = await testApp({ env: { PASSNUM_SECRET: SECRET } });
    env = {
      ...process.env,
      DATABASE_URL: (t.db as { processUrl?: string }).processUrl,
      NODE_ENV: 'test',
      PASSNUM_SECRET: SECRET,
    };
  });
  // A server left running by one drill would take the next drill's jobs (an order's issuance) from
  // the in-process runner, which would then find nothing to do and return before the carnets exist.
  const stopAll = async () => {
    for (const s of running.splice(0))
      if (s.child.exitCode === null && s.child.signalCode === null) await stopServer(s);
  };
  afterEach(stopAll);
  afterAll(async () => {
    await stopAll();
    await t?.close();
  });

  const start = async () => {
    const s = await spawnServer(env);
    running.push(s);
    return s;
  };
  const kill = async (s: SpawnedServer) => {
    const exited = new Promise((resolve) => s.child.once('exit', resolve));
    s.child.kill('SIGKILL');
    await exited;
  };
  async function session(url: string, email: string, password: string) {
    const login = await fetch(`${url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    return (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  }

  /** Carnets of the programme handed out to different people: their codes. */
  async function handedCodes(p: typeof BFC | typeof LOZERE, carnets: number, name: string): Promise<string[]> {
    const serials = await issueCarnets(t, p.operator, p.id, carnets);
    const codes: string[] = [];
    for (const [i, serial] of serials.entries()) {
      await call(t, p.operator, 'POST', `/api/v1/carnets/${serial}/allocation`, { distributorId: p.distributorId });
      const res = await call(t, p.distributor, 'POST', `/api/v1/carnets/${serial}/distribution`, {
        beneficiary: {
          birthYear: p === BFC ? 2004 : 1950,
          birthMonth: 1 + (i % 12),
          communeInsee: p === BFC ? '21231' : '48095',
          publicCategory: p === BFC ? 'demandeur_emploi' : 'retraite',
          firstName: 'Essai',
          lastName: `${name}${i}`,
        },
      });
      expect(res.statusCode, res.body).toBe(201);
      codes.push(...(await codesOfCarnet(t.db, SECRET, serial)));
    }
    return codes;
  }

  it('loses no acknowledged redemption and spends no pass twice when a server dies in a burst', async () => {
    const codes = await handedCodes(BFC, 12, 'Rafale');
    const victim = await start();
    const password = 'Passnum-demo-venue-bfc';
    const cookie = await session(victim.url, BFC.venue, password);
    const redeem = (url: string, cookieHeader: string, i: number) =>
      fetch(`${url}/api/v1/redemptions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: cookieHeader, 'idempotency-key': `burst-key-${i}` },
        body: JSON.stringify({ venueId: BFC.venueId, codes: [codes[i]] }),
      }).then(async (r) => ({ status: r.status, body: (await r.json()) as { redemptionId?: string } }));
    const first = new Map<number, string>();
    let next = 0;
    const client = async () => {
      while (next < codes.length && first.size < 25) {
        const i = next++;
        const answer = await redeem(victim.url, cookie, i).catch(() => null);
        if (answer?.status === 201 && answer.body.redemptionId) first.set(i, answer.body.redemptionId);
      }
    };
    await Promise.all(Array.from({ length: 6 }, client));
    await kill(victim);
    expect(first.size).toBeGreaterThanOrEqual(25);

    // Every client retries every request, with its key, on another server.
    const survivor = await start();
    const again = await session(survivor.url, BFC.venue, password);
    const retried = await Promise.all(codes.map((_, i) => redeem(survivor.url, again, i)));
    expect(retried.map((r) => r.status)).toEqual(codes.map(() => 201));
    for (const [i, id] of first) expect(retried[i]?.body.redemptionId).toBe(id);
    const doubles = await t.db.query(
      'SELECT pass_id FROM redemption_passes WHERE active GROUP BY pass_id HAVING count(*) > 1',
    );
    expect(doubles).toEqual([]);
    expect(await ledgerViolations(t.db, DEMO_PROGRAMMES.bfc)).toEqual([]);
  }, 300_000);

  it('leaves one batch, each statement in it once, when a server dies while creating it', async () => {
    // Arranged in-process: spent passes at the Lozère venue, its statement validated, bank details confirmed.
    const bank = { holder: 'France Services Mende', iban: 'FR7630006000011234567890189', bic: 'AGRIFRPP882' };
    await call(t, LOZERE.operator, 'PUT', `/api/v1/programmes/${LOZERE.id}/payment-settings`, {
      statementPeriod: 'monthly',
      debtorName: 'Lozère Développement',
      debtorIban: bank.iban,
      debtorBic: bank.bic,
    });
    await call(t, LOZERE.venue, 'PUT', '/api/v1/me/bank-account', bank);
    await call(
      t,
      LOZERE.operator,
      'POST',
      `/api/v1/programmes/${LOZERE.id}/venues/${LOZERE.venueId}/bank-account/confirmation`,
    );
    const codes = await handedCodes(LOZERE, 2, 'Lot');
    const spent = await call(t, LOZERE.venue, 'POST', '/api/v1/redemptions', { venueId: LOZERE.venueId, codes });
    expect(spent.statusCode, spent.body).toBe(201);
    await call(t, LOZERE.operator, 'POST', `/api/v1/programmes/${LOZERE.id}/statements/draw-up`, {
      day: new Date().toISOString().slice(0, 10),
    });
    const [statement] = (await call(t, LOZERE.venue, 'GET', '/api/v1/me/statements')).json();
    await call(t, LOZERE.venue, 'POST', `/api/v1/statements/${statement.id}/submission`);
    await call(t, LOZERE.operator, 'POST', `/api/v1/statements/${statement.id}/validation`, {});

    const password = 'Passnum-demo-operator-lozere';
    const createBatch = (url: string, cookie: string) =>
      fetch(`${url}/api/v1/programmes/${LOZERE.id}/payment-batches`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie, 'idempotency-key': 'batch-killed-in-flight' },
        body: JSON.stringify({ executionDate: new Date().toISOString().slice(0, 10) }),
      });
    const victim = await start();
    const cookie = await session(victim.url, LOZERE.operator, password);
    // The request is sent and the server killed at once: before, during or after the batch's
    // transaction, whichever it is, the outcome must be the same after the retry.
    const inFlight = createBatch(victim.url, cookie).catch(() => null);
    await kill(victim);
    await inFlight;

    const survivor = await start();
    const again = await session(survivor.url, LOZERE.operator, password);
    const retried = await createBatch(survivor.url, again);
    expect([200, 201]).toContain(retried.status);
    const batch = (await retried.json()) as { id: string; statements: number };
    expect(batch.statements).toBe(1);
    const replay = await createBatch(survivor.url, again);
    expect(replay.status).toBe(200);
    expect(((await replay.json()) as { id: string }).id).toBe(batch.id);
    const batches = await t.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM payment_batches WHERE programme_id = $1',
      [LOZERE.id],
    );
    expect(batches[0]?.n).toBe(1);
    const inTwo = await t.db.query(
      'SELECT id FROM statements WHERE programme_id = $1 AND status = $2 AND batch_id IS NULL',
      [LOZERE.id, 'in_batch'],
    );
    expect(inTwo).toEqual([]);
    expect(await ledgerViolations(t.db, LOZERE.id)).toEqual([]);
  }, 300_000);
});
