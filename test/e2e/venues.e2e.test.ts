import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PROGRAMMES } from '../../src/modules/demo/demo.data.js';
import { BFC, LOZERE } from '../actors.js';
import { newProgramme } from '../helpers.js';
import { apiAs, axeViolations, type BrowserEnv, signIn, startBrowserEnv } from './browser.js';

let env: BrowserEnv;
beforeAll(async () => {
  // Tiles from a port where nothing listens: the directory must work from its list alone.
  env = await startBrowserEnv({ MAP_TILE_URL: 'http://127.0.0.1:9/{z}/{x}/{y}.png' });
});
afterAll(() => env?.close());

const MENDE = { latitude: 44.5181, longitude: 3.5006 };

describe('venues in Chromium', () => {
  it('a venue applies, the operator qualifies it, it appears on /lieux near Mende; every page accessible', async () => {
    // The venue applies through the public form, without an account.
    const visitor = await (await env.browser.newContext({ locale: 'fr-FR' })).newPage();
    await visitor.goto(`${env.baseUrl}/lieux/candidature`);
    await visitor.getByRole('heading', { level: 1, name: 'Candidater comme lieu de médiation numérique' }).waitFor();
    await visitor.getByLabel('Nom de la structure').fill('Atelier numérique du Gévaudan');
    await visitor.getByLabel('SIRET').fill('44306184100047');
    await visitor.getByLabel('Votre nom').fill('Gaëlle Médiatrice');
    await visitor.getByLabel('Votre adresse électronique').fill('gaelle@gevaudan.test');
    await visitor.getByLabel('Adresse', { exact: true }).fill('12 boulevard du Soubeyran');
    await visitor.getByRole('combobox', { name: /^Commune/ }).fill('Mende');
    await visitor.locator('#communes-candidature option[value="Mende (48095)"]').waitFor({ state: 'attached' });
    await visitor.getByRole('combobox', { name: /^Commune/ }).fill('Mende (48095)');
    await expect.poll(() => visitor.getByLabel('Code postal').inputValue()).toBe('48000');
    await visitor.getByLabel('Latitude').fill('44,5172');
    await visitor.getByLabel('Longitude').fill('3,4990');
    await visitor.getByLabel("Horaires d'ouverture (facultatif)").fill('Tu-Sa 09:00-12:30');
    await visitor.getByLabel('Maîtrise des outils numériques du quotidien').first().check({ force: true });
    await visitor.getByLabel('IBAN').fill('FR76 3000 6000 0112 3456 7890 189');
    await visitor.getByLabel('BIC').fill('AGRIFRPP882');
    await visitor.getByLabel('Pass numériques Lozère').check({ force: true });
    await visitor.getByLabel(/J'accepte la charte/).check({ force: true });
    expect(await axeViolations(visitor)).toEqual([]);
    await visitor.getByRole('button', { name: 'Envoyer ma candidature' }).click();
    await visitor.getByRole('heading', { name: 'Candidature envoyée' }).waitFor();
    await visitor.context().close();

    // The operator qualifies it from the programme page.
    const operator = await (await env.browser.newContext({ locale: 'fr-FR' })).newPage();
    await signIn(operator, env.baseUrl, LOZERE.operator, 'Passnum-demo-operator-lozere');
    await operator.getByRole('heading', { level: 1, name: 'Espace opérateur' }).waitFor();
    await operator.goto(`${env.baseUrl}/programmes/${DEMO_PROGRAMMES.lozere}/lieux`);
    const decision = operator.getByLabel('Décision pour Atelier numérique du Gévaudan');
    await decision.waitFor();
    expect(await axeViolations(operator)).toEqual([]);
    await decision.selectOption({ label: 'Qualifier (ou renouveler)' });
    await decision.locator('xpath=ancestor::form').getByRole('button', { name: 'Enregistrer' }).click();
    await operator.getByText('Décision enregistrée pour Atelier numérique du Gévaudan').waitFor();
    await operator.context().close();

    // Anyone near Mende now finds it, nearest first, with its page.
    const resident = await (
      await env.browser.newContext({ locale: 'fr-FR', geolocation: MENDE, permissions: ['geolocation'] })
    ).newPage();
    await resident.goto(`${env.baseUrl}/lieux`);
    await resident.getByRole('heading', { level: 1, name: 'Lieux et ateliers près de chez vous' }).waitFor();
    await resident.getByRole('button', { name: 'Près de moi' }).click();
    const link = resident.getByRole('link', { name: 'Atelier numérique du Gévaudan' });
    // The list shown before the position is known holds it too: wait for the one with distances.
    await resident.locator('#resultats + ul li', { hasText: /Gévaudan.* km/s }).waitFor();
    const names = await resident.locator('#resultats + ul h3').allTextContents();
    expect(names.slice(0, 2)).toContain('Atelier numérique du Gévaudan');
    expect(await axeViolations(resident)).toEqual([]);
    // Every place known is listed; the filter keeps those that take passes, each saying so.
    const all = await resident.locator('#resultats + ul li').count();
    await resident.getByText('Un lieu qui accepte le Pass numérique').click();
    await expect.poll(() => resident.url()).toContain('kind=venue');
    await resident.locator('#resultats + ul li', { hasText: /Gévaudan.* km/s }).waitFor();
    const taking = resident.locator('#resultats + ul li');
    await expect.poll(() => taking.count()).toBeLessThan(all);
    for (const item of await taking.all())
      await item
        .getByText(/^Accepte /)
        .first()
        .waitFor();
    await link.click();
    await resident.getByRole('heading', { level: 1, name: 'Atelier numérique du Gévaudan' }).waitFor();
    await resident.getByText('Mardi : 09h00 – 12h30').waitFor();
    expect(await axeViolations(resident)).toEqual([]);

    // The commune search finds it too, with no map tiles at all.
    await resident.goto(`${env.baseUrl}/lieux`);
    await resident.getByLabel('Commune ou code postal').fill('48000');
    await resident.locator('#communes option').first().waitFor({ state: 'attached' });
    await resident.getByRole('button', { name: 'Rechercher' }).click();
    await resident.getByRole('link', { name: 'Atelier numérique du Gévaudan' }).waitFor();
    await resident.context().close();
  });
  it('a known venue applies from its page to a new programme of its territory; the page stays accessible', async () => {
    // The operator opens a programme for the Côte-d'Or (through the API, as venue software would).
    const operatorApi = await apiAs(env.baseUrl, BFC.operator, 'Passnum-demo-operator-bfc');
    await operatorApi('POST', '/programmes', newProgramme('CDO28'));

    const venue = await (await env.browser.newContext({ locale: 'fr-FR' })).newPage();
    await signIn(venue, env.baseUrl, BFC.venue, 'Passnum-demo-venue-bfc');
    await venue.waitForURL((url) => !url.pathname.startsWith('/connexion'));
    await venue.goto(`${env.baseUrl}/mon-lieu`);
    await venue.getByText('Candidater à un autre programme').click();
    await venue.getByLabel('Programme', { exact: true }).selectOption({ label: 'Pass numérique Côte-d’Or' });
    await venue.getByLabel(/J'accepte la charte/).check({ force: true });
    expect(await axeViolations(venue)).toEqual([]);
    await venue.getByRole('button', { name: 'Envoyer ma candidature' }).click();
    await venue.getByText('Candidature envoyée pour Pass numérique Côte-d’Or').waitFor();
    await venue.locator('li', { hasText: 'Pass numérique Côte-d’Or' }).getByText('en attente').waitFor();
    expect(await axeViolations(venue)).toEqual([]);
    await venue.context().close();
  });

  it('shows a venue name that holds markup as text on the map: no script runs, the CSP reports nothing', async () => {
    const venueApi = await apiAs(env.baseUrl, BFC.venue, 'Passnum-demo-venue-bfc');
    const mine = (await venueApi('GET', '/me/venue')) as { places: Record<string, unknown>[] };
    const place = mine.places[0] as Record<string, unknown>;
    const payload = 'EPN <img src=x onerror="window.__xss=1">';
    await venueApi('PUT', `/venues/${place.id}`, {
      name: payload,
      address: place.address,
      postcode: place.postcode,
      communeInsee: place.communeInsee,
      latitude: place.latitude,
      longitude: place.longitude,
      services: place.services,
    });

    const page = await (await env.browser.newContext({ locale: 'fr-FR' })).newPage();
    const cspReports: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) cspReports.push(m.text());
    });
    await page.goto(`${env.baseUrl}/lieux`);
    await page.getByRole('heading', { level: 3, name: payload }).waitFor();
    const markers = page.locator('[data-testid="carte"] path.leaflet-interactive');
    await markers.first().waitFor();
    // Markers may overlap: each gets its own mouseover, as a pointer over it would send.
    for (const marker of await markers.all()) await marker.dispatchEvent('mouseover');
    const tooltips = await page.locator('.leaflet-tooltip').allTextContents();
    expect(tooltips).toContain(payload);
    expect(await page.locator('[data-testid="carte"] img[src="x"]').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(cspReports).toEqual([]);
    await page.context().close();
  });

  it('a venue edits its hours and contact on a phone; its public page shows them and a small map, accessible at 375 px', async () => {
    const venue = await (
      await env.browser.newContext({ locale: 'fr-FR', viewport: { width: 375, height: 812 } })
    ).newPage();
    await signIn(venue, env.baseUrl, BFC.venue, 'Passnum-demo-venue-bfc');
    await venue.getByRole('heading', { level: 1, name: 'Espace lieu de médiation numérique' }).waitFor();
    await venue.goto(`${env.baseUrl}/mon-lieu`);
    const form = venue.locator('form', { has: venue.getByRole('heading', { name: 'Horaires et contact' }) }).first();
    await form.getByLabel("Horaires d'ouverture").fill('Mo-Fr 09:00-12:00,14:00-17:30');
    await form.getByLabel('Téléphone').fill('03 80 44 55 66');
    await form.getByLabel('Courriel de contact').fill('accueil@epn-dijon.example');
    await form.getByLabel('Site web').fill('https://epn-dijon.example/');
    expect(await axeViolations(venue)).toEqual([]);
    await form.getByRole('button', { name: 'Enregistrer les horaires et le contact' }).click();
    await venue.getByText('Fiche enregistrée : la page publique est à jour.').first().waitFor();

    await venue.getByRole('link', { name: 'voir la fiche publique' }).first().click();
    await venue.getByRole('heading', { level: 2, name: 'Contact et accès' }).waitFor();
    await venue.getByRole('link', { name: '03 80 44 55 66' }).waitFor();
    await venue.getByRole('link', { name: 'accueil@epn-dijon.example' }).waitFor();
    await venue.getByRole('link', { name: 'https://epn-dijon.example/' }).waitFor();
    await venue.getByText('Lundi').first().waitFor();
    await venue.getByTestId('carte').waitFor({ state: 'attached' });
    expect(await axeViolations(venue)).toEqual([]);
    await venue.context().close();
  });
});
