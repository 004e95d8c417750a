import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BFC, LOZERE } from '../../../test/actors.js';
import { type TestApp, testApp } from '../../../test/helpers.js';
import { call } from '../../../test/vouchers-helpers.js';
import type { ResourceList } from './resources.contract.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
  await call(t, BFC.operator, 'POST', '/api/v1/resources', {
    title: 'Guide des formations numériques',
    description: 'Les parcours des aidants de la région, étape par étape.',
    url: 'https://example.org/guide',
    tags: ['Formation', 'aidants'],
  });
  await call(t, LOZERE.venue, 'POST', '/api/v1/resources', {
    title: 'Fiche : sécuriser son téléphone',
    description: 'Mots de passe, mises à jour, arnaques par SMS.',
    file: {
      name: 'fiche.txt',
      contentType: 'text/plain',
      contentBase64: Buffer.from('Verrouiller son écran').toString('base64'),
    },
    tags: ['sécurité'],
  });
});
afterAll(async () => t?.close());

const search = async (query: string, who = BFC.distributor) =>
  (await call(t, who, 'GET', `/api/v1/resources${query}`)).json() as ResourceList;

describe('shared resources', () => {
  it('finds resources in French whatever the inflection, and filters by tag, within the reader’s territory', async () => {
    expect((await search('?q=formation')).items.map((r) => r.title)).toEqual(['Guide des formations numériques']);
    expect((await search('?q=aidant')).items.map((r) => r.title)).toEqual(['Guide des formations numériques']);
    expect((await search('?q=guide -formation')).items).toEqual([]);
    expect((await search('?q=arnaques', LOZERE.referrer)).items.map((r) => r.title)).toEqual([
      'Fiche : sécuriser son téléphone',
    ]);
    expect((await search('?tag=sécurité', LOZERE.referrer)).items).toHaveLength(1);
    // Shared within a territory: the Lozère's sheet is not the BFC's, nor its tags.
    const bfc = await search('');
    expect(bfc.items.map((r) => r.title)).toEqual(['Guide des formations numériques']);
    expect(bfc.tags).toEqual([
      { tag: 'aidants', count: 1 },
      { tag: 'formation', count: 1 },
    ]);
    expect((await search('', 'admin@passnum.demo')).items).toHaveLength(2);
  });

  it('refuses a resource with neither link nor file, or a bad link, in French, storing nothing', async () => {
    const none = await call(t, BFC.venue, 'POST', '/api/v1/resources', { title: 'Vide' });
    expect(none.statusCode).toBe(400);
    expect(none.body).toContain('joignez un fichier ou donnez un lien');
    const bad = await call(t, BFC.venue, 'POST', '/api/v1/resources', { title: 'Lien', url: 'ftp://x' });
    expect(bad.statusCode).toBe(400);
    expect((await search('')).items).toHaveLength(1);
  });

  it('gives the file to any actor; only the organisation that shared it removes it', async () => {
    const fiche = (await search('?q=téléphone', LOZERE.funder)).items[0];
    const file = await call(t, LOZERE.funder, 'GET', `/api/v1/resources/${fiche?.id}/file`);
    expect(file.body).toBe('Verrouiller son écran');
    expect((await call(t, BFC.funder, 'GET', `/api/v1/resources/${fiche?.id}/file`)).statusCode).toBe(404);
    expect((await call(t, LOZERE.distributor, 'DELETE', `/api/v1/resources/${fiche?.id}`)).statusCode).toBe(403);
    expect(fiche?.mine).toBe(false);
    expect((await call(t, LOZERE.venue, 'DELETE', `/api/v1/resources/${fiche?.id}`)).statusCode).toBe(204);
    expect((await search('?q=téléphone', LOZERE.funder)).items).toEqual([]);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/resources' })).statusCode).toBe(401);
  });

  it('never serves an uploaded page or image with scripts as something the browser would run', async () => {
    const shared = await call(t, BFC.venue, 'POST', '/api/v1/resources', {
      title: 'Page piégée',
      file: {
        name: 'piege.html',
        contentType: 'text/html',
        contentBase64: Buffer.from('<script>alert(1)</script>').toString('base64'),
      },
    });
    const file = await call(t, BFC.distributor, 'GET', `/api/v1/resources/${shared.json().id}/file`);
    expect(file.headers['content-type']).toBe('application/octet-stream');
    expect(file.headers['content-disposition']).toMatch(/^attachment;/);
    expect(file.headers['x-content-type-options']).toBe('nosniff');
  });
});
