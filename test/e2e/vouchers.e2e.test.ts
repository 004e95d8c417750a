import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PROGRAMMES } from '../../src/modules/demo/demo.data.js';
import { BFC, LOZERE } from '../actors.js';
import { codesOfCarnet } from '../vouchers-helpers.js';
import {
  apiAs,
  axeViolations,
  type BrowserEnv,
  bfcCarnetsOfMissionLocale,
  launchChromium,
  signIn,
  startBrowserEnv,
} from './browser.js';
import { writeQrVideo } from './qr-video.js';

let env: BrowserEnv;
beforeAll(async () => {
  env = await startBrowserEnv();
});
afterAll(() => env?.close());

async function signedIn(email: string, password: string, home: string): Promise<Page> {
  const page = await (await env.browser.newContext({ locale: 'fr-FR' })).newPage();
  await signIn(page, env.baseUrl, email, password);
  await page.getByRole('heading', { level: 1, name: home }).waitFor();
  return page;
}

const carnetsOfMissionLocale = (count: number) => bfcCarnetsOfMissionLocale(env.baseUrl, count);

describe('the voucher chain in Chromium', () => {
  it('order → allocate → distribute → redeem → the beneficiary page shows what is left, every page accessible', async () => {
    // The operator orders two carnets and watches the issuance finish.
    const operator = await signedIn(BFC.operator, 'Passnum-demo-operator-bfc', 'Espace opérateur');
    await operator.goto(`${env.baseUrl}/programmes/${DEMO_PROGRAMMES.bfc}/stock`);
    await operator.getByLabel('Nombre de carnets').first().fill('2');
    await operator.getByRole('button', { name: 'Commander' }).click();
    await operator.getByRole('cell', { name: 'Émise' }).waitFor();
    await operator.getByRole('link', { name: 'PDF' }).first().waitFor();
    expect(await axeViolations(operator)).toEqual([]);

    // It allocates one carnet to the Mission locale.
    await operator.getByLabel('Prescripteur').selectOption({ label: 'Mission locale de Dijon' });
    await operator.getByRole('button', { name: 'Attribuer' }).click();
    const allocated = operator.getByText(/1 carnet\(s\) attribué\(s\) : (BFC22-\d{6})/);
    await allocated.waitFor();
    const serial = ((await allocated.textContent())?.match(/BFC22-\d{6}/) ?? [])[0] as string;
    await operator.context().close();

    // The Mission locale hands it to an eligible young job seeker.
    const distributor = await signedIn(BFC.distributor, 'Passnum-demo-distributor-bfc', 'Espace prescripteur');
    await distributor.getByRole('link', { name: 'Remettre un carnet' }).first().click();
    await distributor.getByRole('heading', { level: 1, name: 'Remettre un carnet' }).waitFor();
    await distributor.getByRole('combobox', { name: /^Carnet/ }).selectOption(serial);
    await distributor.getByLabel('Prénom').fill('Inès');
    await distributor.getByLabel('Nom', { exact: true }).fill('Chaîne');
    await distributor.getByLabel('Date de naissance').fill('2005-04-17');
    // The commune by its name, chosen in the official list: nobody types an INSEE code.
    const commune = distributor.getByRole('combobox', { name: /^Commune de résidence/ });
    await commune.fill('Dijon');
    await distributor.locator('#communes-remise option[value="Dijon (21231)"]').waitFor({ state: 'attached' });
    await commune.fill('Dijon (21231)');
    await distributor.getByLabel('Situation').selectOption('demandeur_emploi');
    expect(await axeViolations(distributor)).toEqual([]);
    await distributor.getByRole('button', { name: 'Remettre le carnet' }).click();
    await distributor.getByRole('heading', { name: `Carnet ${serial} remis` }).waitFor();
    await distributor.context().close();

    // The venue validates two of its passes for a workshop.
    const codes = await codesOfCarnet(env.db, env.config.secret, serial);
    const venue = await signedIn(BFC.venue, 'Passnum-demo-venue-bfc', 'Espace lieu de médiation numérique');
    await venue.getByRole('link', { name: 'Valider des pass' }).first().click();
    await venue.getByLabel('Codes des pass').fill(`${codes[0]}\n${(codes[1] as string).toLowerCase()}`);
    await venue.getByRole('button', { name: 'Valider' }).click();
    await venue.getByRole('heading', { name: /2 pass validé\(s\) : 20/ }).waitFor();
    expect(await axeViolations(venue)).toEqual([]);
    // The same codes again: refused, in French, naming the reason.
    await venue.getByLabel('Codes des pass').fill(codes[0] as string);
    await venue.getByRole('button', { name: 'Valider' }).click();
    // Each refused code is named once, beside its reason.
    await venue.getByText("Aucun pass n'a été validé. Code refusé :").waitFor();
    await venue
      .locator('li', { hasText: codes[0] as string })
      .getByText('Ce pass a déjà été utilisé.')
      .waitFor();
    expect(await venue.getByText('Ce pass a déjà été utilisé.').count()).toBe(1);
    await venue.context().close();

    // The beneficiary scans the QR code of a third pass.
    const beneficiary = await (await env.browser.newContext({ locale: 'fr-FR' })).newPage();
    await beneficiary.goto(`${env.baseUrl}/p/${(codes[2] as string).replace(/-/g, '')}`);
    await beneficiary.getByRole('heading', { level: 1, name: 'Mon Pass numérique' }).waitFor();
    await beneficiary.getByText('Ce pass est valable.').waitFor();
    await expect(beneficiary.locator('li', { hasText: 'Pass encore utilisables' }).textContent()).resolves.toMatch(
      /3$/,
    );
    expect(await axeViolations(beneficiary)).toEqual([]);
    await beneficiary.context().close();

    // The venue scans the fourth pass with a camera: Chromium's fake camera films its QR code,
    // and the page decodes the frames (ZXing, as Linux Chromium has no BarcodeDetector).
    const camera = await launchChromium([
      '--use-fake-device-for-media-stream',
      '--use-fake-ui-for-media-stream',
      `--use-file-for-fake-video-capture=${writeQrVideo(`${env.baseUrl}/p/${(codes[3] as string).replace(/-/g, '')}`)}`,
    ]);
    try {
      const scanner = await (await camera.newContext({ locale: 'fr-FR', permissions: ['camera'] })).newPage();
      await signIn(scanner, env.baseUrl, BFC.venue, 'Passnum-demo-venue-bfc');
      await scanner.getByRole('heading', { level: 1, name: 'Espace lieu de médiation numérique' }).waitFor();
      await scanner.getByRole('link', { name: 'Valider des pass' }).first().click();
      await scanner.getByRole('button', { name: 'Scanner un QR code' }).click();
      // A camera that decoded nothing in 15 s is stopped and started again, as a person at the
      // counter would. Seen twice in about thirty runs on 30 November (once in CI): the first start
      // decoded nothing for 15 s where it takes 1-2 s; cause not found, hence the state printed.
      const scanned = () => scanner.getByLabel('Codes des pass').inputValue();
      const arrived = await expect
        .poll(scanned, { timeout: 15_000 })
        .toContain('/p/')
        .then(
          () => true,
          () => false,
        );
      if (!arrived) {
        const state = await scanner.evaluate(() => {
          const v = document.querySelector('video');
          const alert = document.querySelector('.fr-alert')?.textContent ?? null;
          return v
            ? { paused: v.paused, time: v.currentTime, readyState: v.readyState, alert }
            : { video: null, alert };
        });
        console.warn('QR scan: nothing decoded in 15 s, camera restarted', state);
        const stop = scanner.getByRole('button', { name: 'Arrêter la caméra' });
        if (await stop.isVisible()) await stop.click();
        await scanner.getByRole('button', { name: 'Scanner un QR code' }).click();
      }
      await expect.poll(scanned, { timeout: 15_000 }).toContain('/p/');
      await scanner.getByRole('button', { name: 'Valider' }).click();
      await scanner.getByRole('heading', { name: /1 pass validé\(s\) : 10/ }).waitFor();
    } finally {
      await camera.close();
    }
  });

  it("an operator consults, downloads and erases a person's data from the programme page; every step accessible", async () => {
    const [serial] = await carnetsOfMissionLocale(1);
    const distributorApi = await apiAs(env.baseUrl, BFC.distributor, 'Passnum-demo-distributor-bfc');
    await distributorApi('POST', `/carnets/${serial}/distribution`, {
      beneficiary: {
        birthYear: 2002,
        birthMonth: 3,
        communeInsee: '21231',
        publicCategory: 'demandeur_emploi',
        firstName: 'Noémie',
        lastName: 'Droits',
        consentReminders: true,
        email: 'noemie.droits@exemple.fr',
      },
    });

    const operator = await signedIn(BFC.operator, 'Passnum-demo-operator-bfc', 'Espace opérateur');
    await operator.goto(`${env.baseUrl}/programmes/${BFC.id}/distribution`);
    await operator.getByLabel(/^Numéro du carnet(?! perdu)/).fill(serial as string);
    await operator.getByRole('button', { name: 'Consulter les données' }).click();
    await operator.getByText('Noémie Droits').waitFor();
    await operator.getByText('noemie.droits@exemple.fr').waitFor();
    await operator.getByRole('link', { name: /Télécharger ces données/ }).waitFor();
    expect(await axeViolations(operator)).toEqual([]);
    await operator.getByLabel('Motif de l’effacement').fill('Demande de la personne au guichet');
    await operator.getByLabel(/Je confirme/).check({ force: true });
    await operator.getByRole('button', { name: 'Effacer les données personnelles' }).click();
    await operator.getByText(/Noms et coordonnées effacés/).waitFor();
    await operator.getByText('non conservé').first().waitFor();
    expect(await operator.getByText('noemie.droits@exemple.fr').count()).toBe(0);
    expect(await axeViolations(operator)).toEqual([]);
    await operator.context().close();
  });

  it('a distributor cancels a lost carnet and hands a replacement to the same person; every step accessible', async () => {
    const [lost, spare] = await carnetsOfMissionLocale(2);
    const distributorApi = await apiAs(env.baseUrl, BFC.distributor, 'Passnum-demo-distributor-bfc');
    await distributorApi('POST', `/carnets/${lost}/distribution`, {
      beneficiary: {
        birthYear: 2001,
        birthMonth: 8,
        communeInsee: '21231',
        publicCategory: 'demandeur_emploi',
        firstName: 'Perdu',
        lastName: 'Carnet',
      },
    });
    const page = await signedIn(BFC.distributor, 'Passnum-demo-distributor-bfc', 'Espace prescripteur');
    await page.goto(`${env.baseUrl}/remise`);
    await page.getByRole('heading', { level: 2, name: 'Carnet perdu, volé ou abîmé' }).waitFor();
    await page.getByLabel('Numéro du carnet perdu').fill(lost as string);
    await page.getByLabel('Motif').selectOption('Carnet volé');
    await page.getByLabel('Précision (facultatif)').fill('Sac volé au marché');
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Annuler les pass non utilisés de ce carnet' }).click();
    await page.getByText(/5 pass annulé\(s\)/).waitFor();
    await page.getByLabel(/Carnet de remplacement/).selectOption(spare as string);
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Remettre ce carnet en remplacement' }).click();
    await page.getByText(`Carnet ${spare} remis en remplacement : 5 pass valables.`).waitFor();
    await page.context().close();
    const audit = await env.db.query<{ after: { reason: string } }>(
      "SELECT after FROM audit_log WHERE action = 'passes.cancel' AND entity_id = $1",
      [lost],
    );
    expect(audit[0]?.after.reason).toBe('Carnet volé : Sac volé au marché');
  });

  it('Lozère: a referrer orients a person, the designated prescriber hands a carnet in a click, the referrer sees it; every step accessible', async () => {
    const operatorApi = await apiAs(env.baseUrl, LOZERE.operator, 'Passnum-demo-operator-lozere');
    const order = (await operatorApi('POST', `/programmes/${LOZERE.id}/orders`, { carnets: 1 })) as { orderId: string };
    let serials: string[] | undefined;
    for (let i = 0; i < 600 && !serials; i++) {
      const o = (await operatorApi('GET', `/orders/${order.orderId}`)) as { status: string; carnetSerials?: string[] };
      if (o.status === 'done') serials = o.carnetSerials;
    }
    const serial = serials?.[0] as string;
    await operatorApi('POST', `/carnets/${serial}/allocation`, { distributorId: LOZERE.distributorId });

    // The referrer (France Travail Mende) orients a retired person, with her consent.
    const referrer = await signedIn(LOZERE.referrer, 'Passnum-demo-referrer-lozere', 'Espace orienteur');
    await referrer.getByRole('link', { name: 'Orienter une personne' }).first().click();
    await referrer.getByRole('heading', { level: 1, name: 'Orienter une personne' }).waitFor();
    await referrer.getByLabel('Prénom').fill('Odette');
    await referrer.getByLabel('Nom', { exact: true }).fill('Orientée');
    await referrer.getByLabel('Date de naissance').fill('1948-05-09');
    const commune = referrer.getByRole('combobox', { name: /^Commune de résidence/ });
    await commune.fill('Mende');
    await referrer.locator('#communes-orientation option[value="Mende (48095)"]').waitFor({ state: 'attached' });
    await commune.fill('Mende (48095)');
    await referrer.getByLabel('Situation').selectOption('retraite');
    // Without the person's consent nothing is sent.
    await referrer.getByRole('button', { name: 'Orienter' }).click();
    await referrer.getByText("L'accord de la personne est nécessaire pour transmettre ses données.").waitFor();
    await referrer.getByLabel(/La personne accepte que ces informations/).check({ force: true });
    expect(await axeViolations(referrer)).toEqual([]);
    await referrer.getByRole('button', { name: 'Orienter' }).click();
    await referrer.getByText(/Odette Orientée est orientée vers : Département de la Lozère/).waitFor();
    await referrer.getByRole('cell', { name: 'En attente' }).first().waitFor();

    // The Département finds her waiting and hands the carnet without typing her data again.
    const prescriber = await signedIn(LOZERE.distributor, 'Passnum-demo-distributor-lozere', 'Espace prescripteur');
    await prescriber.goto(`${env.baseUrl}/remise`);
    await prescriber.getByRole('heading', { level: 2, name: 'Personnes orientées vers vous' }).waitFor();
    expect(await axeViolations(prescriber)).toEqual([]);
    await prescriber.getByRole('button', { name: 'Remettre un carnet à Odette Orientée' }).click();
    await expect.poll(() => prescriber.getByLabel('Nom', { exact: true }).inputValue()).toBe('Orientée');
    await expect
      .poll(() => prescriber.getByRole('combobox', { name: /^Commune de résidence/ }).inputValue())
      .toBe('Mende (48095)');
    await prescriber.getByRole('combobox', { name: /^Carnet/ }).selectOption(serial);
    await prescriber.getByRole('button', { name: 'Remettre le carnet' }).click();
    await prescriber.getByRole('heading', { name: `Carnet ${serial} remis` }).waitFor();
    await prescriber.context().close();

    await referrer.reload();
    await referrer.getByRole('cell', { name: `Carnet remis (n° ${serial})` }).waitFor();
    expect(await axeViolations(referrer)).toEqual([]);
    await referrer.context().close();
  });

  it('a venue picks the workshop and session at the counter, explains a different count, sees its day and undoes one, at 375 px', async () => {
    const venueApi = await apiAs(env.baseUrl, BFC.venue, 'Passnum-demo-venue-bfc');
    const mine = (await venueApi('GET', '/me/venue')) as { places: { id: string }[] };
    const workshop = (await venueApi('POST', `/venues/${mine.places[0]?.id}/workshops`, {
      title: 'Ma messagerie pas à pas',
      service: 'Maîtrise des outils numériques du quotidien',
      level: 'initiation',
      format: 'collective',
      durationMinutes: 90,
      pricePasses: 2,
    })) as { id: string };
    await venueApi('POST', `/workshops/${workshop.id}/sessions`, {
      startsAt: new Date(Date.now() + 3_600_000).toISOString(),
      capacity: 6,
    });
    const [serial] = await carnetsOfMissionLocale(1);
    const distributorApi = await apiAs(env.baseUrl, BFC.distributor, 'Passnum-demo-distributor-bfc');
    await distributorApi('POST', `/carnets/${serial}/distribution`, {
      beneficiary: {
        birthYear: 2003,
        birthMonth: 2,
        communeInsee: '21231',
        publicCategory: 'demandeur_emploi',
        firstName: 'Lina',
        lastName: 'Comptoir',
      },
    });
    const codes = await codesOfCarnet(env.db, env.config.secret, serial as string);

    const page = await (
      await env.browser.newContext({ locale: 'fr-FR', viewport: { width: 375, height: 812 } })
    ).newPage();
    await signIn(page, env.baseUrl, BFC.venue, 'Passnum-demo-venue-bfc');
    await page.getByRole('heading', { level: 1, name: 'Espace lieu de médiation numérique' }).waitFor();
    await page.goto(`${env.baseUrl}/validation`);
    await page.getByLabel(/^Atelier/).selectOption({ label: 'Ma messagerie pas à pas (2 pass)' });
    await page.getByText('Cet atelier vaut 2 pass par personne.').waitFor();
    await page.getByLabel('Séance').selectOption({ index: 1 });
    await page.getByLabel('Codes des pass').fill(codes.slice(0, 3).join('\n'));
    await page.getByLabel('Pourquoi ce nombre de pass ?').fill('Deux séances en une');
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Valider', exact: true }).click();
    await page.getByRole('heading', { name: /3 pass validé\(s\) : 30/ }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Validations du jour' }).waitFor();
    await page.getByRole('cell', { name: /Ma messagerie pas à pas, séance de .* — Deux séances en une/ }).waitFor();

    // A second person, then the first validation is undone from the day's list.
    await page.getByLabel('Codes des pass').fill(codes.slice(3, 5).join('\n'));
    await page.getByRole('button', { name: 'Valider', exact: true }).click();
    await page.getByRole('heading', { name: /2 pass validé\(s\) : 20/ }).waitFor();
    const undoButtons = page.getByRole('button', { name: /^Annuler la validation de / });
    await expect.poll(() => undoButtons.count()).toBeGreaterThanOrEqual(2);
    await undoButtons.last().click();
    await page.getByRole('cell', { name: 'Annulée' }).first().waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.context().close();
  });
});
