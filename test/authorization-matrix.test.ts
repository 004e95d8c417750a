import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES } from '../src/modules/accounts/actor.js';
import { DEMO_ACCOUNTS, DEMO_ORGANISATIONS, DEMO_PROGRAMMES, type DemoAccount } from '../src/modules/demo/demo.data.js';
import { BFC, LOZERE } from './actors.js';
import { type TestApp, testApp } from './helpers.js';
import { call as callAs, codesOfCarnet, issueCarnets } from './vouchers-helpers.js';

/**
 * Generated from the route table: every API route is called as every demo account of programme
 * A (BFC) on the data of programme B (Lozère), and as every role the route does not allow.
 * A new route with a path parameter this file has no sample for fails here until one is added.
 */
let t: TestApp;
const samples: Record<'A' | 'B', Record<string, string>> = { A: {}, B: {} };
const A_ACCOUNTS = DEMO_ACCOUNTS.filter((a) => a.programme === 'bfc');

beforeAll(async () => {
  t = await testApp();
  const tokenOf = async (email: string) => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/me/tokens',
      headers: { cookie: await t.cookieOf(email) },
      payload: { name: 'matrice' },
    });
    return res.json().id as string;
  };
  /** An order, a carnet and a redemption of the programme, made through the API. */
  const voucherSamples = async (p: {
    programmeId: string;
    operator: string;
    distributor: string;
    distributorId: string;
    venue: string;
    venueId: string;
    person: object;
  }) => {
    const order = await callAs(t, p.operator, 'POST', `/api/v1/programmes/${p.programmeId}/orders`, { carnets: 1 });
    await t.jobs.drain();
    const [serial] = await issueCarnets(t, p.operator, p.programmeId, 2);
    await callAs(t, p.operator, 'POST', `/api/v1/carnets/${serial}/allocation`, { distributorId: p.distributorId });
    await callAs(t, p.distributor, 'POST', `/api/v1/carnets/${serial}/distribution`, { beneficiary: p.person });
    const codes = await codesOfCarnet(t.db, t.config.secret, serial as string);
    const redemption = await callAs(t, p.venue, 'POST', '/api/v1/redemptions', {
      venueId: p.venueId,
      codes: codes.slice(0, 1),
    });
    return {
      orderId: order.json().orderId,
      serial: serial as string,
      redemptionId: redemption.json().redemptionId,
      code: codes[1] as string,
    };
  };
  samples.A = {
    programmeId: DEMO_PROGRAMMES.bfc,
    organisationId: DEMO_ORGANISATIONS.mednumBfc.id,
    tokenId: await tokenOf(BFC.operator),
    ...(await voucherSamples({
      programmeId: DEMO_PROGRAMMES.bfc,
      operator: BFC.operator,
      distributor: BFC.distributor,
      distributorId: DEMO_ORGANISATIONS.mlDijon.id,
      venue: BFC.venue,
      venueId: DEMO_ORGANISATIONS.epnDijon.id,
      person: {
        birthYear: 2005,
        birthMonth: 1,
        communeInsee: '21231',
        publicCategory: 'demandeur_emploi',
        firstName: 'A',
        lastName: 'Matrice',
      },
    })),
  };
  samples.B = {
    programmeId: DEMO_PROGRAMMES.lozere,
    organisationId: DEMO_ORGANISATIONS.lozereDev.id,
    tokenId: await tokenOf(LOZERE.operator),
    ...(await voucherSamples({
      programmeId: DEMO_PROGRAMMES.lozere,
      operator: LOZERE.operator,
      distributor: LOZERE.distributor,
      distributorId: DEMO_ORGANISATIONS.departementLozere.id,
      venue: LOZERE.venue,
      venueId: DEMO_ORGANISATIONS.fsMende.id,
      person: {
        birthYear: 1950,
        birthMonth: 1,
        communeInsee: '48095',
        publicCategory: 'retraite',
        firstName: 'B',
        lastName: 'Matrice',
      },
    })),
  };
  /** A venue place of the programme's demo venue, one of its workshops and sessions, an import. */
  const venueSamples = async (programmeId: string, venueOrganisationId: string) => {
    const [row] = await t.db.query<Record<string, string>>(
      `SELECT v.id AS "venueId", w.id AS "workshopId",
              (SELECT s.id FROM workshop_sessions s JOIN workshops w2 ON w2.id = s.workshop_id WHERE w2.venue_id = v.id LIMIT 1) AS "sessionId",
              (SELECT i.id FROM venue_imports i WHERE i.programme_id = $2 LIMIT 1) AS "importId"
         FROM venues v JOIN workshops w ON w.venue_id = v.id WHERE v.organisation_id = $1 LIMIT 1`,
      [venueOrganisationId, programmeId],
    );
    return row ?? {};
  };
  /** A validated statement in a payment batch, made through the API. */
  const paymentSamples = async (p: { programmeId: string; operator: string; venue: string; venueId: string }) => {
    const bank = { holder: 'Lieu', iban: 'FR7630006000011234567890189', bic: 'AGRIFRPP882' };
    await callAs(t, p.operator, 'PUT', `/api/v1/programmes/${p.programmeId}/payment-settings`, {
      statementPeriod: 'monthly',
      debtorName: 'Opérateur',
      debtorIban: bank.iban,
      debtorBic: bank.bic,
    });
    await callAs(t, p.venue, 'PUT', '/api/v1/me/bank-account', bank);
    await callAs(
      t,
      p.operator,
      'POST',
      `/api/v1/programmes/${p.programmeId}/venues/${p.venueId}/bank-account/confirmation`,
    );
    const day = new Date().toISOString().slice(0, 10);
    await callAs(t, p.operator, 'POST', `/api/v1/programmes/${p.programmeId}/statements/draw-up`, { day });
    const [statement] = (await callAs(t, p.venue, 'GET', '/api/v1/me/statements')).json();
    await callAs(t, p.venue, 'POST', `/api/v1/statements/${statement.id}/submission`);
    await callAs(t, p.operator, 'POST', `/api/v1/statements/${statement.id}/validation`, {});
    const batch = await callAs(
      t,
      p.operator,
      'POST',
      `/api/v1/programmes/${p.programmeId}/payment-batches`,
      { executionDate: day },
      {
        'idempotency-key': `matrix-${p.programmeId}`,
      },
    );
    return { statementId: statement.id as string, batchId: batch.json().id as string };
  };
  Object.assign(
    samples.A,
    await paymentSamples({
      programmeId: DEMO_PROGRAMMES.bfc,
      operator: BFC.operator,
      venue: BFC.venue,
      venueId: DEMO_ORGANISATIONS.epnDijon.id,
    }),
  );
  Object.assign(
    samples.B,
    await paymentSamples({
      programmeId: DEMO_PROGRAMMES.lozere,
      operator: LOZERE.operator,
      venue: LOZERE.venue,
      venueId: DEMO_ORGANISATIONS.fsMende.id,
    }),
  );
  Object.assign(samples.A, await venueSamples(DEMO_PROGRAMMES.bfc, DEMO_ORGANISATIONS.epnDijon.id));
  Object.assign(samples.B, await venueSamples(DEMO_PROGRAMMES.lozere, DEMO_ORGANISATIONS.fsMende.id));
  // The bank details above e-mailed each programme's operators: one message of each outbox.
  const emailOf = async (programmeId: string) =>
    (await t.db.query<{ id: string }>('SELECT id FROM outbox_emails WHERE programme_id = $1 LIMIT 1', [programmeId]))[0]
      ?.id;
  // A draft training path of each hub, with a module, a file, a session and an attestation.
  const trainingOf = async (hub: string, holder: string) => {
    const path = (await callAs(t, hub, 'POST', '/api/v1/training/paths', { title: 'Parcours témoin' })).json();
    const withModule = (
      await callAs(t, hub, 'POST', `/api/v1/training/paths/${path.id}/modules`, { title: 'Module' })
    ).json();
    const moduleId = withModule.modules[0].id;
    const withFile = (
      await callAs(t, hub, 'POST', `/api/v1/training/modules/${moduleId}/files`, {
        name: 'a.txt',
        contentBase64: Buffer.from('a').toString('base64'),
      })
    ).json();
    const withSession = (
      await callAs(t, hub, 'POST', `/api/v1/training/paths/${path.id}/sessions`, {
        startsAt: '2027-02-01T09:00:00Z',
        place: 'Salle',
        capacity: 3,
      })
    ).json();
    const code = `${path.id.replace(/[^0-9]/g, '')}00000000000000000000`.slice(0, 20);
    await t.db.query(
      `INSERT INTO training_attestations (code, path_id, user_id, holder_name, organisation_name, path_title)
       SELECT $1, $2, u.id, u.display_name, 'Structure', 'Parcours témoin' FROM users u WHERE u.email = $3`,
      [code, path.id, holder],
    );
    return {
      pathId: path.id as string,
      moduleId: moduleId as string,
      fileId: withFile.modules[0].files[0].id as string,
      sessionId: withSession.sessions[0].id as string,
      code,
    };
  };
  const resourceOf = async (who: string) =>
    (
      await callAs(t, who, 'POST', '/api/v1/resources', {
        title: 'Ressource témoin',
        file: { name: 'r.txt', contentBase64: Buffer.from('r').toString('base64') },
      })
    ).json().id as string;
  Object.assign(samples.A, { resourceId: await resourceOf(BFC.operator) });
  Object.assign(samples.B, { resourceId: await resourceOf(LOZERE.operator) });
  Object.assign(samples.A, await trainingOf(BFC.operator, BFC.venue));
  Object.assign(samples.B, await trainingOf(LOZERE.operator, LOZERE.venue));
  const campaignOf = async (programmeId: string) =>
    (await t.db.query<{ id: string }>('SELECT id FROM reminder_campaigns WHERE programme_id = $1', [programmeId]))[0]
      ?.id;
  const userOf = async (email: string) =>
    (await t.db.query<{ id: string }>('SELECT id FROM users WHERE email = $1', [email]))[0]?.id;
  // An orientation of the Lozère (restricted prescription); BFC's prescription is open, none there.
  const orientation = await callAs(t, LOZERE.referrer, 'POST', `/api/v1/programmes/${LOZERE.id}/orientations`, {
    beneficiary: {
      birthYear: 1950,
      birthMonth: 3,
      communeInsee: '48095',
      publicCategory: 'retraite',
      firstName: 'M',
      lastName: 'Matrice',
    },
    consent: true,
  });
  Object.assign(samples.A, {
    emailId: await emailOf(DEMO_PROGRAMMES.bfc),
    userId: await userOf(BFC.distributor),
    orientationId: orientation.json().orientationId,
    campaignId: await campaignOf(DEMO_PROGRAMMES.bfc),
  });
  Object.assign(samples.B, {
    emailId: await emailOf(DEMO_PROGRAMMES.lozere),
    userId: await userOf(LOZERE.distributor),
    orientationId: orientation.json().orientationId,
    campaignId: await campaignOf(DEMO_PROGRAMMES.lozere),
  });
  for (const s of [samples.A, samples.B]) {
    if (Object.values(s).some((v) => !v)) throw new Error(`incomplete matrix samples: ${JSON.stringify(s)}`);
  }
});
afterAll(() => t.close());

