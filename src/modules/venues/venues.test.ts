import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BFC, LOZERE } from '../../../test/actors.js';
import { newProgramme, type TestApp, testApp } from '../../../test/helpers.js';
import { tableSchemaProblems } from '../../../test/table-schema.js';
import { call, codesOfCarnet, issueCarnets } from '../../../test/vouchers-helpers.js';
import { scheduleDailyJobs } from '../../server.js';
import { siretWithKey } from '../accounts/siret.rules.js';
import { DEMO_ORGANISATIONS, DEMO_PROGRAMMES } from '../demo/demo.data.js';
import { FRANCE_SERVICES_FILE } from '../demo/demo.venues.js';
import { remindRenewals } from './renewals.service.js';
import type { DirectoryEntry } from './venues.contract.js';

const LOZERE_OPERATOR = LOZERE.operator;
const BFC_OPERATOR = BFC.operator;
const MENDE = '44.5181,3.5006';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

/** A SIRET with a valid Luhn key, different for each call. */
let siretCounter = 0;
function newSiret(): string {
  return siretWithKey(`7700000${String(++siretCounter).padStart(6, '0')}`);
}

function application(
  overrides: { name?: string; email?: string; place?: object; bank?: object; programmeIds?: string[] } = {},
) {
  const name = overrides.name ?? 'Tiers-lieu du Causse';
  return {
    organisation: { name, siret: newSiret() },
    contact: { displayName: 'Claire Médiatrice', email: overrides.email ?? `contact-${siretCounter}@tiers-lieu.test` },
    place: {
      name,
      address: '2 place du Foirail',
      postcode: '48000',
      communeInsee: '48095',
      latitude: 44.5172,
      longitude: 3.4989,
      phone: '04 66 00 00 00',
      openingHours: 'lu-ve 9h-12h',
      services: ['Maîtrise des outils numériques du quotidien'],
      publics: ['Seniors'],
      ...overrides.place,
    },
    bank: { holder: name, iban: 'FR76 3000 6000 0112 3456 7890 189', bic: 'AGRIFRPP882', ...overrides.bank },
    programmeIds: overrides.programmeIds ?? [DEMO_PROGRAMMES.lozere],
    charterAccepted: true,
  };
}

async function apply(body: object) {
  return t.app.inject({ method: 'POST', url: '/api/v1/public/venue-applications', payload: body });
}

async function decide(organisationId: string, status: string, reason?: string, operator = LOZERE_OPERATOR) {
  return call(
    t,
    operator,
    'POST',
    `/api/v1/programmes/${DEMO_PROGRAMMES.lozere}/venues/${organisationId}/qualification`,
    {
      status,
      ...(reason ? { reason } : {}),
    },
  );
}

