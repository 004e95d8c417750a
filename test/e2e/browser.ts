import { createRequire } from 'node:module';
import { type Browser, chromium, type Page } from 'playwright-core';
import { WEB_DIST } from '../../src/cli/web-build.js';
import type { Config } from '../../src/config.js';
import type { Db } from '../../src/db/db.js';
import { seedDemo } from '../../src/modules/demo/demo.seed.js';
import { createJobRunner, createServer } from '../../src/server.js';
import { BFC } from '../actors.js';
import { testConfig, testDb } from '../helpers.js';

const axeSource: string = createRequire(import.meta.url)('axe-core').source;

export interface BrowserEnv {
  baseUrl: string;
  browser: Browser;
  db: Db;
  config: Config;
  close(): Promise<void>;
}

/** A seeded server on a free port and Debian's Chromium, never a downloaded browser. */
export async function startBrowserEnv(env: NodeJS.ProcessEnv = {}): Promise<BrowserEnv> {
  const db = await testDb();
  await seedDemo(db);
  const config = testConfig(env);
  const jobs = createJobRunner({ config, db });
  const { app } = await createServer({ config, db, webDist: WEB_DIST, jobs });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  const browser = await launchChromium();
  // Jobs run as in production: polled in the background (issuance progress is part of the UI).
  jobs.start(200);
  return {
    baseUrl: address,
    browser,
    db,
    config,
    async close() {
      await browser.close();
      await jobs.stop();
      await app.close();
      await db.close();
    },
  };
}

/** Debian's Chromium, headless, without any background connection; `extraArgs` e.g. a fake camera. */
export function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...extraArgs,
    ],
  });
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** Runs axe-core in the page; returns the violations (WCAG 2.x A and AA rules, RGAA's basis). */
export async function axeViolations(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol: the pages' CSP (rightly) refuses inline scripts.
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: AxeViolation[] }> } }
    ).axe;
    const res = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
    });
    return res.violations;
  });
  return violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help} → ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
}

export async function signIn(page: Page, baseUrl: string, email: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/connexion`);
  await page.getByLabel('Adresse électronique').fill(email);
  await page.getByLabel('Mot de passe').fill(password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
}

/** Signs in over the API (no browser) and returns a caller that throws on any error answer. */
export async function apiAs(baseUrl: string, email: string, password: string) {
  const login = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  return async (method: string, path: string, body?: object) => {
    const res = await fetch(`${baseUrl}/api/v1${path}`, {
      method,
      headers: { cookie, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const data = res.status === 204 ? null : await res.json();
    if (!res.ok) throw new Error(`${method} ${path}: ${JSON.stringify(data)}`);
    return data;
  };
}

/** Carnets of BFC ordered through the API, issued by the background jobs and allocated to the Mission locale of Dijon. */
export async function bfcCarnetsOfMissionLocale(baseUrl: string, count: number): Promise<string[]> {
  const operatorApi = await apiAs(baseUrl, BFC.operator, 'Passnum-demo-operator-bfc');
  const order = (await operatorApi('POST', `/programmes/${BFC.id}/orders`, { carnets: count })) as { orderId: string };
  let serials: string[] | undefined;
  // Issuance runs in the background jobs of the test server: the order's state is read until done.
  for (let i = 0; i < 600 && !serials; i++) {
    const o = (await operatorApi('GET', `/orders/${order.orderId}`)) as { status: string; carnetSerials?: string[] };
    if (o.status === 'done') serials = o.carnetSerials;
  }
  for (const serial of serials ?? []) {
    await operatorApi('POST', `/carnets/${serial}/allocation`, { distributorId: BFC.distributorId });
  }
  return serials ?? [];
}

/** A BFC carnet handed by the Mission locale to a young job seeker: its serial. */
export async function bfcHandedOutCarnet(baseUrl: string, lastName: string, more: object = {}): Promise<string> {
  const [serial] = await bfcCarnetsOfMissionLocale(baseUrl, 1);
  const distributorApi = await apiAs(baseUrl, BFC.distributor, 'Passnum-demo-distributor-bfc');
  await distributorApi('POST', `/carnets/${serial}/distribution`, {
    beneficiary: {
      birthYear: 2004,
      birthMonth: 5,
      communeInsee: '21231',
      publicCategory: 'demandeur_emploi',
      firstName: 'Camille',
      lastName,
      ...more,
    },
  });
  return serial as string;
}
