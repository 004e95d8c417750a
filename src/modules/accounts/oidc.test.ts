import Fastify, { type FastifyInstance } from 'fastify';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOZERE } from '../../../test/actors.js';
import { type TestApp, testApp } from '../../../test/helpers.js';

/** A minimal OpenID Connect provider on a free local port, standing in for ProConnect. */
async function fakeProvider(clientId: string, email: string) {
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
  const nonces = new Map<string, string>();
  const app: FastifyInstance = Fastify();
  let issuer = '';
  app.get('/.well-known/openid-configuration', async () => ({
    issuer,
    authorization_endpoint: `${issuer}/authorize`,
    token_endpoint: `${issuer}/token`,
    userinfo_endpoint: `${issuer}/userinfo`,
    jwks_uri: `${issuer}/jwks`,
    response_types_supported: ['code'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256'],
    code_challenge_methods_supported: ['S256'],
    token_endpoint_auth_methods_supported: ['client_secret_basic'],
  }));
  app.get('/jwks', async () => ({ keys: [jwk] }));
  app.post('/token', async (req) => {
    const code = (req.body as Record<string, string>).code ?? '';
    const idToken = await new SignJWT({ email, nonce: nonces.get(code) })
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setIssuer(issuer)
      .setAudience(clientId)
      .setSubject('agent-42')
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(privateKey);
    return { access_token: 'at', token_type: 'Bearer', id_token: idToken, expires_in: 300 };
  });
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_r, body, done) =>
    done(null, Object.fromEntries(new URLSearchParams(String(body)))),
  );
  issuer = await app.listen({ port: 0, host: '127.0.0.1' });
  /** What the provider does when the user approves: a code bound to the request's nonce. */
  const approve = (authorizeUrl: string) => {
    const u = new URL(authorizeUrl);
    const code = `code-${nonces.size}`;
    nonces.set(code, u.searchParams.get('nonce') ?? '');
    return { code, state: u.searchParams.get('state') ?? '' };
  };
  return { issuer, approve, close: () => app.close() };
}

let t: TestApp;
let provider: Awaited<ReturnType<typeof fakeProvider>>;
beforeAll(async () => {
  provider = await fakeProvider('passnum', 'Prescripteur@Lozere.demo');
  t = await testApp({ env: { OIDC_ISSUER: provider.issuer, OIDC_CLIENT_ID: 'passnum', OIDC_CLIENT_SECRET: 'secret' } });
});
afterAll(async () => {
  await t.close();
  await provider.close();
});

async function begin() {
  const res = await t.app.inject({ url: '/api/v1/auth/oidc/login' });
  expect(res.statusCode).toBe(302);
  const cookie = String(res.headers['set-cookie']).split(';')[0] ?? '';
  return { location: String(res.headers.location), cookie };
}

describe('OpenID Connect sign-in', () => {
  it('signs an existing account in through the provider, with state, nonce and PKCE', async () => {
    const { location, cookie } = await begin();
    expect(location.startsWith(`${provider.issuer}/authorize?`)).toBe(true);
    expect(new URL(location).searchParams.get('code_challenge_method')).toBe('S256');
    const { code, state } = provider.approve(location);
    const cb = await t.app.inject({
      url: `/api/v1/auth/oidc/callback?code=${code}&state=${state}`,
      headers: { cookie },
    });
    expect(cb.statusCode).toBe(302);
    expect(cb.headers.location).toBe('/');
    const session = [cb.headers['set-cookie']].flat().find((c) => c?.startsWith('passnum_session='));
    const me = await t.app.inject({ url: '/api/v1/me', headers: { cookie: session?.split(';')[0] ?? '' } });
    expect(me.json().email).toBe(LOZERE.distributor);
  });

  it('refuses a callback whose state is not bound to this browser (login CSRF)', async () => {
    const { location } = await begin();
    const { code, state } = provider.approve(location);
    const cb = await t.app.inject({ url: `/api/v1/auth/oidc/callback?code=${code}&state=${state}` });
    expect(cb.headers.location).toBe('/connexion?erreur=OIDC_FAILED');
  });

  it('refuses a replayed state', async () => {
    const { location, cookie } = await begin();
    const { code, state } = provider.approve(location);
    await t.app.inject({ url: `/api/v1/auth/oidc/callback?code=${code}&state=${state}`, headers: { cookie } });
    const again = await t.app.inject({
      url: `/api/v1/auth/oidc/callback?code=${code}&state=${state}`,
      headers: { cookie },
    });
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
