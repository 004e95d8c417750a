import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, testApp } from '../../../test/helpers.js';
import { DEMO_PROGRAMMES } from '../demo/demo.data.js';
import { ledgerViolations } from '../ledger/ledger.service.js';
import { coverage } from '../territory/coverage.service.js';
import { simulate } from './simulation.service.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(async () => t?.close());

describe('passnum simulate', () => {
  it('fills the Lozère through the domain: hand-outs, uses, answers, paid statements, reminders; the journal balances', async () => {
    const steps: string[] = [];
    const counts = await simulate(t.db, { config: t.config, drainJobs: () => t.jobs.drain() }, 'lozere', 7, (step) => {
      if (steps.at(-1) !== step) steps.push(step);
    });
    expect(steps.at(-1)).toBe('Terminé');
    expect(counts.carnets).toBeGreaterThanOrEqual(720);
    expect(counts.venues).toBe(12);
    // About the usage asked for (62 % of carnets come, 1 to 5 passes each).
    expect(counts.used).toBeGreaterThan(500);
    expect(counts.used).toBeLessThan(3600);
    expect(await ledgerViolations(t.db, DEMO_PROGRAMMES.lozere)).toEqual([]);
    const [facts] = await t.db.query<{ paid: number; answers: number; drawn: number; spread: number }>(
      `SELECT (SELECT count(*)::int FROM statements WHERE programme_id = $1 AND status = 'paid') AS paid,
              (SELECT count(*)::int FROM evaluations WHERE programme_id = $1) AS answers,
              (SELECT count(*)::int FROM reminder_enrolments e JOIN carnets c ON c.id = e.carnet_id WHERE c.programme_id = $1) AS drawn,
              (SELECT count(DISTINCT to_char(distributed_at, 'YYYY-MM'))::int FROM carnets WHERE programme_id = $1 AND beneficiary_id IS NOT NULL) AS spread`,
      [DEMO_PROGRAMMES.lozere],
    );
    expect(facts?.paid).toBeGreaterThan(0);
    expect(facts?.answers).toBeGreaterThan(50);
    expect(facts?.drawn).toBeGreaterThan(0);
    expect(facts?.spread).toBeGreaterThan(3);
    // The dashboard now has something to show.
    const d = await t.app.inject({
      method: 'GET',
      url: `/api/v1/programmes/${DEMO_PROGRAMMES.lozere}/dashboard`,
      headers: { cookie: await t.cookieOf('operateur@lozere-developpement.demo') },
    });
    expect(d.json().usageRate).toBeGreaterThan(0.1);
    // The coverage diagnostic's passes per commune (read from the pre-aggregate) are the passes themselves.
    const raw = await t.db.query<{ commune: string; distributed: number; used: number }>(
      `SELECT b.commune_insee AS commune, count(*)::int AS distributed,
              count(*) FILTER (WHERE p.state IN ('redeemed', 'reimbursed'))::int AS used
         FROM carnets c JOIN beneficiaries b ON b.id = c.beneficiary_id JOIN passes p ON p.carnet_id = c.id
        WHERE c.programme_id = $1 GROUP BY b.commune_insee`,
      [DEMO_PROGRAMMES.lozere],
    );
    const diagnostic = await coverage(t.db, DEMO_PROGRAMMES.lozere);
    expect(raw.length).toBeGreaterThan(10);
    for (const r of raw) {
      const c = diagnostic.communes.find((x) => x.code === r.commune);
      expect([c?.distributed, c?.used]).toEqual([r.distributed, r.used]);
    }
  }, 300_000);

  it('refuses to run the same scale twice on a base, clearly', async () => {
    await expect(
      simulate(t.db, { config: t.config, drainJobs: () => t.jobs.drain() }, 'lozere', 7, () => undefined),
    ).rejects.toMatchObject({ code: 'SIMULATION_ALREADY_RUN' });
  });
});
