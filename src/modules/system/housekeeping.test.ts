import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN } from '../../../test/actors.js';
import { type TestApp, testApp } from '../../../test/helpers.js';
import { scheduleDailyJobs } from '../../server.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

describe('daily jobs', () => {
  it('are enqueued once a day however many processes ask, and clean what has expired', async () => {
    await t.cookieOf(ADMIN);
    await t.db.query(`UPDATE sessions SET expires_at = now() - interval '1 minute'`);
    await t.db.query(
      `INSERT INTO throttle_counters (bucket, window_start, hits) VALUES ('old', now() - interval '2 days', 3)`,
    );
    await Promise.all([scheduleDailyJobs(t.db), scheduleDailyJobs(t.db), scheduleDailyJobs(t.db)]);
    const queued = await t.db.query<{ kind: string }>(
      `SELECT kind FROM jobs WHERE dedupe_key IS NOT NULL ORDER BY kind`,
    );
    expect(queued.map((j) => j.kind)).toEqual([
      'draw-up-statements',
      'erase-personal-data',
      'expire-passes',
      'housekeeping',
      'lapse-qualifications',
      'send-reminders',
    ]);
    await t.jobs.drain();
    expect(await t.db.query('SELECT 1 FROM sessions')).toEqual([]);
    expect(await t.db.query(`SELECT 1 FROM throttle_counters WHERE bucket = 'old'`)).toEqual([]);
    const done = await t.db.query<{ status: string }>(`SELECT DISTINCT status FROM jobs WHERE dedupe_key IS NOT NULL`);
    expect(done).toEqual([{ status: 'done' }]);
  });

  it('gives the embedded database its statistics, which no autovacuum keeps there', async () => {
    const reltuples = async () =>
      Number(
        (
          await t.db.query<{ n: number }>(`SELECT reltuples AS n FROM pg_class WHERE oid = 'organisations'::regclass`)
        )[0]?.n,
      );
    await t.db.query(`DELETE FROM jobs WHERE kind = 'housekeeping'`);
    await scheduleDailyJobs(t.db);
    await t.jobs.drain();
    const [job] = await t.db.query<{ result: { analysed: number } }>(
      `SELECT result FROM jobs WHERE kind = 'housekeeping'`,
    );
    if (t.db.kind === 'pglite') {
      expect(job?.result.analysed).toBe(1);
      // Counted by ANALYZE: never analysed, a table says -1.
      expect(await reltuples()).toBeGreaterThan(0);
    } else expect(job?.result.analysed).toBe(0);
  });
});