async function search(query: string) {
  const res = await t.app.inject({ method: 'GET', url: `/api/v1/public/venues?${query}` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { items: DirectoryEntry[]; hasMore: boolean };
}

describe('a venue applies, is qualified, publishes workshops and appears on the map', () => {
  it('walks the whole path through the API', async () => {
    const body = application();
    const applied = await apply(body);
    expect(applied.statusCode, applied.body).toBe(201);
    const { organisationId, venueId } = applied.json();
    await t.jobs.drain();
    const invitation = t.mails.find((m) => m.to === body.contact.email);
    expect(invitation?.text).toContain('/invitation#');
    expect(t.mails.some((m) => m.to === LOZERE_OPERATOR && m.subject.includes('Nouvelle candidature'))).toBe(true);

    // Pending: not on the map yet, listed for the operator with masked bank details.
    expect((await search(`near=${MENDE}&radiusKm=5`)).items.map((i) => i.id)).not.toContain(venueId);
    const listed = await call(t, LOZERE_OPERATOR, 'GET', `/api/v1/programmes/${DEMO_PROGRAMMES.lozere}/venues`);
    const mine = listed.json().find((v: { organisationId: string }) => v.organisationId === organisationId);
    expect(mine).toMatchObject({
      status: 'pending',
      decisions: ['qualified', 'changes_requested', 'refused'],
      charterAccepted: true,
      bank: null,
      pendingBank: { status: 'pending', iban: 'FR76 •••• •••• •••• •••• •••0 189' },
    });
    expect(mine.places[0]).toMatchObject({ openingHours: 'Mo-Fr 09:00-12:00', phone: '+33466000000' });

    // The invited user chooses a password and signs in.
    const token = invitation?.text.match(/invitation#(\S+)/)?.[1] as string;
    const accepted = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/invitation',
      payload: { token, password: 'un mot de passe solide' },
    });
    expect(accepted.statusCode, accepted.body).toBe(204);
    const cookie = String(accepted.headers['set-cookie']).split(';')[0] as string;
    const again = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/invitation',
      payload: { token, password: 'un autre mot de passe' },
    });
    expect(again.json().error.code).toBe('INVITATION_INVALID');

    // Qualification: reasons are required for anything else; the decision is mailed; roles follow.
    expect((await decide(organisationId, 'refused')).json().error.code).toBe('REASON_REQUIRED');
    expect((await decide(organisationId, 'suspended', 'x')).json().error.code).toBe('QUALIFICATION_TRANSITION');
    const qualified = await decide(organisationId, 'qualified');
    expect(qualified.statusCode, qualified.body).toBe(200);
    expect(qualified.json().renewalDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    await t.jobs.drain();
    expect(t.mails.some((m) => m.to === body.contact.email && m.subject.startsWith('Qualification qualifié'))).toBe(
      true,
    );
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } });
    expect(me.json().roles).toContainEqual({ programmeId: DEMO_PROGRAMMES.lozere, role: 'venue' });

    // The venue publishes a workshop with a session.
    const created = await t.app.inject({
      method: 'POST',
      url: `/api/v1/venues/${venueId}/workshops`,
      headers: { cookie },
      payload: {
        title: 'Faire ses démarches CAF en ligne',
        service: 'Aide aux démarches administratives',
        level: 'initiation',
        format: 'collective',
        durationMinutes: 90,
        pricePasses: 1,
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const startsAt = new Date(Date.now() + 7 * 86400_000).toISOString();
    const session = await t.app.inject({
      method: 'POST',
      url: `/api/v1/workshops/${created.json().id}/sessions`,
      headers: { cookie },
      payload: { startsAt, capacity: 6 },
    });
    expect(session.statusCode, session.body).toBe(201);

    // Now on the map near Mende, with its page, hours in French and next session.
    expect(
      (await search(`near=${MENDE}&radiusKm=5&programmeId=${DEMO_PROGRAMMES.lozere}`)).items.map((i) => i.id),
    ).toContain(venueId);
    const page = await t.app.inject({ method: 'GET', url: `/api/v1/public/venues/${venueId}` });
    expect(page.json()).toMatchObject({
      name: body.place.name,
      hoursInFrench: expect.arrayContaining(['Lundi : 09h00 – 12h00', 'Dimanche : fermé']),
      workshops: [{ title: 'Faire ses démarches CAF en ligne', sessions: [{ capacity: 6 }] }],
    });
    expect(page.body).not.toContain('FR76');
  });

  it('refuses bad input with the field named, and nothing is created', async () => {
    const before = await t.db.query('SELECT count(*)::int AS n FROM organisations');
    const cases: [object, string][] = [
      [application({ bank: { iban: 'FR7630006000011234567890188' } }), 'IBAN_INVALID'],
      [application({ bank: { bic: 'AGRI' } }), 'BIC_INVALID'],
      [application({ place: { openingHours: "n'importe quoi" } }), 'OPENING_HOURS_INVALID'],
      [application({ place: { postcode: '75001' } }), 'POSTCODE_MISMATCH'],
      [application({ place: { communeInsee: '99999' } }), 'COMMUNE_UNKNOWN'],
      [application({ programmeIds: [DEMO_PROGRAMMES.bfc] }), 'VENUE_OUT_OF_TERRITORY'],
      [{ ...application(), charterAccepted: false }, 'VALIDATION_ERROR'],
      [{ ...application(), organisation: { name: 'X', siret: '12345678901234' } }, 'SIRET_INVALID'],
    ];
    for (const [body, code] of cases) {
      const res = await apply(body);
      expect(res.json().error?.code, res.body).toBe(code);
    }
    const after = await t.db.query('SELECT count(*)::int AS n FROM organisations');
    expect(after).toEqual(before);
  });

  it('takes over an imported place instead of duplicating it', async () => {
    const imported = await t.db.query<{ id: string }>(
      `SELECT id FROM venues WHERE source = 'france-services' AND organisation_id IS NULL AND commune_insee LIKE '48%' LIMIT 1`,
    );
    // The demo directory only holds claimed sites; import a Lozère site nobody has claimed.
    const res = await call(t, LOZERE_OPERATOR, 'POST', `/api/v1/programmes/${DEMO_PROGRAMMES.lozere}/venue-imports`, {
      format: 'france-services',
      content: JSON.stringify(
        (parse(readFileSync(FRANCE_SERVICES_FILE), { columns: true }) as Record<string, string>[]).filter(
          (r) => r.id_fs === '272',
        ),
      ),
      dryRun: false,
    });
    expect(res.json()).toMatchObject({ created: imported.length === 0 ? 1 : 0 });
    const site = (
      await t.db.query<{ id: string; name: string; latitude: number; longitude: number }>(
        `SELECT id, name, latitude, longitude FROM venues WHERE source = 'france-services' AND source_ref = '272'`,
      )
    )[0] as { id: string; name: string; latitude: number; longitude: number };
    const applied = await apply(
      application({
        name: site.name.toUpperCase(),
        place: {
          postcode: '48200',
          communeInsee: '48140',
          latitude: site.latitude + 0.0003,
          longitude: site.longitude,
        },
      }),
    );
    expect(applied.statusCode, applied.body).toBe(201);
    expect(applied.json().venueId).toBe(site.id);
  });
});

