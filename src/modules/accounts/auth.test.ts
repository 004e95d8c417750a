import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BFC, LOZERE } from '../../../test/actors.js';
import { type TestApp, testApp } from '../../../test/helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp({ env: { LOGIN_MAX_FAILURES: '3' } });
});
afterAll(() => t.close());

const OPERATOR = BFC.operator;

describe('sign-in and sessions', () => {
  it('sets an httpOnly, SameSite=Lax session cookie and /me answers with the roles', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'Operateur@MedNum-BFC.demo', password: 'Passnum-demo-operator-bfc' },
    });
    expect(res.statusCode).toBe(200);
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(/passnum_session=/);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    expect(setCookie).not.toMatch(/Secure/);
    const cookie = setCookie.split(';')[0] ?? '';
    const me = await t.app.inject({ url: '/api/v1/me', headers: { cookie } });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({
      email: OPERATOR,
      organisationName: 'Mission régionale MedNum BFC',
      isAdmin: false,
    });
    expect(me.json().roles).toEqual([{ programmeId: '00000000-0000-4000-8000-000000000b01', role: 'operator' }]);
  });

  it('refuses a wrong password with 401 INVALID_CREDENTIALS and a French message', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: BFC.funder, password: 'nope' },
    });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toEqual({
      error: { code: 'INVALID_CREDENTIALS', message: 'Adresse électronique ou mot de passe incorrect.' },
    });
  });

  it('throttles an account after repeated failures, even with the right password then', async () => {
    const email = BFC.venue;
    const attempt = (password: string) =>
      t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });
    const failures = await Promise.all([attempt('x1'), attempt('x2'), attempt('x3')]);
    expect(failures.map((r) => r.statusCode)).toEqual([401, 401, 401]);
    const blocked = await attempt('Passnum-demo-venue-bfc');
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json().error.code).toBe('LOGIN_THROTTLED');
    expect(blocked.headers['retry-after']).toBe('900');
  });

  it('logout ends the session', async () => {
    const cookie = await t.cookieOf(BFC.distributor);
    const out = await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie } });
    expect(out.statusCode).toBe(204);
    const me = await t.app.inject({ url: '/api/v1/me', headers: { cookie } });
    expect(me.statusCode).toBe(401);
    expect(me.json().error.code).toBe('UNAUTHENTICATED');
  });

  it('refuses a cookie-authenticated write sent from another site (CSRF)', async () => {
    const cookie = await t.cookieOf(OPERATOR);
    const payload = { name: 'intégration' };
    const cross = await t.app.inject({
      method: 'POST',
      url: '/api/v1/me/tokens',
      headers: { cookie, 'sec-fetch-site': 'cross-site' },
      payload,
    });
    expect(cross.statusCode).toBe(403);
    expect(cross.json().error.code).toBe('CSRF_REJECTED');
    const evilOrigin = await t.app.inject({
      method: 'POST',
      url: '/api/v1/me/tokens',
      headers: { cookie, origin: 'https://evil.example' },
      payload,
    });
    expect(evilOrigin.json().error.code).toBe('CSRF_REJECTED');
    const same = await t.app.inject({
      method: 'POST',
      url: '/api/v1/me/tokens',
      headers: { cookie, 'sec-fetch-site': 'same-origin', origin: 'http://localhost:3000' },
      payload,
    });
    expect(same.statusCode).toBe(201);
  });

  it('API tokens authenticate integrations until revoked', async () => {
    const cookie = await t.cookieOf(LOZERE.funder);
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/me/tokens',
      headers: { cookie },
      payload: { name: 'tableau de bord' },
    });
    expect(created.statusCode).toBe(201);
    const { id, token } = created.json();
    const bearer = { authorization: `Bearer ${token}` };
    const me = await t.app.inject({ url: '/api/v1/me', headers: bearer });
    expect(me.json().email).toBe(LOZERE.funder);
    const revoke = await t.app.inject({ method: 'DELETE', url: `/api/v1/me/tokens/${id}`, headers: { cookie } });
    expect(revoke.statusCode).toBe(204);
    const after = await t.app.inject({ url: '/api/v1/me', headers: bearer });
    expect(after.statusCode).toBe(401);
    const audit = await t.db.query<{ action: string }>(
      `SELECT action FROM audit_log WHERE entity_id = $1 ORDER BY id`,
      [id],
    );
    expect(audit.map((a) => a.action)).toEqual(['api_token.create', 'api_token.revoke']);
  });

  it('answers malformed JSON with 400 MALFORMED_REQUEST and no stack trace', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"email":',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('MALFORMED_REQUEST');
    expect(res.body).not.toMatch(/at .*\.ts/);
  });

  it('answers an invalid body with 400 VALIDATION_ERROR naming the field', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'a@b.fr' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('VALIDATION_ERROR');
    expect(res.json().error.details[0].path).toBe('body.password');
  });
});
