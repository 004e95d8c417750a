import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, type BrowserEnv, startBrowserEnv } from './browser.js';

let env: BrowserEnv;
beforeAll(async () => {
  // A State service on a .gouv.fr domain may switch the State's identity on.
  env = await startBrowserEnv({
    PASSNUM_THEME: 'etat',
    PUBLIC_URL: 'http://pass-numerique.exemple.gouv.fr',
    MAP_TILE_URL: '',
  });
});
afterAll(() => env?.close());

describe('the etat theme in Chromium', () => {
  it('shows the DSFR as it is, République française block and Marianne, accessible at both widths', async () => {
    for (const width of [1280, 375]) {
      const page = await (
        await env.browser.newContext({ locale: 'fr-FR', viewport: { width, height: 800 } })
      ).newPage();
      await page.goto(`${env.baseUrl}/`);
      await page.getByRole('heading', { level: 1, name: 'Le Pass numérique' }).waitFor();
      expect(await page.locator('.fr-header__logo').isVisible()).toBe(true);
      const font = await page.evaluate(() => getComputedStyle(document.body).fontFamily);
      expect(font).toMatch(/Marianne/);
      expect(await axeViolations(page)).toEqual([]);
      await page.context().close();
    }
  });
});
