import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Coverage } from '../../src/modules/territory/coverage.contract.js';
import { BFC, LOZERE } from '../actors.js';
import { codesOfCarnet } from '../vouchers-helpers.js';
import { apiAs, axeViolations, type BrowserEnv, bfcHandedOutCarnet, signIn, startBrowserEnv } from './browser.js';

let env: BrowserEnv;
beforeAll(async () => {
  // Tiles from a port where nothing listens: the usage map needs none, and nothing leaves the machine.
  env = await startBrowserEnv({ MAP_TILE_URL: 'http://127.0.0.1:9/{z}/{x}/{y}.png' });
});
afterAll(() => env?.close());

describe('the usage dashboard in Chromium', () => {
  it('a funder opens the usage of its programme, changes the period (kept in the URL); charts have their tables; accessible', async () => {
    // Some usage to show: a carnet handed out.
    await bfcHandedOutCarnet(env.baseUrl, 'Tableau');

    const page = await (await env.browser.newContext({ locale: 'fr-FR' })).newPage();
    const violations: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') violations.push(m.text());
    });
    await signIn(page, env.baseUrl, BFC.funder, 'Passnum-demo-funder-bfc');
    await page.getByRole('heading', { level: 1, name: 'Espace commanditaire' }).waitFor();
    await page.goto(`${env.baseUrl}/programmes/${BFC.id}/usage`);
    await page.getByRole('heading', { level: 2, name: 'Usage des pass' }).waitFor();
    await page.getByRole('table', { name: /Parcours des pass/ }).waitFor();
    await page.getByRole('cell', { name: 'Remis', exact: true }).waitFor();
    await page.locator('bar-chart').first().waitFor({ state: 'attached' });
    await page.getByTestId('carte-usage').waitFor({ state: 'attached' });
    await page.getByRole('table', { name: /Campagnes de relance/ }).waitFor();
    await page.getByRole('cell', { name: 'Relances automatiques' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    // The workbook downloads: a real XLSX (a zip: it starts with PK).
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Télécharger tous les tableaux (XLSX)' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('usage-des-pass.xlsx');
    const path = await download.path();
    expect((await readFile(path)).subarray(0, 2).toString()).toBe('PK');
    const [report] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Télécharger le rapport pour les financeurs (PDF)' }).click(),
    ]);
    expect((await readFile(await report.path())).subarray(0, 5).toString()).toBe('%PDF-');

    // A period before any hand-out: nothing handed out, in the URL too.
    await page.getByLabel('Remis à partir du').fill('2001-01-01');
    await page.getByLabel("Remis jusqu'au").fill('2001-12-31');
    await expect.poll(() => page.url()).toContain('du=2001-01-01');
    await expect.poll(() => page.url()).toContain('au=2001-12-31');
    const remis = page.getByRole('row', { name: /^Remis / });
    await expect.poll(async () => (await remis.textContent())?.replace(/\s/g, '')).toMatch(/^Remis00/);
    expect(violations.filter((v) => /Content Security Policy/i.test(v))).toEqual([]);
    await page.context().close();
  });

  it('a beneficiary answers the questionnaire about a used pass on a 375 px phone; a missing answer is named in French', async () => {
    const serial = await bfcHandedOutCarnet(env.baseUrl, 'Mobile');
    const [code] = await codesOfCarnet(env.db, env.config.secret, serial as string);
    const venueApi = await apiAs(env.baseUrl, BFC.venue, 'Passnum-demo-venue-bfc');
    await venueApi('POST', '/redemptions', { venueId: BFC.venueId, codes: [code] });

    const phone = await (
      await env.browser.newContext({ locale: 'fr-FR', viewport: { width: 375, height: 812 } })
    ).newPage();
    await phone.goto(`${env.baseUrl}/p/${(code as string).replace(/-/g, '')}`);
    await phone.getByRole('heading', { level: 2, name: "Votre avis sur l'atelier" }).waitFor();
    expect(await axeViolations(phone)).toEqual([]);
    await phone
      .getByRole('group', { name: /Êtes-vous satisfait/ })
      .getByLabel('4')
      .check({ force: true });
    await phone.getByRole('button', { name: 'Envoyer mon avis' }).click();
    await phone.getByText('Choisissez un des trois niveaux proposés.').first().waitFor();
    await phone
      .getByRole('group', { name: /Avant l'atelier/ })
      .getByLabel('Entièrement accompagné')
      .check({ force: true });
    await phone
      .getByRole('group', { name: /Après l'atelier/ })
      .getByLabel('Partiellement autonome')
      .check({ force: true });
    await phone
      .getByRole('group', { name: /Recommanderiez-vous/ })
      .getByLabel('Oui')
      .check({ force: true });
    await phone.getByLabel(/Un commentaire/).fill('Patient et clair');
    await phone.getByRole('button', { name: 'Envoyer mon avis' }).click();
    await phone.getByRole('heading', { name: 'Merci pour votre avis' }).waitFor();
    expect(await axeViolations(phone)).toEqual([]);
    const stored = await env.db.query<{ satisfaction: number; autonomy_after: string }>(
      "SELECT satisfaction, autonomy_after FROM evaluations WHERE comment = 'Patient et clair'",
    );
    expect(stored).toEqual([{ satisfaction: 4, autonomy_after: 'partiel' }]);
    await phone.context().close();
  });

  it('a distributor sees the usage of its own carnets and those not used yet, to call people back; accessible', async () => {
    const serial = await bfcHandedOutCarnet(env.baseUrl, 'Relance');
    const page = await (await env.browser.newContext({ locale: 'fr-FR' })).newPage();
    await signIn(page, env.baseUrl, BFC.distributor, 'Passnum-demo-distributor-bfc');
    await page.getByRole('heading', { level: 1, name: 'Espace prescripteur' }).waitFor();
    await page.goto(`${env.baseUrl}/programmes/${BFC.id}/usage`);
    await page.getByText('Les carnets que vous avez remis, et ce que les personnes en ont fait.').waitFor();
    await page.getByRole('heading', { name: 'Carnets remis pas encore utilisés' }).waitFor();
    await page
      .getByRole('row', { name: new RegExp(serial) })
      .getByText("N'a pas accepté les rappels")
      .waitFor();
    expect(await page.getByRole('link', { name: /rapport pour les financeurs/ }).count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
    await page.context().close();
  });

  it('a distributor reminds a person who agreed to it, by e-mail, once a week; accessible', async () => {
    // No holdout in this campaign, so the carnet below is surely one to remind.
    const operatorApi = await apiAs(env.baseUrl, BFC.operator, 'Passnum-demo-operator-bfc');
    await operatorApi('POST', `/programmes/${BFC.id}/reminder-campaigns`, { name: 'Sans témoin', holdoutPercent: 0 });
    const serial = await bfcHandedOutCarnet(env.baseUrl, 'Rappel', {
      consentReminders: true,
      email: 'rappel@example.org',
    });
    const page = await (await env.browser.newContext({ locale: 'fr-FR' })).newPage();
    await signIn(page, env.baseUrl, BFC.distributor, 'Passnum-demo-distributor-bfc');
    await page.getByRole('heading', { level: 1, name: 'Espace prescripteur' }).waitFor();
    await page.goto(`${env.baseUrl}/programmes/${BFC.id}/usage`);
    const row = page.getByRole('row', { name: new RegExp(serial) });
    await row.getByText('rappel@example.org').waitFor();
    await row.getByRole('button', { name: 'Relancer' }).click();
    await page.getByText(`Relance du carnet ${serial} envoyée (courriel).`).waitFor();
    await row.getByText(/Relancé le/).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await row.getByRole('button', { name: 'Relancer' }).click();
    await page.getByText('Cette personne a été relancée il y a moins de 7 jours.').waitFor();
    await page.context().close();
  });

  it('the hub finds the Lozère communes farther than 20 km from any qualified venue, on the map and in the table; accessible', async () => {
    const operatorApi = await apiAs(env.baseUrl, LOZERE.operator, 'Passnum-demo-operator-lozere');
    const coverage = (await operatorApi('GET', `/programmes/${LOZERE.id}/coverage`)) as Coverage;
    const far = coverage.communes.filter((c) => c.venueKm === null || c.venueKm > 20);
    expect(far.length).toBeGreaterThan(0);
    const page = await (await env.browser.newContext({ locale: 'fr-FR' })).newPage();
    await signIn(page, env.baseUrl, LOZERE.operator, 'Passnum-demo-operator-lozere');
    await page.getByRole('heading', { level: 1, name: 'Espace opérateur' }).waitFor();
    await page.goto(`${env.baseUrl}/programmes/${LOZERE.id}/couverture`);
    await page.getByRole('heading', { level: 2, name: 'Couverture du territoire' }).waitFor();
    await page.getByLabel('Montrer les communes éloignées de plus de').selectOption('20');
    const table = page.getByRole('table', { name: new RegExp(`^${far.length} commune\\(s\\) à plus de 20 km`) });
    await table.waitFor();
    // The first row is the commune the diagnostic puts first: the farthest, weighted by population.
    await table.getByRole('row').nth(1).getByText(`${far[0]?.name} (${far[0]?.code})`).waitFor();
    // On the map, one enlarged point per commune of the table.
    await expect.poll(() => page.locator('path.commune-eloignee').count()).toBe(far.length);
    expect(await axeViolations(page)).toEqual([]);
    await page.getByLabel('Montrer les communes éloignées de plus de').selectOption('30');
    await expect.poll(() => page.url()).toContain('au-dela=30');
    await page.context().close();
  });
});
