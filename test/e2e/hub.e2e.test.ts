import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BFC, LOZERE } from '../actors.js';
import { axeViolations, type BrowserEnv, signIn, startBrowserEnv } from './browser.js';

let env: BrowserEnv;
beforeAll(async () => {
  env = await startBrowserEnv({ MAP_TILE_URL: '' });
});
afterAll(() => env?.close());

const TITLE = 'Aider aux démarches CAF';

describe('the territorial hub in Chromium', () => {
  it('the hub publishes a path with one place; the second aidant waits; presence gives an attestation anyone can verify', async () => {
    const hub = await (await env.browser.newContext({ locale: 'fr-FR' })).newPage();
    await signIn(hub, env.baseUrl, BFC.operator, 'Passnum-demo-operator-bfc');
    await hub.getByRole('heading', { level: 1, name: 'Espace opérateur' }).waitFor();
    await hub.goto(`${env.baseUrl}/formations`);
    await hub.getByRole('heading', { level: 1, name: 'Formations des aidants' }).waitFor();
    await hub.getByLabel('Titre du parcours').fill(TITLE);
    await hub.getByLabel('Présentation').fill('Une matinée pour les aidants.');
    await hub.getByRole('button', { name: 'Créer le parcours (brouillon)' }).click();
    await hub.getByRole('heading', { name: `${TITLE} (brouillon)` }).waitFor();
    await hub.getByLabel('Titre du module').fill('Le compte CAF');
    await hub.getByLabel('Contenu').fill('Créer le compte, déclarer ses ressources.');
    await hub.getByRole('button', { name: 'Ajouter le module' }).click();
    await hub.getByText('Le compte CAF', { exact: true }).waitFor();
    await hub.getByLabel('Date et heure de la session').fill('2027-03-04T09:30');
    await hub.getByLabel('Lieu de la session').fill('Médiathèque de Dijon');
    await hub.getByLabel('Nombre de places').fill('1');
    await hub.getByRole('button', { name: 'Ajouter la session' }).click();
    await hub.getByRole('cell', { name: 'Médiathèque de Dijon' }).waitFor();
    await hub.getByRole('button', { name: 'Publier le parcours' }).click();
    await hub.getByRole('heading', { level: 2, name: TITLE, exact: true }).waitFor();
    expect(await axeViolations(hub)).toEqual([]);

    // Two aidants: the first takes the one place, the second is told plainly she waits.
    const first = await (await env.browser.newContext({ locale: 'fr-FR' })).newPage();
    await signIn(first, env.baseUrl, BFC.venue, 'Passnum-demo-venue-bfc');
    await first.getByRole('heading', { level: 1, name: 'Espace lieu de médiation numérique' }).waitFor();
    await first.goto(`${env.baseUrl}/formations`);
    await first.getByRole('button', { name: "M'inscrire" }).click();
    await first.getByText('Vous êtes inscrit(e) à cette session.').waitFor();
    const second = await (await env.browser.newContext({ locale: 'fr-FR' })).newPage();
    await signIn(second, env.baseUrl, LOZERE.venue, 'Passnum-demo-venue-lozere');
    await second.getByRole('heading', { level: 1, name: 'Espace lieu de médiation numérique' }).waitFor();
    await second.goto(`${env.baseUrl}/formations`);
    await second.getByRole('button', { name: "M'inscrire en liste d'attente" }).click();
    await second.getByText(/Cette session est complète : vous êtes en liste d'attente \(rang 1\)/).waitFor();
    expect(await axeViolations(second)).toEqual([]);

    // The trainer marks the first present.
    await hub.reload();
    await hub.getByRole('button', { name: /^Liste des inscrits/ }).click();
    // The box follows the server's answer: click, then wait for it.
    await hub.getByLabel('Présent(e) — Léo Médiateur').click({ force: true });
    await expect.poll(() => hub.getByLabel('Présent(e) — Léo Médiateur').isChecked()).toBe(true);
    await hub.reload();
    await hub
      .getByRole('table', { name: /Personnes ayant terminé vos parcours/ })
      .getByText('Espace public numérique de Dijon')
      .waitFor();

    // The aidant finds the attestation; its public page confirms it to anyone.
    await first.reload();
    await first.getByRole('heading', { name: 'Mes attestations' }).waitFor();
    const [pdf] = await Promise.all([
      first.waitForEvent('download'),
      first.getByRole('link', { name: "télécharger l'attestation (PDF)" }).click(),
    ]);
    expect(pdf.suggestedFilename()).toMatch(/^attestation-[0-9A-Z]{20}\.pdf$/);
    const verifyHref = await first.getByRole('link', { name: 'page de vérification' }).getAttribute('href');
    const visitor = await (await env.browser.newContext({ locale: 'fr-FR' })).newPage();
    await visitor.goto(`${env.baseUrl}${verifyHref}`);
    await visitor.getByText('Attestation authentique').waitFor();
    await visitor
      .getByText(`Léo Médiateur (Espace public numérique de Dijon) a suivi le parcours « ${TITLE} »`, { exact: false })
      .waitFor();
    expect(await axeViolations(visitor)).toEqual([]);
    await visitor.goto(`${env.baseUrl}/attestations/ABCDEFGHJKMNPQRSTVWX`);
    await visitor.getByText('Aucune attestation ne porte ce code : elle est fausse ou mal recopiée.').waitFor();
    for (const p of [hub, first, second, visitor]) await p.context().close();
  });

  it('an actor shares a resource and another of the territory finds it by a word in another form; accessible', async () => {
    const venue = await (await env.browser.newContext({ locale: 'fr-FR' })).newPage();
    await signIn(venue, env.baseUrl, BFC.venue, 'Passnum-demo-venue-bfc');
    await venue.getByRole('heading', { level: 1, name: 'Espace lieu de médiation numérique' }).waitFor();
    await venue.goto(`${env.baseUrl}/ressources`);
    await venue.getByRole('heading', { level: 1, name: 'Ressources partagées' }).waitFor();
    await venue.getByLabel('Titre').fill('Déclarer ses revenus en ligne');
    await venue.getByLabel('Description').fill('Pas à pas pour les déclarations d’impôts.');
    await venue.getByLabel('Lien (https://…)').fill('https://www.impots.gouv.fr');
    await venue.getByLabel('Mots-clés').fill('impôts, démarches');
    await venue.getByRole('button', { name: 'Partager' }).click();
    await venue.getByText('Ressource partagée.').waitFor();
    expect(await axeViolations(venue)).toEqual([]);

    const distributor = await (await env.browser.newContext({ locale: 'fr-FR' })).newPage();
    await signIn(distributor, env.baseUrl, BFC.distributor, 'Passnum-demo-distributor-bfc');
    await distributor.getByRole('heading', { level: 1, name: 'Espace prescripteur' }).waitFor();
    await distributor.goto(`${env.baseUrl}/ressources`);
    await distributor.getByLabel('Rechercher').fill('déclaration');
    await distributor.getByRole('button', { name: 'Rechercher' }).click();
    await expect.poll(() => distributor.url()).toContain('q=d%C3%A9claration');
    await distributor.getByRole('link', { name: 'Déclarer ses revenus en ligne' }).waitFor();
    expect(await axeViolations(distributor)).toEqual([]);
    await venue.context().close();
    await distributor.context().close();
  });

  it('a person writes their entry in the actors’ directory; an actor of the territory finds them with their contact; accessible', async () => {
    const helper = await (await env.browser.newContext({ locale: 'fr-FR' })).newPage();
    await signIn(helper, env.baseUrl, BFC.distributor, 'Passnum-demo-distributor-bfc');
    await helper.getByRole('heading', { level: 1, name: 'Espace prescripteur' }).waitFor();
    await helper.goto(`${env.baseUrl}/acteurs`);
    await helper.getByRole('heading', { level: 1, name: 'Annuaire des acteurs' }).waitFor();
    await helper.getByLabel('Je suis').selectOption('conseiller_numerique');
    await helper.getByText('Aide aux démarches administratives').first().click();
    await helper.getByLabel('Téléphone professionnel (facultatif)').fill('03 80 44 55 66');
    await helper.getByRole('button', { name: 'Enregistrer ma fiche' }).click();
    await helper.getByText('Fiche enregistrée.').waitFor();
    expect(await axeViolations(helper)).toEqual([]);

    const operator = await (await env.browser.newContext({ locale: 'fr-FR' })).newPage();
    await signIn(operator, env.baseUrl, BFC.operator, 'Passnum-demo-operator-bfc');
    await operator.getByRole('heading', { level: 1, name: 'Espace opérateur' }).waitFor();
    await operator.goto(`${env.baseUrl}/acteurs?type=conseiller_numerique`);
    const people = operator.getByRole('table', { name: /personne\(s\) qui accompagnent/ });
    await people.getByRole('row', { name: /Paula Prescriptrice.*03 80 44 55 66/ }).waitFor();
    expect(await axeViolations(operator)).toEqual([]);
    // Organisations by what they are: the networks of the territory.
    await operator.goto(`${env.baseUrl}/acteurs`);
    await operator.getByLabel('Nature').selectOption('reseau');
    await expect.poll(() => operator.url()).toContain('nature=reseau');
    // The list shown before the filter holds the network too: wait for the filtered one (one structure).
    const structures = operator.getByRole('table', { name: '1 structure(s)' });
    await structures.getByRole('row', { name: /Mission régionale MedNum BFC.*Réseau/ }).waitFor();
    for (const p of [helper, operator]) await p.context().close();
  });

  it('the new pages fit a 375 px phone, in French, with no axe violation', async () => {
    const phone = await (
      await env.browser.newContext({ locale: 'fr-FR', viewport: { width: 375, height: 812 } })
    ).newPage();
    await signIn(phone, env.baseUrl, BFC.operator, 'Passnum-demo-operator-bfc');
    await phone.getByRole('heading', { level: 1, name: 'Espace opérateur' }).waitFor();
    const pages: [string, string][] = [
      ['/formations', 'Formations des aidants'],
      ['/ressources', 'Ressources partagées'],
      ['/acteurs', 'Annuaire des acteurs'],
      [`/programmes/${BFC.id}/couverture`, 'Couverture du territoire'],
      [`/programmes/${BFC.id}/usage`, 'Relances et leur effet'],
      ['/attestations/ABCDEFGHJKMNPQRSTVWX', 'Vérifier une attestation de formation'],
    ];
    for (const [path, heading] of pages) {
      await phone.goto(`${env.baseUrl}${path}`);
      await phone.getByRole('heading', { name: heading }).first().waitFor();
      // Wide tables scroll inside their own frame: the page itself never scrolls sideways.
      const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, path).toBeLessThanOrEqual(0);
      expect(await axeViolations(phone), path).toEqual([]);
    }
    await phone.context().close();
  });
});
