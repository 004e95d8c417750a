import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BFC } from '../../../test/actors.js';
import { demoAccount, type TestApp, testApp } from '../../../test/helpers.js';
import { issueCarnets } from '../../../test/vouchers-helpers.js';
import { DEMO_ORGANISATIONS, DEMO_PROGRAMMES } from '../demo/demo.data.js';
import { nextState, PASS_STATES, type PassState, type PassTransition } from './pass.rules.js';
import { distributeReplacementPasses, endPasses, rejectRedeemedPass, undoRedeemedPasses } from './passes.store.js';
import { runBatch } from './redemption.batch.js';

/**
 * The pass's state machine, attacked with random sequences of transitions applied by the real
 * store verbs and the real redemption statement, on the database of the run (PGlite, or
 * PostgreSQL with DATABASE_URL): a pass only ever moves as the rules say, a transition the
 * rules forbid changes nothing, and a spent pass has exactly one live redemption line.
 */
let t: TestApp;
let passes: { id: number; carnetId: string; hash: string }[];
let venueUserId: string;

beforeAll(async () => {
  t = await testApp();
  const serials = await issueCarnets(t, BFC.operator, DEMO_PROGRAMMES.bfc, 2);
  passes = await t.db.query(
    `SELECT p.id, p.carnet_id AS "carnetId", encode(p.code_hash, 'hex') AS hash
       FROM passes p JOIN carnets c ON c.id = p.carnet_id WHERE c.serial = ANY($1) ORDER BY p.id`,
    [serials],
  );
  const [user] = await t.db.query<{ id: string }>('SELECT id FROM users WHERE email = $1', [
    demoAccount(BFC.venue).email,
  ]);
  venueUserId = (user as { id: string }).id;
});
afterAll(() => t?.close());

const TRANSITIONS = ['distribute', 'redeem', 'undo', 'cancel', 'expire', 'reject'] as const;

/** Applies one transition to one pass through the code that owns it. */
async function apply(transition: (typeof TRANSITIONS)[number], pass: (typeof passes)[number], step: number) {
  await t.db.tx(async (q) => {
    switch (transition) {
      case 'distribute':
        return distributeReplacementPasses(q, [pass.id], pass.carnetId);
      case 'undo':
        await q.query('UPDATE redemption_passes SET active = false WHERE pass_id = $1 AND active', [pass.id]);
        return undoRedeemedPasses(q, [pass.id]);
      case 'cancel':
      case 'expire':
        return endPasses(q, [pass.id], transition, transition === 'cancel' ? 'test' : null);
      case 'reject':
        return rejectRedeemedPass(q, pass.id, 'test');
    }
  });
  if (transition === 'redeem') {
    await runBatch(t.db, [
      {
        venueId: DEMO_ORGANISATIONS.epnDijon.id,
        serviceId: null,
        workshopId: null,
        sessionId: null,
        countReason: null,
        programmes: [DEMO_PROGRAMMES.bfc],
        caller: venueUserId,
        idempotencyKey: null,
        requestHash: `step-${step}`,
        requestId: null,
        throttleBucket: `property-test-${step}`,
        hashes: [pass.hash],
      },
    ]);
  }
}

const stateOf = async (id: number) =>
  ((await t.db.query<{ state: PassState }>('SELECT state FROM passes WHERE id = $1', [id]))[0] as { state: PassState })
    .state;

describe('the pass state machine', () => {
  it('never lets random sequences of transitions reach a state the rules forbid', async () => {
    const reached = new Set<string>();
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.constantFrom(...TRANSITIONS), fc.nat({ max: 2 })), { minLength: 1, maxLength: 16 }),
        async (steps) => {
          // Each run starts from a fresh stock: every pass issued, no live redemption.
          await t.db.query('UPDATE redemption_passes SET active = false WHERE pass_id = ANY($1)', [
            passes.map((p) => p.id),
          ]);
          await t.db.query(`UPDATE passes SET state = 'issued', expires_on = NULL WHERE id = ANY($1)`, [
            passes.map((p) => p.id),
          ]);
          for (const [i, [transition, which]] of steps.entries()) {
            const pass = passes[which % passes.length] as (typeof passes)[number];
            const before = await stateOf(pass.id);
            await apply(transition, pass, i);
            const after = await stateOf(pass.id);
            const allowed = nextState(before, transition as PassTransition);
            // Allowed: the rules' next state. Forbidden: nothing moves.
            expect(after).toBe(allowed ?? before);
            reached.add(`${before}>${transition}>${after}`);
            expect(PASS_STATES).toContain(after);
            const live = await t.db.query('SELECT 1 FROM redemption_passes WHERE pass_id = $1 AND active', [pass.id]);
            // Spent: one live line. Never spent or given back: none. (A rejected pass keeps its line as history.)
            if (after === 'redeemed') expect(live.length).toBe(1);
            if (after === 'issued' || after === 'distributed' || after === 'expired') expect(live.length).toBe(0);
          }
        },
      ),
      { numRuns: 200, seed: 20261129 },
    );

    // Every transition the rules allow was taken at least once (the seed is fixed: the same
    // sequences run on PGlite and PostgreSQL, and the run is reproducible).
    for (const t of TRANSITIONS)
      expect([...reached].some((r) => r.split('>')[1] === t && r.split('>')[0] !== r.split('>')[2])).toBe(true);
  }, 240_000);
});
