import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BFC } from '../actors.js';
import { apiAs, axeViolations, type BrowserEnv, signIn, startBrowserEnv } from './browser.js';

let env: BrowserEnv;
beforeAll(async () => {
  // A mail server that is down: nothing listens on port 9, every sending fails at once.
  env = await startBrowserEnv({ SMTP_URL: 'smtp://127.0.0.1:9' });
});
afterAll(() => env?.close());

describe('e-mails in Chromium', () => {
  it('shows an operator a sending that failed, with its error and its next try; the page is accessible', async () => {
    const operatorApi = await apiAs(env.baseUrl, BFC.operator, 'Passnum-demo-operator-bfc');
    const org = (await operatorApi('GET', '/organisations')) as { id: string; name: string }[];
    const own = org.find((o) => o.name.includes('MedNum')) ?? org[0];
    await operatorApi('POST', `/organisations/${own?.id}/users`, {
      email: 'nouvelle.collegue@example.org',
      displayName: 'Nouvelle Collègue',
    });
    // The background jobs try to send it (and fail): its row shows the error once they have.
    await expect
      .poll(
        async () =>
          (
            await env.db.query<{ attempts: number }>('SELECT attempts FROM outbox_emails WHERE to_address = $1', [
              'nouvelle.collegue@example.org',
            ])
          )[0]?.attempts,
        { timeout: 30_000 },
      )
      .toBe(1);

    const page = await (await env.browser.newContext({ locale: 'fr-FR' })).newPage();
    await signIn(page, env.baseUrl, BFC.operator, 'Passnum-demo-operator-bfc');
    await page.getByRole('heading', { level: 1, name: 'Espace opérateur' }).waitFor();
    await page.getByRole('link', { name: 'Courriels' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Courriels' }).waitFor();
    const card = page.locator('li', { hasText: 'nouvelle.collegue@example.org' });
    await card.getByText(/1 essai, dernière erreur : .*ECONNREFUSED.* — prochain essai le/).waitFor();
    await card.getByText('En attente').waitFor();
    // With a mail server configured, no "kept, not sent" banner.
    expect(await page.getByText("Aucun serveur d'envoi (SMTP_URL) n'est configuré").count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
    await page.context().close();
  });
});