function fill(url: string, values: Record<string, string>): string {
  return url.replace(/:(\w+)/g, (_, name: string) => {
    const v = values[name];
    if (!v) throw new Error(`No sample for path parameter :${name} of ${url}: add one to the matrix`);
    return v;
  });
}

async function call(account: DemoAccount, method: string, url: string) {
  return t.app.inject({
    method: method as 'GET',
    url,
    headers: { cookie: await t.cookieOf(account) },
    ...(method === 'GET' || method === 'DELETE' ? {} : { payload: {} }),
  });
}

describe('authorisation matrix', () => {
  it('covers a non-trivial route table', () => {
    expect(t.routes.filter((r) => !('public' in r.access)).length).toBeGreaterThanOrEqual(10);
  });

  it("refuses every programme-A account every route on programme B's data", async () => {
    const failures: string[] = [];
    for (const route of t.routes) {
      if ('public' in route.access) continue;
      const hasParams = route.url.includes(':');
      const url = hasParams ? fill(route.url, samples.B) : `${route.url}?programmeId=${samples.B.programmeId}`;
      for (const account of A_ACCOUNTS) {
        const res = await call(account, route.method, url);
        const refused = res.statusCode === 403 || res.statusCode === 404;
        // A route without a B identifier in its path (lists, creations) must at least leak nothing of B.
        const leaks = res.statusCode < 300 && res.body.includes(samples.B.programmeId as string);
        if ((hasParams && !refused) || leaks)
          failures.push(`${account.role} ${route.method} ${url} → ${res.statusCode}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('refuses each role the routes declared for other roles, even in its own programme', async () => {
    const failures: string[] = [];
    let checked = 0;
    for (const route of t.routes) {
      if ('public' in route.access) continue;
      const allowed = route.access.roles;
      if (ROLES.every((r) => allowed.includes(r))) continue;
      for (const account of DEMO_ACCOUNTS.filter((a) => !allowed.includes(a.role))) {
        const own = account.programme === 'lozere' ? samples.B : samples.A;
        const url = fill(route.url, { ...own, organisationId: account.organisation.id });
        const res = await call(account, route.method, url);
        checked++;
        if (res.statusCode !== 403) failures.push(`${account.role} ${route.method} ${url} → ${res.statusCode}`);
      }
    }
    expect(checked).toBeGreaterThan(20);
    expect(failures).toEqual([]);
  });

  it('refuses every non-public route without authentication', async () => {
    for (const route of t.routes) {
      if ('public' in route.access) continue;
      const res = await t.app.inject({ method: route.method as 'GET', url: fill(route.url, samples.A) });
      expect(res.statusCode, `${route.method} ${route.url}`).toBe(401);
    }
  });
});
