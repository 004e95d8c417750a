import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOZERE } from '../../../test/actors.js';
import { type TestApp, testApp } from '../../../test/helpers.js';
import { call } from '../../../test/vouchers-helpers.js';
import type { Coverage } from './coverage.contract.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp({ directory: 'all' });
});
afterAll(async () => t?.close());

/** Haversine written again, on purpose: the test does not trust the code it checks. */
function km(a: [number, number], b: [number, number]): number {
  const r = (d: number) => (d * Math.PI) / 180;
  const h =
    Math.sin(r(b[0] - a[0]) / 2) ** 2 + Math.cos(r(a[0])) * Math.cos(r(b[0])) * Math.sin(r(b[1] - a[1]) / 2) ** 2;
  return 2 * 6371.0088 * Math.asin(Math.sqrt(h));
}

describe('the coverage diagnostic', () => {
  it('gives each Lozère commune the distance to the nearest qualified venue, as computed over the commune list', async () => {
    const res = await call(t, LOZERE.operator, 'GET', `/api/v1/programmes/${LOZERE.id}/coverage`);
    expect(res.statusCode).toBe(200);
    const c = res.json() as Coverage;
    const rows = (
      parse(readFileSync(new URL('../../../fixtures/communes/communes-2024.csv', import.meta.url)), {
        columns: true,
      }) as Record<string, string>[]
    ).filter((r) => r.code_departement === '48');
    const venues = await t.db.query<{ latitude: number; longitude: number }>(
      `SELECT v.latitude, v.longitude FROM venues v JOIN venue_qualifications q ON q.organisation_id = v.organisation_id
        WHERE q.programme_id = $1 AND q.status = 'qualified' AND v.latitude IS NOT NULL`,
      [LOZERE.id],
    );
    expect(venues.length).toBeGreaterThan(0);
    expect(c.communes).toHaveLength(rows.length);
    const byCode = new Map(c.communes.map((m) => [m.code, m]));
    const expected = rows.map((r) => {
      const d = Math.min(
        ...venues.map((v) => km([Number(r.latitude), Number(r.longitude)], [v.latitude, v.longitude])),
      );
      return { code: r.code_insee as string, km: Math.round(d * 10) / 10, population: Number(r.population_2021) };
    });
    for (const e of expected) expect(byCode.get(e.code)?.venueKm, e.code).toBe(e.km);
    const population = expected.reduce((s, e) => s + e.population, 0);
    expect(c.population).toBe(population);
    for (const band of c.bands) {
      const within = expected.filter((e) => e.km <= band.km);
      expect(band.communes).toBe(within.length);
      expect(band.population).toBe(within.reduce((s, e) => s + e.population, 0));
    }
    // Farthest first, weighted by population.
    const scores = c.communes.map((m) => (m.venueKm ?? 0) * Math.max(1, m.population));
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(c.communes.filter((m) => (m.venueKm ?? 0) > 20).length).toBe(expected.filter((e) => e.km > 20).length);
  });

  it('exports the communes as CSV and XLSX with the same figures, and is not for distributors or venues', async () => {
    const c = (await call(t, LOZERE.funder, 'GET', `/api/v1/programmes/${LOZERE.id}/coverage`)).json() as Coverage;
    const csv = await call(t, LOZERE.funder, 'GET', `/api/v1/programmes/${LOZERE.id}/coverage.csv`);
    const lines = csv.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\n');
    expect(lines[0]).toContain('Lieu qualifié le plus proche (km)');
    expect(lines).toHaveLength(c.communes.length + 1);
    const xlsx = await call(t, LOZERE.funder, 'GET', `/api/v1/programmes/${LOZERE.id}/coverage.xlsx`);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = book.worksheets[1];
    const first = c.communes[0];
    expect(sheet?.getRow(3).getCell(1).value).toBe(first?.code);
    expect(sheet?.getRow(3).getCell(6).value).toBe(first?.venueKm);
    expect((await call(t, LOZERE.distributor, 'GET', `/api/v1/programmes/${LOZERE.id}/coverage`)).statusCode).toBe(403);
    expect((await call(t, LOZERE.venue, 'GET', `/api/v1/programmes/${LOZERE.id}/coverage`)).statusCode).toBe(403);
  });
});
