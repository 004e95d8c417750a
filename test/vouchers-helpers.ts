import type { Queryable } from '../src/db/db.js';
import { codeKeys, decryptCode } from '../src/modules/vouchers/code.crypto.js';
import { formatCode } from '../src/modules/vouchers/code.rules.js';
import type { TestApp } from './helpers.js';

/** The codes of a carnet, decrypted as the print files will be. */
export async function codesOfCarnet(q: Queryable, secret: string, serial: string): Promise<string[]> {
  const keys = codeKeys(secret);
  const rows = await q.query<{ code_sealed: Uint8Array }>(
    `SELECT p.code_sealed FROM passes p JOIN carnets c ON c.id = p.carnet_id WHERE c.serial = $1 ORDER BY p.number`,
    [serial],
  );
  return rows.map((r) => formatCode(decryptCode(keys, r.code_sealed)));
}

type Method = 'GET' | 'POST' | 'DELETE' | 'PATCH' | 'PUT';

export async function call(
  t: TestApp,
  email: string,
  method: Method,
  url: string,
  payload?: object,
  headers: Record<string, string> = {},
) {
  return t.app.inject({
    method,
    url,
    headers: { cookie: await t.cookieOf(email), ...headers },
    ...(payload ? { payload } : {}),
  });
}

/** Orders `carnets` carnets, runs the issuance job and returns their serials. */
export async function issueCarnets(
  t: TestApp,
  operator: string,
  programmeId: string,
  carnets: number,
): Promise<string[]> {
  const res = await call(t, operator, 'POST', `/api/v1/programmes/${programmeId}/orders`, { carnets });
  if (res.statusCode !== 202) throw new Error(`order: ${res.body}`);
  await t.jobs.drain();
  const order = await call(t, operator, 'GET', `/api/v1/orders/${res.json().orderId}`);
  return order.json().carnetSerials;
}

export const youngJobSeeker = (lastName: string) => ({
  beneficiary: {
    birthYear: 2004,
    birthMonth: 6,
    birthDay: 12,
    communeInsee: '21231',
    publicCategory: 'demandeur_emploi',
    firstName: 'Camille',
    lastName,
  },
});