describe('suspension', () => {
  it('removes the venue from the map and stops its redemptions', async () => {
    const fsMende = DEMO_ORGANISATIONS.fsMende.id;
    const near = `near=${MENDE}&radiusKm=2&programmeId=${DEMO_PROGRAMMES.lozere}`;
    const names = async () => (await search(near)).items.map((i) => i.name);
    expect(await names()).toContain('France services de Mende');

    const [serial] = await issueCarnets(t, LOZERE_OPERATOR, DEMO_PROGRAMMES.lozere, 1);
    await call(t, LOZERE_OPERATOR, 'POST', `/api/v1/carnets/${serial}/allocation`, {
      distributorId: DEMO_ORGANISATIONS.departementLozere.id,
    });
    const given = await call(t, LOZERE.distributor, 'POST', `/api/v1/carnets/${serial}/distribution`, {
      beneficiary: {
        birthYear: 1955,
        birthMonth: 3,
        communeInsee: '48095',
        publicCategory: 'retraite',
        firstName: 'S',
        lastName: 'Suspendu',
      },
    });
    expect(given.statusCode, given.body).toBe(201);
    const codes = await codesOfCarnet(t.db, t.config.secret, serial as string);

    expect((await decide(fsMende, 'suspended', 'Contrôle en cours')).statusCode).toBe(200);
    expect(await names()).not.toContain('France services de Mende');
    const refused = await call(t, LOZERE.venue, 'POST', '/api/v1/redemptions', {
      venueId: fsMende,
      codes: codes.slice(0, 1),
    });
    expect(refused.json().error.code).toBe('VENUE_NOT_QUALIFIED');

    expect((await decide(fsMende, 'qualified')).statusCode).toBe(200);
    expect(await names()).toContain('France services de Mende');
    const redeemed = await call(t, LOZERE.venue, 'POST', '/api/v1/redemptions', {
      venueId: fsMende,
      codes: codes.slice(0, 1),
    });
    expect(redeemed.statusCode, redeemed.body).toBe(201);
  });
});

