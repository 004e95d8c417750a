import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { promisify } from 'node:util';
import pg from 'pg';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { siretWithKey } from '../../src/modules/accounts/siret.rules.js';
import { PASSNUM_BIN, type SpawnedServer, spawnServer, stopServer } from '../spawn-server.js';
import { axeViolations, launchChromium, signIn } from './browser.js';

/**
 * A territory starts from nothing but `passnum create-admin`, in production mode on a
 * PostgreSQL server, and reaches a spent pass through the browser alone: no API call, no seed.
 */
const SERVER = process.env.PASSNUM_SETUP_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const database = `passnum_setup_${randomBytes(5).toString('hex')}`;
const ADMIN = { email: 'admin@cantal-numerique.example', password: 'Un-mot-de-passe-admin-2026' };

let server: SpawnedServer;
let browser: Awaited<ReturnType<typeof launchChromium>>;
let baseUrl = '';
const contexts: BrowserContext[] = [];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      s.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function admin(sql: string) {
  const c = new pg.Client({ connectionString: SERVER });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

beforeAll(async () => {
  await admin(`CREATE DATABASE ${database}`);
  const url = new URL(SERVER);
  url.pathname = `/${database}`;
  const port = await freePort();
  baseUrl = `http://127.0.0.1:${port}`;
  const env = {
    ...process.env,
    NODE_ENV: 'production',
    DATABASE_URL: url.href,
    PASSNUM_SECRET: randomBytes(32).toString('hex'),
    PUBLIC_URL: baseUrl,
    PORT: String(port),
    LOG_LEVEL: 'warn',
  };
  await promisify(execFile)(
    process.execPath,
    [
      PASSNUM_BIN,
      'create-admin',
      '--email',
      ADMIN.email,
      '--name',
      'Alice Administratrice',
      '--organisation',
      'Plateforme Passnum du Cantal',
      '--siret',
      siretWithKey('7300000000001'),
      '--password',
      ADMIN.password,
    ],
    { env },
  );
  server = await spawnServer(env);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  if (server) await stopServer(server);
  await admin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
});

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ locale: 'fr-FR' });
  contexts.push(context);
  return context.newPage();
}

async function accessible(page: Page) {
  expect(await axeViolations(page)).toEqual([]);
}

/** Chooses a value in a suggestion list (a commune), as a person does. */
async function chooseCommune(page: Page, label: RegExp, typed: string, option: string) {
  const field = page.getByRole('combobox', { name: label });
  await field.fill(typed);
  await page.locator(`datalist option[value="${option}"]`).first().waitFor({ state: 'attached' });
  await field.fill(option);
}

/** Follows the link of a message on the "Courriels" page (no SMTP: messages are kept there). */
async function linkOfEmail(page: Page, subject: string | RegExp, linkPattern: RegExp): Promise<string> {
  await page.goto(`${baseUrl}/courriels`);
  const card = page.locator('li', { has: page.getByRole('heading', { name: subject }) }).first();
  await card.getByText('Lire le message').click();
  const link = card.getByRole('link', { name: linkPattern }).first();
  return (await link.getAttribute('href')) as string;
}

/** Chooses a password through an invitation link, in a fresh browser. */
async function acceptInvitation(link: string, password: string, home: string): Promise<Page> {
  const page = await newPage();
  await page.goto(link);
  await page.getByLabel(/^Mot de passe/).fill(password);
  await page.getByLabel('Confirmer le mot de passe').fill(password);
  await accessible(page);
  await page.getByRole('button', { name: 'Enregistrer et me connecter' }).click();
  await page.getByRole('heading', { level: 1, name: home }).waitFor();
  return page;
}

async function createOrganisation(page: Page, name: string, siret: string, role: string) {
  await page.goto(`${baseUrl}/organisations`);
  await page.getByRole('heading', { level: 1, name: 'Organisations' }).waitFor();
  await page.getByLabel("Nom de l'organisation").fill(name);
  await page.getByLabel(/^SIRET/).fill(siret);
  await page.getByLabel(role, { exact: true }).check({ force: true });
  await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
  await page.getByRole('heading', { level: 1, name }).waitFor();
}

async function invite(page: Page, name: string, email: string) {
  await page.getByLabel('Prénom et nom').fill(name);
  await page.getByLabel('Adresse électronique').fill(email);
  await page.getByRole('button', { name: 'Inviter' }).click();
  await page.getByText(`Invitation envoyée à ${email}.`).waitFor();
}

