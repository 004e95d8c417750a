import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BFC } from '../../../test/actors.js';
import { type TestApp, testApp } from '../../../test/helpers.js';
import { call } from '../../../test/vouchers-helpers.js';
import type { Dashboard } from './impact.contract.js';
import { dashboard } from './impact.service.js';
import { dashboardTables } from './impact.tables.js';

/**
 * A programme with many venues: the page lists those with the most passes and sums the others in
 * one line; the downloads list every venue. Five venues are given validations of 500, 400, 300,
 * 200 and 100 passes (rows written directly: the dashboard reads validations, not how they came).
 */
let t: TestApp;
const venueIds: string[] = [];
beforeAll(async () => {
  t = await testApp();
  for (const [i, passes] of [500, 400, 300, 200, 100].entries()) {
    const [org] = await t.db.query<{ id: string }>(
      `INSERT INTO organisations (name, siret, kinds) VALUES ($1, $2, ARRAY['venue']) RETURNING id`,
      [`Lieu ${passes}`, `7000000000000${i}`],
    );
    const id = (org as { id: string }).id;
    venueIds.push(id);
    await t.db.query(
      `INSERT INTO redemptions (programme_id, venue_organisation_id, amount_cents, passes) VALUES ($1, $2, $3, $4)`,
      [BFC.id, id, passes * 1000, passes],
    );
  }
});
afterAll(async () => t?.close());

const whole = { programmeId: BFC.id, distributorId: null };

describe('the venues of the usage dashboard', () => {
  it('lists the venues with the most passes and sums the others, adding up to every venue', async () => {
    const all = await dashboard(t.db, whole, {}, null);
    expect(all.otherVenues).toBeNull();
    const cut = await dashboard(t.db, whole, {}, 2);
    expect(cut.byVenue.map((v) => v.key)).toEqual(venueIds.slice(0, 2));
    expect(cut.byVenue).toEqual(all.byVenue.slice(0, 2));
    const rest = all.byVenue.slice(2);
    expect(cut.otherVenues).toEqual({
      venues: rest.length,
      passes: rest.reduce((s, v) => s + v.passes, 0),
      cents: rest.reduce((s, v) => s + v.cents, 0),
    });
    // The table shown says what it left out, in a last line that keeps the total.
    const table = dashboardTables(cut).find((x) => x.key === 'lieux');
    expect(table?.caption).toContain('les 2 premiers');
    expect(table?.rows.at(-1)).toEqual([
      `Autres lieux (${rest.length})`,
      cut.otherVenues?.passes,
      (cut.otherVenues?.cents ?? 0) / 100,
    ]);
    const listed = table?.rows.reduce((s, r) => s + Number(r[1]), 0);
    expect(listed).toBe(all.byVenue.reduce((s, v) => s + v.passes, 0));
  });

  it('lists every venue in the CSV download, whatever the page shows', async () => {
    const page = (await call(t, BFC.operator, 'GET', `/api/v1/programmes/${BFC.id}/dashboard`)).json() as Dashboard;
    const all = await dashboard(t.db, whole, {}, null);
    expect(page.byVenue.length + (page.otherVenues?.venues ?? 0)).toBe(all.byVenue.length);
    const csv = await call(t, BFC.operator, 'GET', `/api/v1/programmes/${BFC.id}/dashboard.csv?table=lieux`);
    expect(csv.statusCode).toBe(200);
    const lines = csv.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\n');
    expect(lines.slice(1).map((l) => l.split(';')[0])).toEqual(all.byVenue.map((v) => v.label));
  });
});
