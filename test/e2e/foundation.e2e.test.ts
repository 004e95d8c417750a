import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS, DEMO_PROGRAMMES } from '../../src/modules/demo/demo.data.js';
import { ADMIN, BFC, LOZERE } from '../actors.js';
import { axeViolations, type BrowserEnv, signIn, startBrowserEnv } from './browser.js';

const HOME_TITLES: Record<string, string> = {
  admin: 'Administration de la plateforme',
  operator: 'Espace opérateur',
  funder: 'Espace commanditaire',
  distributor: 'Espace prescripteur',
  referrer: 'Espace orienteur',
  venue: 'Espace lieu de médiation numérique',
};

let env: BrowserEnv;
beforeAll(async () => {
  env = await startBrowserEnv();
});
afterAll(() => env?.close());

async function newPage(): Promise<Page> {
  const context = await env.browser.newContext({ locale: 'fr-FR' });
  return context.newPage();
}

describe('the web shell in Chromium', () => {
  it('welcomes a visitor with what a Pass numérique is and a field to check a pass, on a phone too', async () => {
    for (const width of [1280, 375]) {
      const page = await (
        await env.browser.newContext({ locale: 'fr-FR', viewport: { width, height: 800 } })
      ).newPage();
      await page.goto(`${env.baseUrl}/`);
      await page.getByRole('heading', { level: 1, name: 'Le Pass numérique' }).waitFor();
      await page.getByRole('link', { name: /Obtenir un carnet/ }).waitFor();
      await page.getByRole('link', { name: /Utiliser ses pass/ }).waitFor();
      expect(await axeViolations(page)).toEqual([]);
      await page.getByLabel('Code du pass').fill('7kq4 m9xz 2hd8 t');
      await page.getByRole('button', { name: 'Vérifier' }).click();
      await page.waitForURL(/\/p\/7KQ4M9XZ2HD8T$/);
      await page.context().close();
    }
  });

  it("wears the operator's identity, not the State's, in the default territoire theme", async () => {
    const page = await newPage();
    await page.goto(`${env.baseUrl}/`);
    await page.getByRole('heading', { level: 1, name: 'Le Pass numérique' }).waitFor();
    expect(await page.locator('.fr-header__logo').isVisible()).toBe(false);
    expect(await page.getByText('République', { exact: false }).first().isVisible()).toBe(false);
    const font = await page.evaluate(() => getComputedStyle(document.body).fontFamily);
    expect(font).not.toMatch(/Marianne/);
    const primary = await page.evaluate(() =>
      getComputedStyle(document.documentElement).getPropertyValue('--blue-france-sun-113-625').trim(),
    );
    expect(primary).toBe(env.config.brand.color);
    expect(await axeViolations(page)).toEqual([]);
    await page.context().close();
  });

  it('shows an accessible sign-in page and refuses a wrong password in French', async () => {
    const page = await newPage();
    await page.goto(`${env.baseUrl}/`);
    await page.getByRole('link', { name: 'Se connecter' }).last().click();
    await page.waitForURL(/\/connexion/);
    // The URL changes before the page is drawn: wait for the heading itself, not the first h1 found.
    await page.getByRole('heading', { level: 1, name: 'Connexion à Passnum' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await signIn(page, env.baseUrl, ADMIN, 'mauvais mot de passe');
    await page.getByText('Adresse électronique ou mot de passe incorrect.').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.context().close();
  });

  for (const account of DEMO_ACCOUNTS) {
    it(`signs in as ${account.role} (${account.email}) and lands on that role's home page`, async () => {
      const page = await newPage();
      await signIn(page, env.baseUrl, account.email, account.password);
      const h1 = page.getByRole('heading', { level: 1, name: HOME_TITLES[account.role] });
      await h1.waitFor();
      await expect(page.getByText(account.organisation.name, { exact: false }).first().isVisible()).resolves.toBe(true);
      expect(await axeViolations(page)).toEqual([]);
      await page.context().close();
    });
  }

  it('lets an operator browse, edit a programme and find the change in the audit log, every page accessible', async () => {
    const page = await newPage();
    const operator = DEMO_ACCOUNTS.find((a) => a.email === LOZERE.operator);
    if (!operator) throw new Error('demo operator missing');
    await signIn(page, env.baseUrl, operator.email, operator.password);
    await page.getByRole('heading', { level: 1, name: 'Espace opérateur' }).waitFor();

    await page.getByRole('link', { name: 'Programmes' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Programmes' }).waitFor();
    await page.getByRole('link', { name: 'Pass numériques Lozère' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);

    await page.getByRole('link', { name: 'Pass numériques Lozère' }).click();
    await page.getByRole('heading', { level: 1, name: 'Pass numériques Lozère' }).waitFor();
    await expect(page.getByText('Restreinte aux prescripteurs désignés').isVisible()).resolves.toBe(true);
    expect(await axeViolations(page)).toEqual([]);

    await page.getByRole('link', { name: 'Modifier le programme' }).click();
    await page.getByRole('heading', { level: 1, name: 'Modifier le programme' }).waitFor();
    await page.getByLabel('Nom du programme').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.getByLabel('Carnets par personne').fill('2');
    await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
    await page.waitForURL(`${env.baseUrl}/programmes/${DEMO_PROGRAMMES.lozere}`);
    await page.getByRole('heading', { level: 1, name: 'Pass numériques Lozère' }).waitFor();
    const carnets = page.locator('dt', { hasText: 'Carnets par personne' }).locator('xpath=following-sibling::dd');
    await expect(carnets.textContent()).resolves.toBe('2');

    await page.getByRole('link', { name: "Journal d'audit" }).first().click();
    await page.getByRole('heading', { level: 1, name: "Journal d'audit" }).waitFor();
    // Actions are in French, objects named by their whole identifier.
    await page.getByRole('cell', { name: 'Programme modifié' }).first().waitFor();
    await page
      .getByRole('cell', { name: `programme ${DEMO_PROGRAMMES.lozere}` })
      .first()
      .waitFor();
    await page.getByRole('link', { name: 'Exporter ces entrées (CSV)' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.context().close();
  });

  it('shows a rule refusal from the API in French on the edit form', async () => {
    const page = await newPage();
    await signIn(page, env.baseUrl, BFC.operator, 'Passnum-demo-operator-bfc');
    await page.getByRole('heading', { level: 1, name: 'Espace opérateur' }).waitFor();
    await page.goto(`${env.baseUrl}/programmes/${DEMO_PROGRAMMES.bfc}/modifier`);
    await page.getByLabel('Part du financeur 1 (%)').fill('40');
    await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
    await page.getByText('Les parts totalisent 90 % au lieu de 100 %.').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.context().close();
  });

  it('every tab of a programme has its URL and passes axe-core, for the operator and for a funder', async () => {
    const page = await newPage();
    await signIn(page, env.baseUrl, BFC.operator, 'Passnum-demo-operator-bfc');
    await page.getByRole('heading', { level: 1, name: 'Espace opérateur' }).waitFor();
    const tabs: [string, string][] = [
      ['usage', 'Usage des pass'],
      ['couverture', 'Couverture du territoire'],
      ['stock', 'Commandes de carnets'],
      ['distribution', 'Carnet perdu, volé ou abîmé'],
      ['lieux', 'Lieux de médiation numérique'],
      ['paiements', 'Paiement des lieux'],
      ['budget', 'Budget et usage'],
      ['acteurs', 'Acteurs du programme'],
    ];
    for (const [tab, heading] of tabs) {
      await page.goto(`${env.baseUrl}/programmes/${BFC.id}/${tab}`);
      await page.getByRole('heading', { name: heading }).first().waitFor();
      await expect(page.getByRole('tab', { selected: true }).textContent()).resolves.toBeTruthy();
      expect(await axeViolations(page), tab).toEqual([]);
    }
    await page.context().close();

    const funder = await newPage();
    await signIn(funder, env.baseUrl, BFC.funder, 'Passnum-demo-funder-bfc');
    await funder.getByRole('heading', { level: 1, name: 'Espace commanditaire' }).waitFor();
    await funder.goto(`${env.baseUrl}/programmes/${BFC.id}/budget`);
    await funder.getByRole('heading', { name: 'Suivi financier' }).waitFor();
    expect(await funder.getByRole('tab').count()).toBe(4);
    expect(await axeViolations(funder)).toEqual([]);
    // A tab the funder does not have is not there.
    await funder.goto(`${env.baseUrl}/programmes/${BFC.id}/paiements`);
    await funder.getByRole('heading', { level: 1, name: 'Page introuvable' }).waitFor();
    await funder.context().close();
  });
});
