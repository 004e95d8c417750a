import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { BFC } from '../../../test/actors.js';
import { type TestApp, testApp } from '../../../test/helpers.js';
import { call, codesOfCarnet } from '../../../test/vouchers-helpers.js';
import { DEMO_ORGANISATIONS } from '../demo/demo.data.js';
import { expirePasses } from '../vouchers/lifecycle.service.js';
import { compactLedger, ledgerViolations } from './ledger.service.js';

const OPERATOR = BFC.operator;
const DISTRIBUTOR = BFC.distributor;
const VENUE = BFC.venue;
const BFC_ID = BFC.id;

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

type Op =
  | { kind: 'order'; carnets: number }
  | { kind: 'allocate'; count: number }
  | { kind: 'takeBack'; pick: number }
  | { kind: 'distribute'; pick: number }
  | { kind: 'redeem'; pick: number; size: number }
  | { kind: 'undo'; pick: number }
  | { kind: 'cancel'; pick: number }
  | { kind: 'expire'; pick: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('order' as const), carnets: fc.integer({ min: 1, max: 3 }) }),
  fc.record({ kind: fc.constant('allocate' as const), count: fc.integer({ min: 1, max: 2 }) }),
  fc.record({ kind: fc.constant('takeBack' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('distribute' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('redeem' as const), pick: fc.nat(), size: fc.integer({ min: 1, max: 3 }) }),
  fc.record({ kind: fc.constant('undo' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('expire' as const), pick: fc.nat() }),
);

let person = 0;
const redemptions: string[] = [];

async function carnets(where: string): Promise<string[]> {
  const rows = await t.db.query<{ serial: string }>(
    `SELECT serial FROM carnets c WHERE programme_id = $1 AND ${where} ORDER BY sequence`,
    [BFC_ID],
  );
  return rows.map((r) => r.serial);
}
const pickOf = <T>(list: T[], i: number): T | undefined => list[i % Math.max(1, list.length)];

async function apply(o: Op): Promise<number> {
  switch (o.kind) {
    case 'order': {
      const res = await call(t, OPERATOR, 'POST', `/api/v1/programmes/${BFC_ID}/orders`, { carnets: o.carnets });
      await t.jobs.drain();
      return res.statusCode;
    }
    case 'allocate':
      return (
        await call(t, OPERATOR, 'POST', `/api/v1/programmes/${BFC_ID}/allocations`, {
          distributorId: DEMO_ORGANISATIONS.mlDijon.id,
          count: o.count,
        })
      ).statusCode;
    case 'takeBack': {
      const serial = pickOf(await carnets('holder_organisation_id IS NOT NULL AND beneficiary_id IS NULL'), o.pick);
      return serial ? (await call(t, OPERATOR, 'DELETE', `/api/v1/carnets/${serial}/allocation`)).statusCode : 0;
    }
    case 'distribute': {
      const serial = pickOf(await carnets('holder_organisation_id IS NOT NULL AND beneficiary_id IS NULL'), o.pick);
      if (!serial) return 0;
      person++;
      const beneficiary = {
        birthYear: 2003,
        birthMonth: 2,
        communeInsee: '25056',
        publicCategory: 'demandeur_emploi',
        firstName: 'P',
        lastName: `Propriété${person}`,
      };
      return (await call(t, DISTRIBUTOR, 'POST', `/api/v1/carnets/${serial}/distribution`, { beneficiary })).statusCode;
    }
    case 'redeem': {
      const serial = pickOf(await carnets('beneficiary_id IS NOT NULL'), o.pick);
      if (!serial) return 0;
      const codes = (await codesOfCarnet(t.db, t.config.secret, serial)).slice(0, o.size);
      const res = await call(t, VENUE, 'POST', '/api/v1/redemptions', {
        venueId: DEMO_ORGANISATIONS.epnDijon.id,
        codes,
      });
      if (res.statusCode === 201) redemptions.push(res.json().redemptionId);
      return res.statusCode;
    }
    case 'undo': {
      const id = pickOf(redemptions, o.pick);
      return id ? (await call(t, VENUE, 'DELETE', `/api/v1/redemptions/${id}`)).statusCode : 0;
    }
    case 'cancel': {
      const serial = pickOf(await carnets('true'), o.pick);
      return serial
        ? (await call(t, OPERATOR, 'POST', `/api/v1/carnets/${serial}/cancellation`, { reason: 'Perdu (test)' }))
            .statusCode
        : 0;
    }
    case 'expire': {
      const serial = pickOf(await carnets('true'), o.pick);
      if (!serial) return 0;
      await t.db.query(
        `UPDATE passes SET expires_on = current_date - 1 WHERE carnet_id = (SELECT id FROM carnets WHERE serial = $1)`,
        [serial],
      );
      await expirePasses(t.db);
      return 200;
    }
  }
}

it('keeps the ledger balanced and equal to the pass states after every step of random operation sequences', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(op, { minLength: 1, maxLength: 12 }),
      fc.array(fc.boolean()),
      async (ops, compactions) => {
        for (const [i, o] of ops.entries()) {
          const status = await apply(o);
          // The kept balances must equal the journal whether or not the deltas were folded in yet.
          if (compactions[i]) await compactLedger(t.db);
          // Refusals are fine (a carnet no longer available, a pass already spent); failures are not.
          expect(status, JSON.stringify(o)).toBeLessThan(500);
          expect(await ledgerViolations(t.db, BFC_ID), JSON.stringify(o)).toEqual([]);
          // The dashboard's pre-aggregate equals the passes themselves, whatever happened.
          const [kept, fresh] = await Promise.all([
            t.db.query(
              `SELECT carnet_id::text AS id, used, used_cents::int, reimbursed, expired, cancelled, cancelled_cents::int,
                    first_used_at FROM carnet_usage WHERE programme_id = $1 ORDER BY carnet_id`,
              [BFC_ID],
            ),
            t.db.query(
              `SELECT c.id::text AS id,
                    count(*) FILTER (WHERE p.state IN ('redeemed', 'reimbursed'))::int AS used,
                    COALESCE(sum(p.value_cents) FILTER (WHERE p.state IN ('redeemed', 'reimbursed')), 0)::int AS used_cents,
                    count(*) FILTER (WHERE p.state = 'reimbursed')::int AS reimbursed,
                    count(*) FILTER (WHERE p.state = 'expired')::int AS expired,
                    count(*) FILTER (WHERE p.state = 'cancelled')::int AS cancelled,
                    COALESCE(sum(p.value_cents) FILTER (WHERE p.state = 'cancelled'), 0)::int AS cancelled_cents,
                    (SELECT min(r.created_at) FROM passes x JOIN redemption_passes rp ON rp.pass_id = x.id AND rp.active
                       JOIN redemptions r ON r.id = rp.redemption_id WHERE x.carnet_id = c.id) AS first_used_at
               FROM carnets c JOIN passes p ON p.carnet_id = c.id
              WHERE c.programme_id = $1 AND c.beneficiary_id IS NOT NULL GROUP BY c.id ORDER BY c.id`,
              [BFC_ID],
            ),
          ]);
          expect(kept, JSON.stringify(o)).toEqual(fresh);
          // Each live validation counts the passes it spent, as its lines say.
          const miscounted = await t.db.query(
            `SELECT r.id FROM redemptions r WHERE r.undone_at IS NULL
              AND r.passes <> (SELECT count(*) FROM redemption_passes rp WHERE rp.redemption_id = r.id AND rp.active)`,
          );
          expect(miscounted, JSON.stringify(o)).toEqual([]);
          const counts = await t.db.query<{ issued: number; accounted: number }>(
            `SELECT (SELECT count(*) FROM passes WHERE programme_id = $1)::int AS issued,
                  (SELECT count(*) FROM passes WHERE programme_id = $1
                     AND state IN ('issued','distributed','redeemed','reimbursed','cancelled','expired'))::int AS accounted`,
            [BFC_ID],
          );
          expect(counts[0]?.issued).toBe(counts[0]?.accounted);
        }
      },
    ),
    { numRuns: 12 },
  );
}, 180_000);