describe('applying to another programme', () => {
  it('lets a known venue apply from its account to a programme covering one of its places, once', async () => {
    const apply = (email: string, programmeId: string, charterAccepted = true) =>
      call(t, email, 'POST', '/api/v1/me/venue/applications', { programmeId, charterAccepted });
    const bfcOperator = BFC.operator;
    const created = await call(t, bfcOperator, 'POST', '/api/v1/programmes', newProgramme('CDO27'));
    expect(created.statusCode, created.body).toBe(201);
    const cdo = created.json().id as string;

    expect((await apply(BFC.venue, cdo, false)).json().error.code).toBe('VALIDATION_ERROR');
    expect((await apply(BFC.venue, DEMO_PROGRAMMES.lozere)).json().error.code).toBe('VENUE_OUT_OF_TERRITORY');
    expect((await apply(BFC.venue, DEMO_PROGRAMMES.bfc)).json().error.code).toBe('ALREADY_APPLIED');
    // An organisation without any place (a funder) has nothing to apply with.
    expect((await apply(BFC.funder, cdo)).json().error.code).toBe('VENUE_NOT_FOUND');

    const mailsBefore = t.mails.length;
    const applied = await apply(BFC.venue, cdo);
    expect(applied.statusCode, applied.body).toBe(201);
    expect(applied.json()).toEqual({ programmeId: cdo, status: 'pending' });
    const listed = await call(t, bfcOperator, 'GET', `/api/v1/programmes/${cdo}/venues`);
    expect(listed.json()).toEqual([
      expect.objectContaining({
        organisationId: DEMO_ORGANISATIONS.epnDijon.id,
        status: 'pending',
        charterAccepted: true,
      }),
    ]);
    await t.jobs.drain();
    expect(
      t.mails.slice(mailsBefore).some((m) => m.to === bfcOperator && m.subject.startsWith('Nouvelle candidature')),
    ).toBe(true);
    expect((await apply(BFC.venue, cdo)).json().error.code).toBe('ALREADY_APPLIED');
  });
});

