import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestDb, testDb } from '../../../test/helpers.js';
import { ledgerViolations } from '../ledger/ledger.service.js';
import { armOf } from '../reminders/reminders.rules.js';
import { simulateNational } from './national.service.js';

const SECRET = 'test-secret-0123456789abcdef0123456789abcdef';
const FRACTION = 0.0005; // 1,000 people, 5,000 passes, 99 programmes (Paris is not in the communes file).

// COPY runs on a PostgreSQL server; the embedded database refuses the national scale (tested below).
describe.skipIf(!process.env.DATABASE_URL)('passnum simulate --scale national (a thousandth of it)', () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await testDb();
  });
  afterAll(async () => db?.close());

  it('resumes an interrupted run at the first programme not loaded, then refuses a second run', async () => {
    const run = (progress: (step: string) => void) =>
      simulateNational(db, {
        databaseUrl: db.processUrl as string,
        secret: SECRET,
        seed: 11,
        fraction: FRACTION,
        progress,
      });
    // Interrupted while the fifth programme is drawn: the programmes written before it stay, whole.
    await expect(
      run((step) => {
        if (step.includes('(5/')) throw new Error('interrupted');
      }),
    ).rejects.toThrow('interrupted');
    const [partial] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM programmes WHERE code LIKE 'N%'`);
    expect(partial?.n).toBeGreaterThan(0);
    expect(partial?.n).toBeLessThan(5);
    // Another seed would draw another France over the programmes already there: refused.
    await expect(
      simulateNational(db, {
        databaseUrl: db.processUrl as string,
        secret: SECRET,
        seed: 12,
        fraction: FRACTION,
        progress: () => undefined,
      }),
    ).rejects.toMatchObject({ code: 'SIMULATION_SEED_DIFFERS' });
    const counts = await run(() => undefined);
    expect(counts.programmes).toBe(99);
    expect(counts.passes).toBe(5000);
    expect(counts.used).toBeGreaterThan(500);
    expect(counts.venues).toBeGreaterThanOrEqual(198);
    await expect(run(() => undefined)).rejects.toMatchObject({ code: 'SIMULATION_ALREADY_RUN' });
  }, 300_000);

  it('balances every programme’s journal with its passes', async () => {
    const programmes = await db.query<{ id: string }>(`SELECT id FROM programmes WHERE code LIKE 'N%'`);
    for (const p of programmes) expect(await ledgerViolations(db, p.id)).toEqual([]);
    const [sums] = await db.query<{ passes: number; carnets: number; people: number }>(
      `SELECT (SELECT count(*)::int FROM passes p JOIN programmes g ON g.id = p.programme_id WHERE g.code LIKE 'N%') AS passes,
              (SELECT count(*)::int FROM carnets c JOIN programmes g ON g.id = c.programme_id WHERE g.code LIKE 'N%') AS carnets,
              (SELECT count(*)::int FROM beneficiaries b JOIN programmes g ON g.id = b.programme_id WHERE g.code LIKE 'N%') AS people`,
    );
    expect(sums).toEqual({ passes: 5000, carnets: 1000, people: 1000 });
  });

  it('writes the dashboard’s pre-aggregate exactly as the database computes it from the passes', async () => {
    const snapshot = () =>
      db.query(
        `SELECT u.carnet_id, u.distributed_at, u.distributor_id, u.commune, u.category, u.birth_year, u.passes, u.cents,
                u.used, u.used_cents, u.reimbursed, u.reimbursed_cents, u.expired, u.expired_cents, u.first_used_at
           FROM carnet_usage u JOIN programmes g ON g.id = u.programme_id WHERE g.code LIKE 'N%' ORDER BY u.carnet_id`,
      );
    const drawn = await snapshot();
    expect(drawn).toHaveLength(1000);
    await db.query(
      `SELECT carnet_usage_refresh(array_agg(c.id)) FROM carnets c JOIN programmes g ON g.id = c.programme_id WHERE g.code LIKE 'N%'`,
    );
    expect(await snapshot()).toEqual(drawn);
  });

  it('draws the reminder groups by the campaign’s own rule, about 10 % held out', async () => {
    const rows = await db.query<{ carnet_id: string; arm: string; seed: string; holdout_percent: number }>(
      `SELECT e.carnet_id, e.arm, c.seed, c.holdout_percent FROM reminder_enrolments e
         JOIN reminder_campaigns c ON c.id = e.campaign_id JOIN programmes g ON g.id = c.programme_id WHERE g.code LIKE 'N%'`,
    );
    expect(rows.length).toBeGreaterThan(100);
    for (const r of rows) expect(r.arm).toBe(armOf(r.seed, r.carnet_id, r.holdout_percent));
    const held = rows.filter((r) => r.arm === 'holdout').length / rows.length;
    expect(held).toBeGreaterThan(0.03);
    expect(held).toBeLessThan(0.2);
  });
});

describe('passnum simulate --scale national on the embedded database', () => {
  it.skipIf(Boolean(process.env.DATABASE_URL))(
    'is refused clearly: the national scale needs a PostgreSQL server',
    async () => {
      const db = await testDb();
      try {
        await expect(
          simulateNational(db, {
            databaseUrl: '',
            secret: SECRET,
            seed: 1,
            fraction: FRACTION,
            progress: () => undefined,
          }),
        ).rejects.toMatchObject({ code: 'SIMULATION_NEEDS_POSTGRES' });
      } finally {
        await db.close();
      }
    },
  );
});
