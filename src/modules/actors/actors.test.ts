import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BFC, LOZERE } from '../../../test/actors.js';
import { type TestApp, testApp } from '../../../test/helpers.js';
import { call } from '../../../test/vouchers-helpers.js';
import { DEMO_ORGANISATIONS } from '../demo/demo.data.js';
import type { Actors, HelperProfile } from './actors.contract.js';

let t: TestApp;
const PHONE = '03 80 00 11 22';
beforeAll(async () => {
  t = await testApp();
});
afterAll(async () => t?.close());

const directory = async (who: string, query = '') =>
  (await call(t, who, 'GET', `/api/v1/actors${query}`)).json() as Actors;

describe('the actors’ directory', () => {
  it('a person writes and corrects their own entry; bad input is named in French and stores nothing', async () => {
    expect((await call(t, BFC.venue, 'GET', '/api/v1/me/helper-profile')).json()).toBeNull();
    const bad = await call(t, BFC.venue, 'PUT', '/api/v1/me/helper-profile', { role: 'aidant', communes: ['99999'] });
    expect(bad.json().error.code).toBe('COMMUNE_UNKNOWN');
    expect((await call(t, BFC.venue, 'PUT', '/api/v1/me/helper-profile', { role: 'sorcier' })).statusCode).toBe(400);
    expect((await call(t, BFC.venue, 'GET', '/api/v1/me/helper-profile')).json()).toBeNull();
    const saved = await call(t, BFC.venue, 'PUT', '/api/v1/me/helper-profile', {
      role: 'mediateur',
      activities: ['Aide aux démarches administratives'],
      communes: ['21231'],
      phone: PHONE,
    });
    expect(saved.statusCode).toBe(200);
    expect((saved.json() as HelperProfile).communes).toEqual([{ code: '21231', name: 'Dijon' }]);
    const corrected = await call(t, BFC.venue, 'PUT', '/api/v1/me/helper-profile', {
      role: 'conseiller_numerique',
      activities: ['Aide aux démarches administratives'],
      communes: ['21231'],
      phone: PHONE,
    });
    expect((corrected.json() as HelperProfile).role).toBe('conseiller_numerique');
  });

  it('shows the territory’s organisations and helpers, with contacts, to its signed-in actors only', async () => {
    const bfc = await directory(BFC.distributor);
    expect(bfc.organisations.map((o) => o.name)).toEqual(
      expect.arrayContaining([
        'Mission régionale MedNum BFC',
        'Espace public numérique de Dijon',
        'Mission locale de Dijon',
      ]),
    );
    expect(bfc.organisations.map((o) => o.name)).not.toContain('France Services de Mende');
    const leo = bfc.people.find((p) => p.name === 'Léo Médiateur');
    expect(leo).toMatchObject({ phone: PHONE, email: 'lieu@epn-dijon.demo', communes: ['Dijon'] });
    const epn = bfc.organisations.find((o) => o.name === 'Espace public numérique de Dijon');
    expect(epn?.places.length).toBeGreaterThan(0);
    expect((await directory(BFC.distributor, '?kind=conseiller_numerique')).organisations).toEqual([]);
    // What each organisation is: a network, a social service…, as it said on its form.
    const networks = await directory(BFC.distributor, '?sector=reseau');
    expect(networks.organisations.map((o) => o.name)).toEqual(['Mission régionale MedNum BFC']);
    expect(networks.organisations[0]?.sectors).toEqual(['reseau']);
    const changed = await call(t, BFC.operator, 'PATCH', `/api/v1/organisations/${DEMO_ORGANISATIONS.mlDijon.id}`, {
      sectors: ['emploi', 'service_social'],
    });
    expect(changed.json().sectors).toEqual(['emploi', 'service_social']);
    expect((await directory(BFC.distributor, '?sector=service_social')).organisations.map((o) => o.name)).toEqual([
      'Mission locale de Dijon',
    ]);
    expect(
      (await directory(BFC.distributor, '?q=dijon')).organisations.every((o) => /dijon/i.test(JSON.stringify(o))),
    ).toBe(true);
    // Another territory's actors see none of it.
    const lozere = await directory(LOZERE.distributor);
    expect(lozere.people.map((p) => p.name)).not.toContain('Léo Médiateur');
    expect(lozere.organisations.map((o) => o.name)).not.toContain('Espace public numérique de Dijon');
    const csv = await call(t, BFC.operator, 'GET', '/api/v1/actors.csv');
    expect(csv.body).toContain(PHONE);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/actors' })).statusCode).toBe(401);
  });

  it('never puts a person’s contact in any anonymous answer', async () => {
    const venues = await t.db.query<{ id: string }>('SELECT id FROM venues');
    const urls = [
      ...t.routes
        .filter((r) => 'public' in r.access && r.method === 'GET' && !r.url.includes(':') && !r.url.includes('*'))
        .map((r) => r.url),
      '/api/v1/public/venues?kind=all&pageSize=100',
      ...venues.map((v) => `/api/v1/public/venues/${v.id}`),
    ];
    expect(urls.length).toBeGreaterThan(5);
    for (const url of urls) {
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.body, url).not.toContain(PHONE);
      expect(res.body, url).not.toContain('lieu@epn-dijon.demo');
    }
  });
});