describe('renewal', () => {
  it('reminds of a renewal due within 30 days once, suspends a qualification past its date once, tells the venue and the operators, and a renewal restores it', async () => {
    const fsMende = DEMO_ORGANISATIONS.fsMende.id;
    expect((await decide(fsMende, 'qualified')).statusCode).toBe(200);
    const lapse = async () => {
      await t.db.query(`DELETE FROM jobs WHERE kind = 'lapse-qualifications'`);
      await scheduleDailyJobs(t.db);
      await t.jobs.drain();
    };
    const status = async () =>
      (
        await t.db.query<{ status: string; reason: string | null }>(
          'SELECT status, reason FROM venue_qualifications WHERE programme_id = $1 AND organisation_id = $2',
          [DEMO_PROGRAMMES.lozere, fsMende],
        )
      )[0];

    // Not yet due, nor within the notice period: nothing happens, nothing is sent.
    await t.jobs.drain(); // the decision's own e-mail
    const mailsAtStart = t.mails.length;
    await lapse();
    expect((await status())?.status).toBe('qualified');
    expect(t.mails.length).toBe(mailsAtStart);

    // Due in 20 days: operators and venue are reminded once, even by two runs at the same time.
    await t.db.query(
      `UPDATE venue_qualifications SET renewal_date = current_date + 20 WHERE programme_id = $1 AND organisation_id = $2`,
      [DEMO_PROGRAMMES.lozere, fsMende],
    );
    const runs = await Promise.all([remindRenewals(t.db), remindRenewals(t.db)]);
    expect(runs.map((r) => r.reminded).sort()).toEqual([0, 1]);
    await t.jobs.drain();
    const reminders = t.mails.slice(mailsAtStart);
    expect(reminders.filter((m) => m.to === LOZERE.venue).map((m) => m.subject)).toEqual([
      'Qualification à renouveler — Pass numériques Lozère',
    ]);
    const toOperator = reminders.filter((m) => m.to === LOZERE_OPERATOR);
    expect(toOperator.map((m) => m.subject)).toEqual(['Qualifications à renouveler dans les 30 jours (1)']);
    expect(toOperator[0]?.text).toContain('France Services');
    const mailsReminded = t.mails.length;
    await lapse();
    expect(t.mails.length).toBe(mailsReminded);
    expect((await status())?.status).toBe('qualified');

    await t.db.query(
      `UPDATE venue_qualifications SET renewal_date = current_date - 1 WHERE programme_id = $1 AND organisation_id = $2`,
      [DEMO_PROGRAMMES.lozere, fsMende],
    );
    const mailsBefore = t.mails.length;
    await lapse();
    expect(await status()).toMatchObject({ status: 'suspended', reason: expect.stringContaining('renouvellement') });
    const sent = t.mails.slice(mailsBefore);
    expect(sent.filter((m) => m.to === LOZERE.venue).map((m) => m.subject)).toEqual([
      'Qualification suspendu — Pass numériques Lozère',
    ]);
    expect(sent.some((m) => m.to === LOZERE_OPERATOR && m.subject.startsWith('Qualifications suspendues'))).toBe(true);
    const history = await t.db.query<{ decided_by: string | null }>(
      `SELECT decided_by FROM venue_qualification_events WHERE programme_id = $1 AND organisation_id = $2
        ORDER BY id DESC LIMIT 1`,
      [DEMO_PROGRAMMES.lozere, fsMende],
    );
    expect(history).toEqual([{ decided_by: null }]);

    // Run again: it was suspended once, nothing more is sent.
    const mailsAfter = t.mails.length;
    await lapse();
    expect(t.mails.length).toBe(mailsAfter);
    // The operator renews it: qualified again, with a date a year ahead.
    const renewed = await decide(fsMende, 'qualified');
    expect(renewed.json().renewalDate > new Date().toISOString().slice(0, 10)).toBe(true);
    expect((await status())?.status).toBe('qualified');
  });
});

describe('directory search', () => {
  it('returns venues nearest first, within the radius, filtered by service', async () => {
    const found = await search(`near=${MENDE}&radiusKm=60`);
    const distances = found.items.map((i) => i.distanceKm ?? Number.NaN);
    expect(distances.length).toBeGreaterThanOrEqual(2);
    expect(distances).toEqual([...distances].sort((a, b) => a - b));
    expect(distances.every((d) => d <= 60)).toBe(true);
    const bfcOnly = await search(`near=${MENDE}&radiusKm=60&programmeId=${DEMO_PROGRAMMES.bfc}`);
    expect(bfcOnly.items).toEqual([]);
    const service = await search(
      `near=47.32,5.04&radiusKm=20&service=${encodeURIComponent('Utilisation sécurisée du numérique')}`,
    );
    expect(service.items.map((i) => i.name)).toEqual([]);
    const paged = await search(`near=47.32,5.04&radiusKm=200&pageSize=1`);
    expect(paged.items).toHaveLength(1);
    expect(paged.hasMore).toBe(true);
  });

  it('lists where to get a carnet', async () => {
    const found = await search(`kind=distributor&near=${MENDE}&radiusKm=10`);
    expect(found.items.map((i) => i.name)).toContain('Département de la Lozère — Maison des solidarités');
  });

  it('lists every place known near Mende, not only those taking passes, marks which do and flags old data', async () => {
    const all = await search(`kind=all&near=${MENDE}&radiusKm=30&pageSize=100`);
    const accepting = await search(`kind=venue&near=${MENDE}&radiusKm=30&pageSize=100`);
    expect(all.items.length).toBeGreaterThan(accepting.items.length);
    const taking = new Set(accepting.items.map((i) => i.id));
    for (const place of all.items) expect(place.programmes.length > 0, place.name).toBe(taking.has(place.id));
    // A place whose data is more than a year old is flagged for review; its page is public all the same.
    const imported = all.items.find((i) => !taking.has(i.id)); // a place that takes no passes
    expect(imported).toBeDefined();
    expect(imported?.stale).toBe(false);
    await t.db.query(`UPDATE venues SET updated_at = now() - interval '400 days' WHERE id = $1`, [imported?.id]);
    const again = await search(`kind=all&near=${MENDE}&radiusKm=30&pageSize=100`);
    expect(again.items.find((i) => i.id === imported?.id)?.stale).toBe(true);
    const page = await t.app.inject({ method: 'GET', url: `/api/v1/public/venues/${imported?.id}` });
    expect(page.statusCode).toBe(200);
    expect(page.json().programmes).toEqual([]);
  });

  it('refuses a malformed point', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/public/venues?near=Mende' });
    expect(res.json().error.code).toBe('VALIDATION_ERROR');
  });
});

