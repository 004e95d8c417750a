import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BFC, LOZERE } from '../../../test/actors.js';
import { type TestApp, testApp } from '../../../test/helpers.js';
import { call, issueCarnets } from '../../../test/vouchers-helpers.js';
import { eraseExpiredPersonalData } from './personal-data.service.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t?.close());

/** The same person each time a last name is repeated (same name, same birth date). */
const person = (lastName: string) => ({
  birthYear: 2003,
  birthMonth: 4,
  birthDay: 9,
  communeInsee: '21231',
  publicCategory: 'demandeur_emploi',
  firstName: 'Inès',
  lastName,
});

/** A carnet handed to a person who consented to reminders, so names and e-mail are stored. */
async function handedWithConsent(lastName: string): Promise<string> {
  const [serial] = await issueCarnets(t, BFC.operator, BFC.id, 1);
  await call(t, BFC.operator, 'POST', `/api/v1/carnets/${serial}/allocation`, { distributorId: BFC.distributorId });
  const res = await call(t, BFC.distributor, 'POST', `/api/v1/carnets/${serial}/distribution`, {
    beneficiary: { ...person(lastName), consentReminders: true, email: `${lastName.toLowerCase()}@exemple.fr` },
  });
  expect(res.statusCode, res.body).toBe(201);
  return serial as string;
}

const url = (serial: string) => `/api/v1/programmes/${BFC.id}/carnets/${serial}/beneficiary`;

describe("a person's data (RGPD)", () => {
  it('shows the operator everything held about the person of a carnet, and logs each reading', async () => {
    const serial = await handedWithConsent('Droitdacces');
    const res = await call(t, BFC.operator, 'GET', url(serial));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      firstName: 'Inès',
      lastName: 'Droitdacces',
      email: 'droitdacces@exemple.fr',
      birthYear: 2003,
      communeInsee: '21231',
      carnets: [{ serial, passes: expect.arrayContaining([expect.objectContaining({ state: 'distributed' })]) }],
    });
    const download = await call(t, BFC.operator, 'GET', `${url(serial)}?download=1`);
    expect(download.headers['content-disposition']).toContain(`donnees-${serial}.json`);
    const reads = await t.db.query("SELECT 1 FROM audit_log WHERE action = 'beneficiary.read' AND entity_id = $1", [
      res.json().beneficiaryId,
    ]);
    expect(reads).toHaveLength(2);
    // Nobody else reads it: the distributor who handed it, another programme's operator.
    expect((await call(t, BFC.distributor, 'GET', url(serial))).statusCode).toBe(403);
    expect((await call(t, LOZERE.operator, 'GET', url(serial))).statusCode).toBe(403);
  });

  it("erases names and contacts at the person's request, keeping the one-carnet rule", async () => {
    const serial = await handedWithConsent('Effacement');
    const erased = await call(t, BFC.operator, 'DELETE', url(serial), { reason: 'Demande écrite du 2 décembre' });
    expect(erased.statusCode).toBe(200);
    const after = (await call(t, BFC.operator, 'GET', url(serial))).json();
    expect(after).toMatchObject({ firstName: null, lastName: null, email: null, birthMonth: null, sex: null });
    expect(after.erasedAt).not.toBeNull();
    expect(after.birthYear).toBe(2003);
    const [again] = await issueCarnets(t, BFC.operator, BFC.id, 1);
    await call(t, BFC.operator, 'POST', `/api/v1/carnets/${again}/allocation`, { distributorId: BFC.distributorId });
    const second = await call(t, BFC.distributor, 'POST', `/api/v1/carnets/${again}/distribution`, {
      beneficiary: person('Effacement'),
    });
    expect(second.json().error.code).toBe('CARNET_LIMIT_REACHED');
    const audit = await t.db.query("SELECT after FROM audit_log WHERE action = 'beneficiary.erase'");
    expect(JSON.stringify(audit)).toContain('Demande écrite du 2 décembre');
    const noReason = await call(t, BFC.operator, 'DELETE', url(serial), {});
    expect(noReason.statusCode).toBe(400);
  });

  it("erases, once a day, the data older than the programme's retention period, and only that", async () => {
    const old = await handedWithConsent('Ancienne');
    const recent = await handedWithConsent('Recente');
    // The first hand-out happened 25 months ago; the programme keeps data 24 months.
    await t.db.query(
      `UPDATE beneficiaries SET created_at = now() - interval '25 months'
        WHERE id = (SELECT beneficiary_id FROM carnets WHERE serial = $1)`,
      [old],
    );
    expect(await eraseExpiredPersonalData(t.db)).toBe(1);
    expect((await call(t, BFC.operator, 'GET', url(old))).json()).toMatchObject({ lastName: null, email: null });
    expect((await call(t, BFC.operator, 'GET', url(recent))).json()).toMatchObject({ lastName: 'Recente' });
    expect(await eraseExpiredPersonalData(t.db)).toBe(0);
    const logged = await t.db.query<{ after: { erased: number } }>(
      "SELECT after FROM audit_log WHERE action = 'beneficiary.retention-erase'",
    );
    expect(logged.map((l) => l.after.erased)).toEqual([1]);
  });
});
