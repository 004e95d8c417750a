import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Db, openPostgres } from '../src/db/db.js';
import { migrate } from '../src/db/migrate.js';
import { seedDemo } from '../src/modules/demo/demo.seed.js';
import type { Dashboard } from '../src/modules/impact/impact.contract.js';
import { createServer } from '../src/server.js';
import { BFC } from './actors.js';
import { testConfig } from './helpers.js';
import {
  type PrivatePostgres,
  privatePostgresAvailable,
  startPrivatePostgres,
  startPrivateStandby,
} from './private-postgres.js';

/**
 * A primary and a hot standby of its own (PostgreSQL's streaming replication): with a read
 * database given, dashboards read on the standby while every write goes to the primary.
 */
describe.skipIf(!process.env.DATABASE_URL || !privatePostgresAvailable())('reads on a streaming replica', () => {
  let primary: PrivatePostgres;
  let standby: { url: string; stop(): void };
  let db: Db;
  let replica: Db;
  let app: FastifyInstance;
  let cookie = '';

  beforeAll(async () => {
    primary = await startPrivatePostgres();
    db = await openPostgres(primary.url);
    await migrate(db);
    await seedDemo(db, 'claimed-only');
    standby = await startPrivateStandby(primary);
    replica = await openPostgres(standby.url);
    ({ app } = await createServer({ config: testConfig(), db, readDb: replica }));
    await app.ready();
    const login = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: BFC.operator, password: 'Passnum-demo-operator-bfc' },
    });
    cookie = String(login.headers['set-cookie']).split(';')[0] ?? '';
  }, 180_000);

  afterAll(async () => {
    await app?.close();
    await replica?.close();
    await db?.close();
    standby?.stop();
    primary?.stop();
  });

  /** Waits until the standby has replayed everything the primary wrote so far (bounded). */
  async function caughtUp(): Promise<void> {
    const [now] = await db.query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn');
    const deadline = Date.now() + 60_000;
    for (;;) {
      const [r] = await replica.query<{ ok: boolean }>('SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS ok', [
        now?.lsn,
      ]);
      if (r?.ok) return;
      if (Date.now() > deadline) throw new Error('the standby did not catch up within 60 s');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  const ordered = async () =>
    (
      (
        await app.inject({ method: 'GET', url: `/api/v1/programmes/${BFC.id}/dashboard`, headers: { cookie } })
      ).json() as Dashboard
    ).funnel.ordered.passes;
  const order = async (carnets: number) => {
    const res = await app.inject({
      method: 'POST',
      url: `/api/v1/programmes/${BFC.id}/orders`,
      headers: { cookie },
      payload: { carnets },
    });
    expect(res.statusCode, res.body).toBeLessThan(300);
  };

  it('reads the dashboard on the standby, within its lag, while orders are written on the primary', async () => {
    const [recovery] = await replica.query<{ standby: boolean }>('SELECT pg_is_in_recovery() AS standby');
    expect(recovery?.standby).toBe(true);
    await order(2);
    await caughtUp();
    const before = await ordered();
    expect(before).toBeGreaterThanOrEqual(10);
    // Replay paused: the primary moves on, the dashboard (on the standby) does not.
    await replica.query('SELECT pg_wal_replay_pause()');
    await order(3);
    const [onPrimary] = await db.query<{ n: number }>(
      `SELECT sum(o.carnets * p.passes_per_carnet)::int AS n FROM carnet_orders o JOIN programmes p ON p.id = o.programme_id
        WHERE o.programme_id = $1`,
      [BFC.id],
    );
    expect(onPrimary?.n).toBe(before + 15);
    expect(await ordered()).toBe(before);
    // Replay resumed: the standby catches up and the dashboard shows the new order.
    await replica.query('SELECT pg_wal_replay_resume()');
    await caughtUp();
    expect(await ordered()).toBe(before + 15);
  }, 120_000);
});
