import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PROGRAMMES } from '../src/modules/demo/demo.data.js';
import { ledgerViolations } from '../src/modules/ledger/ledger.service.js';
import { BFC } from './actors.js';
import { type TestApp, testApp } from './helpers.js';
import { type SpawnedServer, spawnServer, stopServer } from './spawn-server.js';

const SECRET = 'crash-drill-secret-0123456789abcdef0123456';
const CARNETS = 4000;

/**
 * Crash drill: a server is killed (SIGKILL) while it issues an order; no carnet of the order
 * may exist afterwards, and another server finishes the order by itself once the dead one's short lease has run out.
 */
describe.skipIf(!process.env.DATABASE_URL)('a server killed during issuance', () => {
  let t: TestApp;
  let env: NodeJS.ProcessEnv;
  let survivor: SpawnedServer | null = null;

  beforeAll(async () => {
    t = await testApp({ env: { PASSNUM_SECRET: SECRET } });
    const url = (t.db as { processUrl?: string }).processUrl;
    env = { ...process.env, DATABASE_URL: url, NODE_ENV: 'test', PASSNUM_SECRET: SECRET };
  });
  afterAll(async () => {
    if (survivor) await stopServer(survivor);
    await t?.close();
  });

  async function jobOf(orderId: string) {
    const rows = await t.db.query<{ id: string; status: string; progress: number }>(
      'SELECT j.id, j.status, j.progress FROM jobs j JOIN carnet_orders o ON o.job_id = j.id WHERE o.id = $1',
      [orderId],
    );
    return rows[0] as { id: string; status: string; progress: number };
  }

  /** Waits on the database, not on a clock: each poll is a query, bounded in number (about 3 minutes). */
  async function until(check: () => Promise<boolean>, what: string): Promise<void> {
    for (let i = 0; i < 3600; i++) {
      if (await check()) return;
      await t.db.query('SELECT pg_sleep(0.05)');
    }
    throw new Error(`never happened: ${what}`);
  }

  it('leaves no partial carnet, and the order is issued whole by the next server', async () => {
    const victim = await spawnServer(env);
    const login = await fetch(`${victim.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: BFC.operator, password: 'Passnum-demo-operator-bfc' }),
    });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const res = await fetch(`${victim.url}/api/v1/programmes/${DEMO_PROGRAMMES.bfc}/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ carnets: CARNETS }),
    });
    const { orderId } = (await res.json()) as { orderId: string };
    // Codes are prepared up to 70 %; then the single write transaction runs.
    await until(async () => (await jobOf(orderId)).progress >= 0.7, 'issuance reaching its write phase');
    victim.child.kill('SIGKILL');
    await new Promise((resolve) => victim.child.once('exit', resolve));

    const partial = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM carnets WHERE order_id = $1', [
      orderId,
    ]);
    expect(partial[0]?.n).toBe(0);
    expect((await jobOf(orderId)).status).toBe('running');

    // The dead server no longer renews its lease (15 s): a healthy server takes the work over by itself.
    survivor = await spawnServer(env);
    await until(async () => (await jobOf(orderId)).status === 'done', 'the next server finishing the order');
    const counts = await t.db.query<{ carnets: number; passes: number }>(
      `SELECT (SELECT count(*) FROM carnets WHERE order_id = $1)::int AS carnets,
              (SELECT count(*) FROM passes p JOIN carnets c ON c.id = p.carnet_id WHERE c.order_id = $1)::int AS passes`,
      [orderId],
    );
    expect(counts[0]).toEqual({ carnets: CARNETS, passes: CARNETS * 5 });
    expect(await ledgerViolations(t.db, DEMO_PROGRAMMES.bfc)).toEqual([]);
  }, 300_000);
});
