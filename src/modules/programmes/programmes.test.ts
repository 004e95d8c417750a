import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, BFC, LOZERE } from '../../../test/actors.js';
import { newProgramme, type TestApp, testApp } from '../../../test/helpers.js';
import { DEMO_ORGANISATIONS, DEMO_PROGRAMMES } from '../demo/demo.data.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

const OPERATOR = BFC.operator;

async function as(email: string, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) {
  return t.app.inject({ method, url, headers: { cookie: await t.cookieOf(email) }, ...(payload ? { payload } : {}) });
}

describe('programmes', () => {
  it('lists only the programmes where the caller holds a role, with all their fields', async () => {
    const res = await as(LOZERE.funder, 'GET', '/api/v1/programmes');
    expect(res.statusCode).toBe(200);
    const list = res.json();
    expect(list.map((p: { id: string }) => p.id)).toEqual([DEMO_PROGRAMMES.lozere]);
    expect(list[0]).toMatchObject({
      code: 'LOZ',
      envelopeCents: 4_000_000,
      engineeringCents: 400_000,
      faceValueCents: 1000,
      passesPerCarnet: 5,
      prescriptionMode: 'restricted',
      territory: { departements: ['48'] },
      maxCarnetsPerPerson: 1,
      eligibility: [{ categories: ['pic', 'rsa', 'primo_arrivant'] }, { ageMin: 60 }, { ageMin: 16, ageMax: 25 }],
    });
    expect(list[0].funders.map((f: { shareBp: number }) => f.shareBp)).toEqual([5000, 5000]);
  });

  it('lets an operator create a programme, of which it becomes operator, audited', async () => {
    const res = await as(OPERATOR, 'POST', '/api/v1/programmes', newProgramme('CDO26'));
    expect(res.statusCode).toBe(201);
    const p = res.json();
    expect(p).toMatchObject({
      code: 'CDO26',
      faceValueCents: 1000,
      passesPerCarnet: 5,
      operatorName: 'Mission régionale MedNum BFC',
    });
    const mine = await as(OPERATOR, 'GET', '/api/v1/programmes');
    expect(mine.json().map((x: { code: string }) => x.code)).toContain('CDO26');
    const audit = await t.db.query<{ action: string; after: { code: string } }>(
      `SELECT action, after FROM audit_log WHERE entity_type = 'programme' AND entity_id = $1`,
      [p.id],
    );
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'programme.create', after: { code: 'CDO26' } });
  });

  it('refuses funder shares that do not add up to 100 % with 422 and the reason', async () => {
    const body = newProgramme('BAD1');
    body.funders[1] = { organisationId: DEMO_ORGANISATIONS.anct.id, shareBp: 3000 };
    const res = await as(OPERATOR, 'POST', '/api/v1/programmes', body);
    expect(res.statusCode).toBe(422);
    expect(res.json().error).toMatchObject({
      code: 'PROGRAMME_RULES_VIOLATED',
      details: [{ field: 'funders', message: 'Les parts totalisent 90 % au lieu de 100 %.' }],
    });
    const rows = await t.db.query(`SELECT 1 FROM programmes WHERE code = 'BAD1'`);
    expect(rows).toHaveLength(0);
  });

  it('refuses a funder organisation that is not a funder', async () => {
    const body = newProgramme('BAD2');
    body.funders[0] = { organisationId: DEMO_ORGANISATIONS.mlDijon.id, shareBp: 6000 };
    const res = await as(OPERATOR, 'POST', '/api/v1/programmes', body);
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('FUNDER_NOT_FUNDER');
  });

  it('refuses a second programme with the same code with 409', async () => {
    const res = await as(OPERATOR, 'POST', '/api/v1/programmes', newProgramme('BFC22'));
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('PROGRAMME_CODE_TAKEN');
  });

  it('lets the operator edit its programme and records before and after in the audit log', async () => {
    const url = `/api/v1/programmes/${DEMO_PROGRAMMES.bfc}`;
    const res = await as(OPERATOR, 'PATCH', url, { maxCarnetsPerPerson: 2, passesPerCarnet: 4 });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ maxCarnetsPerPerson: 2, passesPerCarnet: 4, code: 'BFC22' });
    const audit = await as(OPERATOR, 'GET', `/api/v1/audit?programmeId=${DEMO_PROGRAMMES.bfc}&action=programme.update`);
    expect(audit.statusCode).toBe(200);
    const [entry] = audit.json();
    expect(entry.before.maxCarnetsPerPerson).toBe(1);
    expect(entry.after.maxCarnetsPerPerson).toBe(2);
    expect(entry.actorEmail).toBe(OPERATOR);
  });

  it('rejects an edit that breaks a rule and leaves the programme unchanged', async () => {
    const url = `/api/v1/programmes/${DEMO_PROGRAMMES.lozere}`;
    const res = await as(LOZERE.operator, 'PATCH', url, { engineeringCents: 5_000_000 });
    expect(res.statusCode).toBe(422);
    const after = await as(LOZERE.operator, 'GET', url);
    expect(after.json().engineeringCents).toBe(400_000);
  });

  it('refuses an edit from a funder of the programme', async () => {
    const res = await as(BFC.funder, 'PATCH', `/api/v1/programmes/${DEMO_PROGRAMMES.bfc}`, {
      name: 'Détourné',
    });
    expect(res.statusCode).toBe(403);
  });
});

describe('audit log', () => {
  it("keeps an operator to its own programmes' entries", async () => {
    const res = await as(LOZERE.operator, 'GET', '/api/v1/audit?limit=500');
    expect(res.statusCode).toBe(200);
    const programmes = new Set(res.json().map((e: { programmeId: string }) => e.programmeId));
    expect([...programmes].every((p) => p === DEMO_PROGRAMMES.lozere)).toBe(true);
  });

  it('gives admins every entry, filtered and paged by id', async () => {
    const first = await as(ADMIN, 'GET', '/api/v1/audit?limit=2');
    expect(first.json()).toHaveLength(2);
    const [a, b] = first.json();
    expect(a.id).toBeGreaterThan(b.id);
    const next = await as(ADMIN, 'GET', `/api/v1/audit?limit=2&beforeId=${b.id}`);
    expect(next.json()[0].id).toBeLessThan(b.id);
  });
});

describe('health and OpenAPI', () => {
  it('reports the database engine', async () => {
    const res = await t.app.inject({ url: '/api/v1/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', database: process.env.DATABASE_URL ? 'postgres' : 'pglite' });
  });

  it('publishes an OpenAPI 3 document with the routes and a docs page', async () => {
    const doc = (await t.app.inject({ url: '/api/v1/openapi.json' })).json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/programmes',
        '/api/v1/programmes/{programmeId}',
        '/api/v1/auth/login',
        '/api/v1/me',
      ]),
    );
    const docs = await t.app.inject({ url: '/api/docs/' });
    expect(docs.statusCode).toBe(200);
    expect(docs.body).toMatch(/swagger/i);
  });

  it('answers an unknown API path with a JSON 404', async () => {
    const res = await t.app.inject({ url: '/api/v1/nope' });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('NOT_FOUND');
  });
});