async function grantRole(page: Page, programmeUrl: string, role: string, organisation: string, person: RegExp) {
  await page.goto(`${programmeUrl}/acteurs`);
  await page.getByRole('heading', { name: 'Acteurs du programme' }).waitFor();
  await page.getByLabel('Rôle', { exact: true }).selectOption({ label: role });
  await page.getByLabel(/^Organisation/).selectOption({ label: organisation });
  const personField = page.getByLabel(/^Personne/);
  await expect.poll(() => personField.locator('option').count()).toBeGreaterThan(1);
  await personField.selectOption({
    label: (await personField.locator('option', { hasText: person }).textContent()) ?? '',
  });
  await page.getByRole('button', { name: 'Donner le rôle' }).click();
  await page.getByText(/est désormais/).waitFor();
}

describe('setting up a territory from an empty production database, in the browser alone', () => {
  it('admin → programme with two funders → operator team → distributor → qualified venue → a spent pass', async () => {
    // The admin registers the operator and invites its first person.
    const adminPage = await newPage();
    await signIn(adminPage, baseUrl, ADMIN.email, ADMIN.password);
    await adminPage.getByRole('heading', { level: 1, name: 'Administration de la plateforme' }).waitFor();
    await createOrganisation(adminPage, 'Cantal Numérique', siretWithKey('7300000000002'), 'Opérateur');
    await accessible(adminPage);
    await invite(adminPage, 'Olivia Opératrice', 'olivia@cantal-numerique.example');
    await accessible(adminPage);

    // A programme for the Cantal, with its operator and two funders registered from the form.
    await adminPage.goto(`${baseUrl}/programmes/nouveau`);
    await adminPage.getByLabel('Nom du programme').fill('Pass numérique Cantal');
    await adminPage.getByLabel(/^Code/).fill('CANT26');
    await adminPage.getByLabel('Opérateur du programme').selectOption({ label: 'Cantal Numérique' });
    await adminPage.getByLabel('Ajouter un département').selectOption('15');
    await adminPage.getByRole('button', { name: 'Retirer Cantal (15)' }).waitFor();
    await adminPage.getByLabel('Enveloppe (€)').fill('10000');
    await adminPage.getByLabel('Fin', { exact: true }).fill('2028-12-31');
    const newFunder = async (name: string, stem: string) => {
      await adminPage.getByRole('button', { name: "Le financeur n'est pas dans la liste ? L'enregistrer" }).click();
      const details = adminPage.locator('#nouveau-financeur');
      await details.getByLabel("Nom de l'organisation").fill(name);
      await details.getByLabel('SIRET').fill(siretWithKey(stem));
      await details.getByRole('button', { name: 'Enregistrer ce financeur' }).click();
    };
    await newFunder('Département du Cantal', '7300000000003');
    await expect.poll(() => adminPage.getByLabel('Financeur 1', { exact: true }).inputValue()).not.toBe('');
    await adminPage.getByLabel('Part du financeur 1 (%)').fill('50');
    await adminPage.getByRole('button', { name: 'Ajouter un financeur' }).click();
    await newFunder('Agence nationale de la cohésion des territoires', '7300000000004');
    await expect.poll(() => adminPage.getByLabel('Financeur 2', { exact: true }).inputValue()).not.toBe('');
    await adminPage.getByLabel('Part du financeur 2 (%)').fill('50');
    await accessible(adminPage);
    await adminPage.getByRole('button', { name: 'Enregistrer', exact: true }).click();
    await adminPage.getByRole('heading', { level: 1, name: 'Pass numérique Cantal' }).waitFor();
    const programmeUrl = adminPage.url();
    await adminPage.getByText('Département du Cantal : 50').waitFor();
    await accessible(adminPage);

    // The operator's person gets the role, follows the invitation kept in the outbox.
    await grantRole(adminPage, programmeUrl, 'Opérateur', 'Cantal Numérique', /Olivia/);
    await accessible(adminPage);
    const invitation = await linkOfEmail(adminPage, /Votre compte Passnum — Cantal Numérique/, /invitation/);
    await accessible(adminPage);
    const operator = await acceptInvitation(invitation, 'Olivia-choisit-son-mot', 'Espace opérateur');

    // The operator equips a distributor, invites its adviser, gives the role.
    await createOrganisation(operator, 'Mission locale du Cantal', siretWithKey('7300000000005'), 'Prescripteur');
    await invite(operator, 'Paul Prescripteur', 'paul@ml-cantal.example');
    await grantRole(operator, programmeUrl, 'Prescripteur', 'Mission locale du Cantal', /Paul/);

    // A venue applies through the public form; the operator qualifies it.
    const visitor = await newPage();
    await visitor.goto(`${baseUrl}/lieux/candidature`);
    await visitor.getByLabel('Nom de la structure').fill('Espace numérique d’Aurillac');
    await visitor.getByLabel('SIRET').fill(siretWithKey('7300000000006'));
    await visitor.getByLabel('Votre nom').fill('Véra Médiatrice');
    await visitor.getByLabel('Votre adresse électronique').fill('vera@en-aurillac.example');
    await visitor.getByLabel('Adresse', { exact: true }).fill('1 place du Square');
    await chooseCommune(visitor, /^Commune/, 'Aurillac', 'Aurillac (15014)');
    await expect.poll(() => visitor.getByLabel('Code postal').inputValue()).toBe('15000');
    await visitor.getByLabel('Latitude').fill('44,9264');
    await visitor.getByLabel('Longitude').fill('2,4397');
    await visitor.getByLabel('Maîtrise des outils numériques du quotidien').first().check({ force: true });
    await visitor.getByLabel('IBAN').fill('FR76 3000 6000 0112 3456 7890 189');
    await visitor.getByLabel('BIC').fill('AGRIFRPP882');
    await visitor.getByLabel('Pass numérique Cantal').check({ force: true });
    await visitor.getByLabel(/J'accepte la charte/).check({ force: true });
    await visitor.getByRole('button', { name: 'Envoyer ma candidature' }).click();
    await visitor.getByRole('heading', { name: 'Candidature envoyée' }).waitFor();

    await operator.goto(`${programmeUrl}/lieux`);
    const decision = operator.getByLabel('Décision pour Espace numérique d’Aurillac');
    await decision.selectOption({ label: 'Qualifier (ou renouveler)' });
    await decision.locator('xpath=ancestor::form').getByRole('button', { name: 'Enregistrer' }).click();
    await operator.getByText('Décision enregistrée pour Espace numérique d’Aurillac').waitFor();

    // The operator orders a carnet and allocates it to the Mission locale.
    await operator.goto(`${programmeUrl}/stock`);
    await operator.getByLabel('Nombre de carnets').first().fill('1');
    await operator.getByRole('button', { name: 'Commander' }).click();
    await operator.getByRole('cell', { name: 'Émise' }).waitFor();
    await operator.getByLabel('Prescripteur').selectOption({ label: 'Mission locale du Cantal' });
    await operator.getByRole('button', { name: 'Attribuer' }).click();
    const allocated = operator.getByText(/1 carnet\(s\) attribué\(s\) : (CANT26-\d{6})/);
    await allocated.waitFor();
    const serial = ((await allocated.textContent())?.match(/CANT26-\d{6}/) ?? [])[0] as string;
    await accessible(operator);

    // The adviser's invitation and the venue's password link are on the operator's "Courriels" page.
    const paulLink = await linkOfEmail(operator, /Votre compte Passnum — Mission locale du Cantal/, /invitation/);
    const veraLink = await linkOfEmail(operator, /Votre candidature de lieu/, /invitation/);
    await accessible(operator);
    const distributor = await acceptInvitation(paulLink, 'Paul-choisit-son-mot', 'Espace prescripteur');
    await distributor.goto(`${baseUrl}/remise`);
    await distributor.getByRole('combobox', { name: /^Carnet/ }).selectOption(serial);
    await distributor.getByLabel('Prénom').fill('Jeanne');
    await distributor.getByLabel('Nom', { exact: true }).fill('Cantalienne');
    await distributor.getByLabel('Date de naissance').fill('1958-03-02');
    await chooseCommune(distributor, /^Commune de résidence/, 'Aurillac', 'Aurillac (15014)');
    await distributor.getByLabel('Situation').selectOption({ index: 1 });
    await distributor.getByLabel('Pass envoyés par courriel (liens et QR codes)').check({ force: true });
    await distributor.getByLabel("Adresse électronique d'envoi").fill('jeanne@example.org');
    await distributor.getByRole('button', { name: 'Remettre le carnet' }).click();
    await distributor.getByRole('heading', { name: `Carnet ${serial} remis` }).waitFor();

    // The e-mailed carnet is kept in the outbox: its first pass link carries the code.
    const passLink = await linkOfEmail(operator, /Votre carnet de Pass numériques/, /\/p\//);
    const code = passLink.split('/p/')[1] as string;

    const venue = await acceptInvitation(veraLink, 'Vera-choisit-son-mot', 'Espace lieu de médiation numérique');
    await venue.goto(`${baseUrl}/validation`);
    await venue.getByLabel('Codes des pass').fill(code);
    await venue.getByRole('button', { name: 'Valider' }).click();
    await venue.getByRole('heading', { name: /1 pass validé\(s\) : 10/ }).waitFor();
    await accessible(venue);
    for (const c of contexts) await c.close();
  });
});
