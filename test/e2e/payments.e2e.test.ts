import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ORGANISATIONS, DEMO_PROGRAMMES } from '../../src/modules/demo/demo.data.js';
import { BFC } from '../actors.js';
import { codesOfCarnet } from '../vouchers-helpers.js';
import { apiAs, axeViolations, type BrowserEnv, bfcHandedOutCarnet, signIn, startBrowserEnv } from './browser.js';

let env: BrowserEnv;
beforeAll(async () => {
  env = await startBrowserEnv({ MAP_TILE_URL: '' });
});
afterAll(() => env?.close());

/** The API as one account, for the set-up the browser test is not about. */
async function signedIn(email: string, password: string, home: string): Promise<Page> {
  const page = await (await env.browser.newContext({ locale: 'fr-FR' })).newPage();
  await signIn(page, env.baseUrl, email, password);
  await page.getByRole('heading', { level: 1, name: home }).waitFor();
  return page;
}

describe('paying a venue in Chromium', () => {
  it('the venue submits its statement, the operator validates it, builds the batch, downloads the XML, marks it paid; the venue sees "payé"', async () => {
    // Set-up through the API: two passes spent at the EPN, bank details confirmed.
    const operatorApi = await apiAs(env.baseUrl, BFC.operator, 'Passnum-demo-operator-bfc');
    const venueApi = await apiAs(env.baseUrl, BFC.venue, 'Passnum-demo-venue-bfc');
    const serial = await bfcHandedOutCarnet(env.baseUrl, 'Paiement');
    const codes = await codesOfCarnet(env.db, env.config.secret, serial as string);
    await venueApi('POST', '/redemptions', { venueId: DEMO_ORGANISATIONS.epnDijon.id, codes: codes.slice(0, 2) });
    await venueApi('PUT', '/me/bank-account', {
      holder: 'EPN de Dijon',
      iban: 'FR1420041010050500013M02606',
      bic: 'PSSTFRPPMON',
    });
    await operatorApi(
      'POST',
      `/programmes/${DEMO_PROGRAMMES.bfc}/venues/${DEMO_ORGANISATIONS.epnDijon.id}/bank-account/confirmation`,
    );

    // The operator sets the paying account and draws up the month's statements.
    const operator = await signedIn(BFC.operator, 'Passnum-demo-operator-bfc', 'Espace opérateur');
    await operator.goto(`${env.baseUrl}/programmes/${DEMO_PROGRAMMES.bfc}/paiements`);
    await operator.getByText('Paramètres de paiement').click();
    await operator.getByLabel('Titulaire du compte payeur').fill('Mission régionale MedNum BFC');
    await operator.getByLabel('IBAN du compte payeur').fill('FR76 3000 6000 0112 3456 7890 189');
    await operator.getByLabel('BIC du compte payeur').fill('AGRIFRPP882');
    await operator.getByRole('button', { name: 'Enregistrer les paramètres' }).click();
    await operator.getByText('Paramètres enregistrés.').waitFor();
    // By default only complete periods are drawn up: the month in progress has to be asked for.
    await operator.getByRole('button', { name: 'Établir les relevés' }).click();
    await operator.getByText(/0 relevé\(s\) établi\(s\) du .*, 0 ligne\(s\)/).waitFor();
    await operator.getByLabel(/Inclure la période en cours/).check({ force: true });
    await operator.getByRole('button', { name: 'Établir les relevés' }).click();
    await operator.getByText(/1 relevé\(s\) établi\(s\) du .*, 2 ligne\(s\)/).waitFor();

    // The venue attests and submits it.
    const venue = await signedIn(BFC.venue, 'Passnum-demo-venue-bfc', 'Espace lieu de médiation numérique');
    await venue.goto(`${env.baseUrl}/mon-lieu`);
    const submit = venue.getByRole('button', { name: /transmettre le relevé/ });
    await submit.click();
    await venue.getByText('Transmis').first().waitFor();
    expect(await axeViolations(venue)).toEqual([]);

    // The operator validates, builds the batch, downloads the SEPA file, marks the batch paid.
    await operator.reload();
    await operator.getByText(/Examiner et valider le relevé/).click();
    await operator.getByRole('button', { name: /^Valider le relevé/ }).click();
    await operator.getByText(/Relevé .* validé\./).waitFor();
    await operator.getByRole('button', { name: 'Constituer un lot de paiement' }).click();
    await operator.getByText(/Lot PNBFC22-\d+ constitué : 1 relevé\(s\), 20,00/).waitFor();
    const [download] = await Promise.all([
      operator.waitForEvent('download'),
      operator.getByRole('link', { name: /fichier SEPA \(XML\)/ }).click(),
    ]);
    const xml = await (await download.createReadStream()).toArray();
    expect(Buffer.concat(xml).toString()).toContain('<InstdAmt Ccy="EUR">20.00</InstdAmt>');
    expect(await axeViolations(operator)).toEqual([]);
    await operator.getByRole('button', { name: 'Marquer le lot payé' }).click();
    await operator.getByText(/payé le/).waitFor();

    // The venue sees its statement paid, and its activity with what was paid of it.
    await venue.reload();
    await venue.getByText('Payé').first().waitFor();
    await venue.getByRole('heading', { name: 'Votre activité' }).waitFor();
    await venue.getByRole('table', { name: 'Pass validés par mois' }).waitFor();
    await venue.getByText(/payé : 20,00/).waitFor();
    expect(await axeViolations(venue)).toEqual([]);

    // Each funder's part: the State pays half of the used passes only.
    await operator.goto(`${env.baseUrl}/programmes/${BFC.id}/budget`);
    const perFunder = operator.getByRole('table', { name: /Budget par financeur/ });
    await perFunder.getByRole('row', { name: /des pass utilisés/ }).waitFor();
    expect(await axeViolations(operator)).toEqual([]);
    await operator.context().close();
    await venue.context().close();
  });

  it('an operator sees a changed IBAN beside the current one and confirms it in a second, explicit step', async () => {
    const venueApi = await apiAs(env.baseUrl, BFC.venue, 'Passnum-demo-venue-bfc');
    await venueApi('PUT', '/me/bank-account', {
      holder: 'EPN de Dijon',
      iban: 'FR76 1027 8060 6100 0102 0480 100',
      bic: 'CMCIFR2A',
    });
    const operator = await signedIn(BFC.operator, 'Passnum-demo-operator-bfc', 'Espace opérateur');
    await operator.goto(`${env.baseUrl}/programmes/${BFC.id}/lieux`);
    // Old and new side by side, both masked.
    const change = operator.locator('li', { hasText: 'Nouvelles coordonnées bancaires à vérifier' });
    await change.waitFor();
    await expect(change.textContent()).resolves.toMatch(
      /•••0 100 \(CMCIFR2A\).*elles remplaceraient [A-Z]{2}\d{2} •••• /,
    );
    await operator
      .getByRole('button', { name: 'Vérifier les coordonnées bancaires de Espace public numérique de Dijon' })
      .click();
    const confirm = operator.getByRole('button', {
      name: 'Confirmer les coordonnées bancaires de Espace public numérique de Dijon',
    });
    expect(await confirm.isDisabled()).toBe(true);
    expect(await axeViolations(operator)).toEqual([]);
    await operator.getByLabel(/J’ai vérifié ce changement/).check({ force: true });
    await confirm.click();
    await operator.getByText('Coordonnées bancaires de Espace public numérique de Dijon confirmées.').waitFor();
    await operator.context().close();
  });
});
