import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Db, openPostgres } from '../src/db/db.js';
import { migrate } from '../src/db/migrate.js';
import { seedDemo } from '../src/modules/demo/demo.seed.js';
import { ledgerViolations } from '../src/modules/ledger/ledger.service.js';
import { createJobRunner, createServer } from '../src/server.js';
import { BFC } from './actors.js';
import { testConfig } from './helpers.js';
import { type PrivatePostgres, privatePostgresAvailable, startPrivatePostgres } from './private-postgres.js';
import { type SpawnedServer, spawnServer, stopServer } from './spawn-server.js';
import { codesOfCarnet } from './vouchers-helpers.js';

const SECRET = 'postgres-restart-drill-secret-0123456789ab';

/**
 * Drill: PostgreSQL is restarted (immediate mode: a crash and recovery) while a server takes a
 * burst of redemptions. During the restart requests are refused with 503 and a Retry-After;
 * clients retry with the same Idempotency-Key; afterwards every pass is spent once, every
 * client has the same answer for its key, the journal balances and the server still serves.
 */
describe.skipIf(!process.env.DATABASE_URL || !privatePostgresAvailable())('PostgreSQL restarted under load', () => {
  let pgsql: PrivatePostgres;
  let db: Db;
  let server: SpawnedServer;
  const codes: string[] = [];

  beforeAll(async () => {
    pgsql = await startPrivatePostgres();
    db = await openPostgres(pgsql.url);
    await migrate(db);
    await seedDemo(db);
    // Carnets handed out through the application, in-process, on the private cluster.
    const config = testConfig({ PASSNUM_SECRET: SECRET });
    const mailer = nodemailer.createTransport({ jsonTransport: true });
    const jobs = createJobRunner({ config, db, mailer });
    const { app } = await createServer({ config, db });
    const as = async (email: string, password: string) => {
      const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });
      return String(res.headers['set-cookie']).split(';')[0] ?? '';
    };
    const operator = await as(BFC.operator, 'Passnum-demo-operator-bfc');
    const distributor = await as(BFC.distributor, 'Passnum-demo-distributor-bfc');
    const order = await app.inject({
      method: 'POST',
      url: `/api/v1/programmes/${BFC.id}/orders`,
      headers: { cookie: operator },
      payload: { carnets: 8 },
    });
    await jobs.drain();
    const serials: string[] = (
      await app.inject({ url: `/api/v1/orders/${order.json().orderId}`, headers: { cookie: operator } })
    ).json().carnetSerials;
    for (const [i, serial] of serials.entries()) {
      await app.inject({
        method: 'POST',
        url: `/api/v1/carnets/${serial}/allocation`,
        headers: { cookie: operator },
        payload: { distributorId: BFC.distributorId },
      });
      const handed = await app.inject({
        method: 'POST',
        url: `/api/v1/carnets/${serial}/distribution`,
        headers: { cookie: distributor },
        payload: {
          beneficiary: {
            birthYear: 2005,
            birthMonth: 1 + i,
            communeInsee: '21231',
            publicCategory: 'demandeur_emploi',
            firstName: 'Redemarrage',
            lastName: `Essai${i}`,
          },
        },
      });
      expect(handed.statusCode, handed.body).toBe(201);
      codes.push(...(await codesOfCarnet(db, SECRET, serial)));
    }
    await app.close();
    await db.query('ANALYZE');
    server = await spawnServer({ ...process.env, DATABASE_URL: pgsql.url, NODE_ENV: 'test', PASSNUM_SECRET: SECRET });
  }, 300_000);
  afterAll(async () => {
    if (server) await stopServer(server);
    await db?.close();
    pgsql?.stop();
  });

  it('refuses with 503 during the restart, then every retried request gets its one answer', async () => {
    const login = await fetch(`${server.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: BFC.venue, password: 'Passnum-demo-venue-bfc' }),
    });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const answers = new Map<number, string>();
    const seen = new Set<number>();
    let restarted: Promise<void> | null = null;
    const redeem = async (i: number) => {
      // A client retries what failed, as a venue's software would, a bounded number of times.
      for (let attempt = 0; attempt < 200; attempt++) {
        const res = await fetch(`${server.url}/api/v1/redemptions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', cookie, 'idempotency-key': `restart-drill-${i}` },
          body: JSON.stringify({ venueId: BFC.venueId, codes: [codes[i]] }),
        }).catch(() => null);
        if (!res) continue;
        seen.add(res.status);
        if (res.status === 503) refused();
        const body = (await res.json()) as { redemptionId?: string; error?: { code: string } };
        if (res.status === 201 && body.redemptionId) return body.redemptionId;
        expect(res.status, JSON.stringify(body)).toBe(503);
        expect(res.headers.get('retry-after')).toBe('2');
        await new Promise((r) => setTimeout(r, 50)); // the client's back-off, not a synchronisation
      }
      throw new Error(`request ${i} never succeeded`);
    };
    /**
     * PostgreSQL goes down hard (immediate mode: recovery at start-up) in the middle of the
     * burst; clients send on into the outage, and it comes back once one of them was refused.
     */
    let refused: () => void = () => undefined;
    const firstRefusal = new Promise<void>((resolve) => {
      refused = resolve;
    });
    let halted: Promise<void> | null = null;
    const restart = async () => {
      halted = pgsql.halt('immediate');
      await halted;
      await firstRefusal;
      await pgsql.resume();
    };
    let next = 0;
    const client = async () => {
      while (next < codes.length) {
        const i = next++;
        if (halted) await halted;
        answers.set(i, await redeem(i));
        if (!restarted && answers.size >= 10) restarted = restart();
      }
    };
    await Promise.all(Array.from({ length: 4 }, client));
    expect(restarted).not.toBeNull();
    await restarted;
    // The restart was seen by clients, as a refusal they could retry, never as a 500.
    expect([...seen].sort()).toEqual([201, 503]);
    expect(answers.size).toBe(codes.length);
    // Asked again after the storm, every key gives the answer its client got.
    for (const [i, id] of answers) {
      const again = await fetch(`${server.url}/api/v1/redemptions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie, 'idempotency-key': `restart-drill-${i}` },
        body: JSON.stringify({ venueId: BFC.venueId, codes: [codes[i]] }),
      });
      expect(((await again.json()) as { redemptionId?: string }).redemptionId).toBe(id);
    }
    const check = await openPostgres(pgsql.url);
    try {
      const doubles = await check.query(
        'SELECT pass_id FROM redemption_passes WHERE active GROUP BY pass_id HAVING count(*) > 1',
      );
      expect(doubles).toEqual([]);
      const spent = await check.query<{ n: number }>(`SELECT count(*)::int AS n FROM passes WHERE state = 'redeemed'`);
      expect(spent[0]?.n).toBe(codes.length);
      expect(await ledgerViolations(check, BFC.id)).toEqual([]);
    } finally {
      await check.close();
    }
  }, 300_000);
});
