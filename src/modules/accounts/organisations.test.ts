import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, BFC, LOZERE } from '../../../test/actors.js';
import { type TestApp, testApp } from '../../../test/helpers.js';
import { call } from '../../../test/vouchers-helpers.js';
import { siretWithKey } from './siret.rules.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(async () => t?.close());

let stem = 0;
const newSiret = () => siretWithKey(`4242420${String(++stem).padStart(6, '0')}`);

/** The invitation link of the last e-mail sent to `email`. */
async function invitationOf(email: string): Promise<string> {
  await t.jobs.drain();
  const mail = t.mails.findLast((m) => m.to === email);
  const link = /\/invitation#(\S+)/.exec(mail?.text ?? '')?.[1];
  if (!link) throw new Error(`no invitation for ${email}`);
  return link;
}

describe('organisations and their people, from the browser API', () => {
  it('lets an operator register a partner, invite its first person, who chooses a password and signs in', async () => {
    const created = await call(t, BFC.operator, 'POST', '/api/v1/organisations', {
      name: 'Mission locale de Beaune',
      siret: newSiret(),
      kinds: ['distributor'],
    });
    expect(created.statusCode).toBe(201);
    const org = created.json();
    // The operator sees the partner it registered; another operator does not.
    const mine = (await call(t, BFC.operator, 'GET', '/api/v1/organisations')).json() as { id: string }[];
    expect(mine.map((o) => o.id)).toContain(org.id);
    const theirs = (await call(t, LOZERE.operator, 'GET', '/api/v1/organisations')).json() as { id: string }[];
    expect(theirs.map((o) => o.id)).not.toContain(org.id);
    expect((await call(t, LOZERE.operator, 'PATCH', `/api/v1/organisations/${org.id}`, { name: 'X' })).statusCode).toBe(
      403,
    );

    const invited = await call(t, BFC.operator, 'POST', `/api/v1/organisations/${org.id}/users`, {
      email: 'conseillere@ml-beaune.example',
      displayName: 'Inès Conseillère',
    });
    expect(invited.statusCode).toBe(201);
    const people = (await call(t, BFC.operator, 'GET', `/api/v1/organisations/${org.id}/users`)).json();
    expect(people).toMatchObject([{ email: 'conseillere@ml-beaune.example', status: 'invited', roles: [] }]);

    const token = await invitationOf('conseillere@ml-beaune.example');
    const accepted = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/invitation',
      payload: { token, password: 'Un-mot-de-passe-solide' },
    });
    expect(accepted.statusCode).toBeLessThan(300);
    const inesCookie = [accepted.headers['set-cookie']].flat()[0]?.split(';')[0] ?? '';

    const grant = await call(t, BFC.operator, 'POST', `/api/v1/programmes/${BFC.id}/roles`, {
      userId: invited.json().id,
      role: 'distributor',
    });
    expect(grant.statusCode).toBe(204);
    const actors = (await call(t, BFC.operator, 'GET', `/api/v1/programmes/${BFC.id}/roles`)).json() as {
      email: string;
      role: string;
    }[];
    expect(actors).toContainEqual(
      expect.objectContaining({ email: 'conseillere@ml-beaune.example', role: 'distributor' }),
    );

    // Now established: the operator may no longer slip an account into it; its own people may.
    const second = await call(t, BFC.operator, 'POST', `/api/v1/organisations/${org.id}/users`, {
      email: 'intrus@example.org',
      displayName: 'Intrus',
    });
    expect(second.statusCode).toBe(403);
    const colleague = await t.app.inject({
      method: 'POST',
      url: `/api/v1/organisations/${org.id}/users`,
      headers: { cookie: inesCookie },
      payload: { email: 'collegue@ml-beaune.example', displayName: 'Collègue' },
    });
    expect(colleague.statusCode).toBe(201);
  });

  it('refuses an invalid SIRET with its code and stores nothing', async () => {
    const res = await call(t, ADMIN, 'POST', '/api/v1/organisations', {
      name: 'Erronée',
      siret: '12345678901234',
      kinds: ['venue'],
    });
    expect(res.json().error.code).toBe('SIRET_INVALID');
    expect(await t.db.query(`SELECT 1 FROM organisations WHERE name = 'Erronée'`)).toEqual([]);
  });

  it('ends the sessions of a deactivated account at once, and lets it back in once reactivated', async () => {
    const cookie = await t.cookieOf(BFC.distributor);
    const me = () => t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } });
    expect((await me()).statusCode).toBe(200);
    const [user] = await t.db.query<{ id: string }>('SELECT id FROM users WHERE email = $1', [BFC.distributor]);
    expect((await call(t, LOZERE.operator, 'POST', `/api/v1/users/${user?.id}/deactivation`)).statusCode).toBe(403);
    expect((await call(t, BFC.operator, 'POST', `/api/v1/users/${user?.id}/deactivation`)).statusCode).toBe(204);
    expect((await me()).statusCode).toBe(401);
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: BFC.distributor, password: 'Passnum-demo-distributor-bfc' },
    });
    expect(login.statusCode).toBe(401);
    expect((await call(t, BFC.operator, 'DELETE', `/api/v1/users/${user?.id}/deactivation`)).statusCode).toBe(204);
    const again = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: BFC.distributor, password: 'Passnum-demo-distributor-bfc' },
    });
    expect(again.statusCode).toBe(200);
    const audit = await t.db.query<{ action: string }>(
      `SELECT action FROM audit_log WHERE entity_id = $1 AND action LIKE 'user.%' ORDER BY id`,
      [user?.id],
    );
    expect(audit.map((a) => a.action)).toEqual(['user.disable', 'user.enable']);
  });
});
