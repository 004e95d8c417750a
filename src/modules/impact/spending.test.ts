import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BFC } from '../../../test/actors.js';
import { type TestApp, testApp } from '../../../test/helpers.js';
import { call, codesOfCarnet, issueCarnets, youngJobSeeker } from '../../../test/vouchers-helpers.js';
import type { Dashboard } from './impact.contract.js';
import { dashboard } from './impact.service.js';
import { compactSpending } from './spending.service.js';

/**
 * The whole programme's spending is read from totals kept as validations are written (deltas
 * folded in now and then). Whatever happens to the validations, and whenever the folds run, the
 * dashboard must say what a grouping of the live validations themselves says.
 */
let t: TestApp;
const venues: string[] = [];
const whole = { programmeId: BFC.id, distributorId: null };
beforeAll(async () => {
  t = await testApp();
  for (let i = 0; i < 6; i++) {
    const [org] = await t.db.query<{ id: string }>(
      `INSERT INTO organisations (name, siret, kinds) VALUES ($1, $2, ARRAY['venue']) RETURNING id`,
      [`Lieu tenu ${i}`, `7100000000000${i}`],
    );
    venues.push((org as { id: string }).id);
  }
});
afterAll(async () => t?.close());

type Spending = Pick<Dashboard, 'byVenue' | 'otherVenues' | 'byTheme' | 'byMonth'>;

/** The reference: the live validations grouped on the spot, cut as the dashboard cuts. */
async function fromValidations(venueRows: number | null): Promise<Spending> {
  const rows = await t.db.query<{
    kind: string;
    key: string | null;
    label: string | null;
    passes: number;
    cents: string;
  }>(
    `SELECT 'venue' AS kind, r.venue_organisation_id::text AS key, o.name AS label, sum(r.passes)::int AS passes, sum(r.amount_cents) AS cents
       FROM redemptions r JOIN organisations o ON o.id = r.venue_organisation_id
      WHERE r.programme_id = $1 AND r.undone_at IS NULL GROUP BY r.venue_organisation_id, o.name
     UNION ALL
     SELECT 'theme', service_id, service_id, sum(passes)::int, sum(amount_cents)
       FROM redemptions WHERE programme_id = $1 AND undone_at IS NULL GROUP BY service_id
     UNION ALL
     SELECT 'month', to_char(created_on, 'YYYY-MM'), to_char(created_on, 'YYYY-MM'), sum(passes)::int, sum(amount_cents)
       FROM redemptions WHERE programme_id = $1 AND undone_at IS NULL GROUP BY 2`,
    [BFC.id],
  );
  const of = (kind: string) =>
    rows
      .filter((r) => r.kind === kind)
      .map((r) => ({
        key: r.key ?? '—',
        label: r.label ?? 'Thème non précisé',
        passes: Number(r.passes),
        cents: Number(r.cents),
      }));
  const byVenueAll = of('venue').sort(
    (a, b) => b.passes - a.passes || Buffer.compare(Buffer.from(a.key), Buffer.from(b.key)),
  );
  const listed = venueRows === null ? byVenueAll : byVenueAll.slice(0, venueRows);
  const rest = byVenueAll.slice(listed.length);
  const byLabel = (a: { passes: number; label: string }, b: { passes: number; label: string }) =>
    b.passes - a.passes || a.label.localeCompare(b.label, 'fr');
  return {
    byVenue: listed.sort(byLabel),
    otherVenues: rest.length
      ? {
          venues: rest.length,
          passes: rest.reduce((s, v) => s + v.passes, 0),
          cents: rest.reduce((s, v) => s + v.cents, 0),
        }
      : null,
    byTheme: of('theme').sort(byLabel),
    byMonth: of('month').sort((a, b) => a.key.localeCompare(b.key)),
  };
}

async function expectKeptEqualsValidations(): Promise<void> {
  for (const venueRows of [null, 2, 3]) {
    const d = await dashboard(t.db, whole, {}, venueRows);
    expect({ byVenue: d.byVenue, otherVenues: d.otherVenues, byTheme: d.byTheme, byMonth: d.byMonth }).toEqual(
      await fromValidations(venueRows),
    );
  }
}

/** A small deterministic generator (fixed seed): the same steps on every run. */
function seeded(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return s / 2 ** 31;
  };
}

