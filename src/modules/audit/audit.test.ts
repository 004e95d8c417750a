import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, BFC, LOZERE } from '../../../test/actors.js';
import { type TestApp, testApp } from '../../../test/helpers.js';
import { call } from '../../../test/vouchers-helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t?.close());

describe('reading the audit log', () => {
  it('filters by author, and exports the entries the reader may see as CSV, actions in French', async () => {
    await call(t, BFC.operator, 'PATCH', `/api/v1/programmes/${BFC.id}`, { name: 'Pass numérique BFC (audit)' });
    const byAuthor = await call(t, ADMIN, 'GET', '/api/v1/audit?actor=mednum-bfc');
    expect(byAuthor.statusCode).toBe(200);
    const entries = byAuthor.json() as { actorEmail: string; action: string; entityId: string }[];
    expect(entries.length).toBeGreaterThan(0);
    expect(entries.every((e) => e.actorEmail === BFC.operator)).toBe(true);

    const csv = await call(t, BFC.operator, 'GET', `/api/v1/audit.csv?programmeId=${BFC.id}`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const rows = parse(csv.body.replace(/^\uFEFF/, ''), { columns: true }) as Record<string, string>[];
    const update = rows.find((r) => r.code_action === 'programme.update');
    expect(update).toMatchObject({ action: 'Programme modifié', identifiant: BFC.id, auteur: BFC.operator });
    // An operator's export holds its own programmes only.
    expect(rows.every((r) => r.programme === BFC.id)).toBe(true);
    const foreign = await call(t, LOZERE.operator, 'GET', `/api/v1/audit.csv?programmeId=${BFC.id}`);
    expect(foreign.statusCode).toBe(403);
  });
});
