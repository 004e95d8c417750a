import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOZERE } from '../../../test/actors.js';
import { type TestApp, testApp } from '../../../test/helpers.js';

const PUBLIC_URL = 'http://localhost:3000';

/**
 * A real OpenID Connect provider (the maintained `oidc-provider`, as certified implementations
 * use) on a free local port, standing in for ProConnect. Its accounts are set per test: the
 * subject, the e-mail and whether the provider verified it.
 */
async function realProvider() {
  const accounts = new Map<string, { email: string; email_verified?: boolean }>();
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: 'passnum',
        client_secret: 'a-client-secret-for-the-tests',
        redirect_uris: [`${PUBLIC_URL}/api/v1/auth/oidc/callback`],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    claims: { openid: ['sub'], email: ['email', 'email_verified'] },
    findAccount: async (_ctx, sub) => ({
      accountId: sub,
      claims: async () => ({ sub, ...accounts.get(sub) }),
    }),
    features: { devInteractions: { enabled: true } },
    cookies: { keys: ['cookie-key-for-the-tests'] },
    ttl: { AccessToken: 300, AuthorizationCode: 60, IdToken: 300, Interaction: 300, Session: 600, Grant: 600 },
  });
  server.on('request', provider.callback());
  return { issuer, accounts, close: () => new Promise((r) => server.close(r)) };
}

let t: TestApp;
let op: Awaited<ReturnType<typeof realProvider>>;
beforeAll(async () => {
  op = await realProvider();
  t = await testApp({
    env: {
      PUBLIC_URL,
      OIDC_ISSUER: op.issuer,
      OIDC_CLIENT_ID: 'passnum',
      OIDC_CLIENT_SECRET: 'a-client-secret-for-the-tests',
    },
  });
});
afterAll(async () => {
  await t?.close();
  await op?.close();
});

async function begin() {
  const res = await t.app.inject({ url: '/api/v1/auth/oidc/login' });
  expect(res.statusCode).toBe(302);
  const cookie = String(res.headers['set-cookie']).split(';')[0] ?? '';
  return { location: String(res.headers.location), cookie };
}

/**
 * A person signs in at the provider as `sub` and consents, as a browser would: redirects are
 * followed and the provider's cookies kept, up to the redirect back to Passnum's callback.
 */
async function atProvider(authorizeUrl: string, sub: string): Promise<string> {
  const jar = new Map<string, string>();
  const cookies = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  let url = authorizeUrl;
  let body: URLSearchParams | undefined;
  for (let hop = 0; hop < 12; hop++) {
    const res = await fetch(url, {
      method: body ? 'POST' : 'GET',
      headers: { cookie: cookies(), ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
      body,
      redirect: 'manual',
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const [k, ...v] = (pair ?? '').split('=');
      if (k) jar.set(k, v.join('='));
    }
    const location = res.headers.get('location');
    if (location?.startsWith(PUBLIC_URL)) return location.slice(PUBLIC_URL.length);
    if (location) {
      url = new URL(location, url).href;
      body = undefined;
      continue;
    }
    // An interaction page: the login form, then the consent form.
    const page = await res.text();
    body = page.includes('name="login"')
      ? new URLSearchParams({ prompt: 'login', login: sub, password: 'any' })
      : new URLSearchParams({ prompt: 'consent' });
  }
  throw new Error('the provider never sent the browser back');
}

async function signIn(sub: string) {
  const { location, cookie } = await begin();
  expect(new URL(location).origin).toBe(op.issuer);
  expect(new URL(location).searchParams.get('code_challenge_method')).toBe('S256');
  const callback = await atProvider(location, sub);
  const cb = await t.app.inject({ url: callback, headers: { cookie } });
  const session = [cb.headers['set-cookie']].flat().find((c) => c?.startsWith('passnum_session='));
  return { redirect: String(cb.headers.location), session: session?.split(';')[0] ?? '' };
}

const identityOf = async (email: string) =>
  (
    await t.db.query<{ oidc_issuer: string | null; oidc_subject: string | null }>(
      'SELECT oidc_issuer, oidc_subject FROM users WHERE email = $1',
      [email],
    )
  )[0];

describe('OpenID Connect sign-in, against a real provider', () => {
  it('signs an existing account in, with state, nonce and PKCE, and links it to the issuer and subject', async () => {
    op.accounts.set('agent-42', { email: 'Prescripteur@Lozere.demo', email_verified: true });
    const { redirect, session } = await signIn('agent-42');
    expect(redirect).toBe('/');
    const me = await t.app.inject({ url: '/api/v1/me', headers: { cookie: session } });
    expect(me.json().email).toBe(LOZERE.distributor);
    expect(await identityOf(LOZERE.distributor)).toEqual({ oidc_issuer: op.issuer, oidc_subject: 'agent-42' });

    // The provider's e-mail changes later: the account is found by its subject, not by e-mail.
    op.accounts.set('agent-42', { email: 'nouvelle.adresse@lozere.demo', email_verified: true });
    const again = await signIn('agent-42');
    expect(again.redirect).toBe('/');
    const me2 = await t.app.inject({ url: '/api/v1/me', headers: { cookie: again.session } });
    expect(me2.json().email).toBe(LOZERE.distributor);
  });

  it('refuses an e-mail the provider did not verify', async () => {
    op.accounts.set('unverified', { email: LOZERE.referrer, email_verified: false });
    expect((await signIn('unverified')).redirect).toBe('/connexion?erreur=OIDC_EMAIL_UNVERIFIED');
    op.accounts.set('silent', { email: LOZERE.referrer });
    expect((await signIn('silent')).redirect).toBe('/connexion?erreur=OIDC_EMAIL_UNVERIFIED');
    expect(await identityOf(LOZERE.referrer)).toEqual({ oidc_issuer: null, oidc_subject: null });
  });

  it('does not let another identity with the same e-mail take over a linked account', async () => {
    op.accounts.set('impostor', { email: LOZERE.distributor, email_verified: true });
    expect((await signIn('impostor')).redirect).toBe('/connexion?erreur=OIDC_UNKNOWN_USER');
    expect(await identityOf(LOZERE.distributor)).toEqual({ oidc_issuer: op.issuer, oidc_subject: 'agent-42' });
  });

  it('refuses a callback whose state is not bound to this browser (login CSRF)', async () => {
    op.accounts.set('agent-42', { email: LOZERE.distributor, email_verified: true });
    const { location } = await begin();
    const callback = await atProvider(location, 'agent-42');
    const cb = await t.app.inject({ url: callback });
    expect(cb.headers.location).toBe('/connexion?erreur=OIDC_FAILED');
  });

  it('refuses a replayed callback', async () => {
    const { location, cookie } = await begin();
    const callback = await atProvider(location, 'agent-42');
    await t.app.inject({ url: callback, headers: { cookie } });
    const again = await t.app.inject({ url: callback, headers: { cookie } });
    expect(again.headers.location).toBe('/connexion?erreur=OIDC_FAILED');
  });

  it('is off, with a clear code, when not configured', async () => {
    const off = await testApp({ seed: false });
    try {
      const res = await off.app.inject({ url: '/api/v1/auth/oidc/login' });
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('OIDC_DISABLED');
      expect((await off.app.inject({ url: '/api/v1/auth/config' })).json()).toEqual({ password: true, oidc: false });
    } finally {
      await off.close();
    }
  });
});