describe('open data and import', () => {
  it('exports every place known in the national standard, every row valid against its schema; those taking passes say so', async () => {
    const csv = await t.app.inject({ method: 'GET', url: '/api/v1/public/venues.csv' });
    expect(csv.headers['content-type']).toContain('text/csv');
    const rows = parse(csv.body, { columns: true }) as Record<string, string>[];
    const [known] = await t.db.query<{ all: number; accepting: number }>(
      `SELECT count(*)::int AS all,
              count(*) FILTER (WHERE EXISTS (SELECT 1 FROM venue_qualifications q
                                              WHERE q.organisation_id = v.organisation_id AND q.status = 'qualified'))::int AS accepting
         FROM venues v`,
    );
    expect(rows).toHaveLength(known?.all ?? -1);
    expect(known?.accepting).toBeGreaterThanOrEqual(5);
    expect(rows.length).toBeGreaterThan(known?.accepting ?? 0);
    for (const row of rows) {
      expect(tableSchemaProblems(row), JSON.stringify(row)).toEqual([]);
      expect(row.source).toContain('Passnum');
    }
    const accepting = rows.filter((r) => r.presentation_detail?.includes('Accepte le Pass numérique'));
    expect(accepting).toHaveLength(known?.accepting ?? -1);
    for (const row of accepting) expect(row.frais_a_charge).toBe('Gratuit sous condition');
    const json = (await t.app.inject({ method: 'GET', url: '/api/v1/public/venues.json' })).json() as Record<
      string,
      unknown
    >[];
    expect(json).toHaveLength(rows.length);
    for (const row of json) expect(tableSchemaProblems(row)).toEqual([]);
  });

  it('writes the whole file when a commune name has characters the standard refuses, and leaves out a place it cannot write', async () => {
    const added = await t.db.query<{ id: string }>(
      `INSERT INTO venues (source, name, address, postcode, commune_insee, commune_name, latitude, longitude)
       VALUES ('test', 'Espace numérique du Morvan', '2 rue de Nevers', '58120', '58062', 'Château-Chinon (Ville)', 47.06, 3.93),
              ('test', 'Lieu à l’adresse illisible', '12 rue #3', '58120', '58062', 'Château-Chinon (Ville)', 47.06, 3.93)
       RETURNING id`,
    );
    try {
      const csv = await t.app.inject({ method: 'GET', url: '/api/v1/public/venues.csv' });
      const rows = parse(csv.body, { columns: true }) as Record<string, string>[];
      const [known] = await t.db.query<{ all: number }>('SELECT count(*)::int AS all FROM venues');
      expect(rows).toHaveLength((known?.all ?? 0) - 1);
      const morvan = rows.find((r) => r.nom === 'Espace numérique du Morvan');
      expect(morvan).toMatchObject({ commune: 'Château-Chinon Ville', code_insee: '58062' });
      expect(tableSchemaProblems(morvan as Record<string, string>)).toEqual([]);
      expect(rows.find((r) => r.nom === 'Lieu à l’adresse illisible')).toBeUndefined();
    } finally {
      await t.db.query('DELETE FROM venues WHERE id = ANY($1::uuid[])', [added.map((a) => a.id)]);
    }
  });

  it('imports the France Services list idempotently, previews without writing, and reports bad rows', async () => {
    const content = readFileSync(FRANCE_SERVICES_FILE, 'utf8');
    const count = async () => (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM venues'))[0]?.n;
    const url = `/api/v1/programmes/${DEMO_PROGRAMMES.bfc}/venue-imports`;
    const start = await count();
    const preview = await call(t, BFC_OPERATOR, 'POST', url, { format: 'france-services', content, dryRun: true });
    expect(preview.statusCode, preview.body).toBe(200);
    expect(await count()).toBe(start);
    const first = await call(t, BFC_OPERATOR, 'POST', url, { format: 'france-services', content, dryRun: false });
    expect(first.json()).toMatchObject({ rowsRead: 2683, created: preview.json().created });
    const afterFirst = await count();
    // 216 France Services in Bourgogne-Franche-Comté; the demo had already imported 3 of them.
    expect((afterFirst ?? 0) - (start ?? 0)).toBe(216 - 3);
    const second = await call(t, BFC_OPERATOR, 'POST', url, { format: 'france-services', content, dryRun: false });
    expect(second.json()).toMatchObject({ created: 0, updated: 0, unchanged: 216 });
    expect(await count()).toBe(afterFirst);

    const broken = content.replace('"2359","21","France services de la Plaine Dijonnaise"', '"2359","21",""');
    const withBadRow = await call(t, BFC_OPERATOR, 'POST', url, {
      format: 'france-services',
      content: broken,
      dryRun: true,
    });
    const rejected = withBadRow.json().rejected as { id: string; reason: string }[];
    expect(rejected.find((r) => r.id === '2359')?.reason).toBe('Nom (lib_fs) manquant.');
    const report = await call(
      t,
      BFC_OPERATOR,
      'GET',
      `/api/v1/venue-imports/${withBadRow.json().importId}/rejected.csv`,
    );
    expect(report.headers['content-type']).toContain('text/csv');
    expect(report.body).toContain('Nom (lib_fs) manquant.');
  });

  it('imports a file in the national standard, naming the field of a bad row', async () => {
    const example = readFileSync(
      new URL('../../../fixtures/standard-lieux-mediation-numerique/exemple-valide.csv', import.meta.url),
      'utf8',
    );
    // The example is in Reims (outside both demo programmes): counted, not imported.
    const res = await call(t, BFC_OPERATOR, 'POST', `/api/v1/programmes/${DEMO_PROGRAMMES.bfc}/venue-imports`, {
      format: 'standard',
      content: example,
      dryRun: true,
    });
    expect(res.json()).toMatchObject({ rowsRead: 1, outOfTerritory: 1, created: 0 });
    const inDijon = example
      .replace('"Reims","51100","51454"', '"Dijon","21000","21231"')
      .replace('"Maîtrise des outils', '"Maîtrise des outils numériques du quotidien|Cuisine|Maîtrise des outils');
    const bad = await call(t, BFC_OPERATOR, 'POST', `/api/v1/programmes/${DEMO_PROGRAMMES.bfc}/venue-imports`, {
      format: 'standard',
      content: inDijon,
      dryRun: true,
    });
    expect(bad.json().rejected[0].reason).toContain("Le service 'Cuisine' n'est pas une valeur admise");
  });

  it('refuses an unreadable file', async () => {
    const res = await call(t, BFC_OPERATOR, 'POST', `/api/v1/programmes/${DEMO_PROGRAMMES.bfc}/venue-imports`, {
      format: 'standard',
      content: '[not json',
      dryRun: true,
    });
    expect(res.json().error.code).toBe('IMPORT_UNREADABLE');
  });
});