describe('the kept spending totals', () => {
  it('equal the live validations through writes, undos, moved dates, removals, statements and folds at any point', async () => {
    const random = seeded(42);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;
    const themes = [null, 'bureautique', 'demarches-en-ligne'];
    for (let step = 0; step < 60; step++) {
      const action = random();
      if (action < 0.45) {
        // A statement writing several validations at once, as the batched path does.
        const n = 1 + Math.floor(random() * 3);
        const values = Array.from({ length: n }, () => {
          const passes = 1 + Math.floor(random() * 5);
          return [pick(venues), pick(themes), passes, passes * 1000];
        });
        await t.db.query(
          `INSERT INTO redemptions (programme_id, venue_organisation_id, service_id, passes, amount_cents)
           SELECT $1, v::uuid, s, p, c FROM unnest($2::text[], $3::text[], $4::int[], $5::bigint[]) AS x(v, s, p, c)`,
          [BFC.id, values.map((v) => v[0]), values.map((v) => v[1]), values.map((v) => v[2]), values.map((v) => v[3])],
        );
      } else if (action < 0.65) {
        await t.db.query(
          `UPDATE redemptions SET undone_at = now()
            WHERE id = (SELECT id FROM redemptions WHERE programme_id = $1 AND undone_at IS NULL ORDER BY random() LIMIT 1)`,
          [BFC.id],
        );
      } else if (action < 0.75) {
        // A validation moved to another month (as the simulation spreads its history).
        await t.db.query(
          `UPDATE redemptions SET created_at = created_at - interval '40 days'
            WHERE id = (SELECT id FROM redemptions WHERE programme_id = $1 ORDER BY random() LIMIT 1)`,
          [BFC.id],
        );
      } else if (action < 0.82) {
        // A change that counts for nothing: the totals must not move.
        await t.db.query(`UPDATE redemptions SET statement_id = NULL WHERE programme_id = $1`, [BFC.id]);
      } else if (action < 0.88) {
        // Removed outright (validations written here have no pass lines), live or undone.
        await t.db.query(
          `DELETE FROM redemptions WHERE id = (SELECT r.id FROM redemptions r WHERE r.programme_id = $1
              AND NOT EXISTS (SELECT FROM redemption_passes rp WHERE rp.redemption_id = r.id) ORDER BY random() LIMIT 1)`,
          [BFC.id],
        );
      } else {
        await compactSpending(t.db);
      }
      await expectKeptEqualsValidations();
    }
    await compactSpending(t.db);
    expect(await t.db.query('SELECT 1 FROM spending_deltas')).toEqual([]);
    await expectKeptEqualsValidations();
  });

  it('drops a listed venue whose validations are undone after the fold, and lists the next one', async () => {
    await compactSpending(t.db);
    const before = await dashboard(t.db, whole, {}, 1);
    const top = before.byVenue[0]?.key as string;
    await t.db.query(
      `UPDATE redemptions SET undone_at = now() WHERE programme_id = $1 AND venue_organisation_id = $2 AND undone_at IS NULL`,
      [BFC.id, top],
    );
    const after = await dashboard(t.db, whole, {}, 1);
    expect(after.byVenue.map((v) => v.key)).not.toContain(top);
    await expectKeptEqualsValidations();
  });

  it('count the validations made through the API and their undo, folded while they run', async () => {
    const [serial] = await issueCarnets(t, BFC.operator, BFC.id, 1);
    await call(t, BFC.operator, 'POST', `/api/v1/carnets/${serial}/allocation`, { distributorId: BFC.distributorId });
    await call(t, BFC.distributor, 'POST', `/api/v1/carnets/${serial}/distribution`, youngJobSeeker('Tenu'));
    const codes = await codesOfCarnet(t.db, t.config.secret, serial as string);
    const passesAt = async () =>
      (await dashboard(t.db, whole, {}, null)).byVenue.find((v) => v.key === BFC.venueId)?.passes ?? 0;
    const prior = await passesAt();
    await t.cookieOf(BFC.venue);
    const results = await Promise.all([
      ...codes.map((code) =>
        call(t, BFC.venue, 'POST', '/api/v1/redemptions', { venueId: BFC.venueId, codes: [code] }),
      ),
      compactSpending(t.db),
      compactSpending(t.db),
    ]);
    const made = results.slice(0, codes.length) as { statusCode: number; json: () => { redemptionId: string } }[];
    for (const r of made) expect(r.statusCode).toBe(201);
    await expectKeptEqualsValidations();
    const undo = await call(t, BFC.venue, 'DELETE', `/api/v1/redemptions/${made[0]?.json().redemptionId}`);
    expect(undo.statusCode).toBe(204);
    await expectKeptEqualsValidations();
    expect(await passesAt()).toBe(prior + codes.length - 1);
  });
});
