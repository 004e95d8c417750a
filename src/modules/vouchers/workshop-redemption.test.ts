import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BFC, LOZERE } from '../../../test/actors.js';
import { type TestApp, testApp } from '../../../test/helpers.js';
import { call, codesOfCarnet, issueCarnets, youngJobSeeker } from '../../../test/vouchers-helpers.js';
import type { Workshop } from '../venues/venues.contract.js';
import type { VenueRedemption } from './vouchers.contract.js';

let t: TestApp;
let workshop: Workshop;
let sessionId: string;
beforeAll(async () => {
  t = await testApp();
  const [place] = await t.db.query<{ id: string }>('SELECT id FROM venues WHERE organisation_id = $1 LIMIT 1', [
    BFC.venueId,
  ]);
  // A workshop priced 2 passes with a dated session today, as the venue publishes it.
  const created = await call(t, BFC.venue, 'POST', `/api/v1/venues/${place?.id}/workshops`, {
    title: 'Mes démarches en ligne',
    service: 'Aide aux démarches administratives',
    level: 'initiation',
    format: 'collective',
    durationMinutes: 120,
    pricePasses: 2,
  });
  expect(created.statusCode).toBe(201);
  const inAnHour = new Date(Date.now() + 3_600_000).toISOString();
  const session = await call(t, BFC.venue, 'POST', `/api/v1/workshops/${created.json().id}/sessions`, {
    startsAt: inAnHour,
    capacity: 8,
  });
  expect(session.statusCode).toBe(201);
  const listed = (await call(t, BFC.venue, 'GET', `/api/v1/venues/${place?.id}/workshops`)).json() as Workshop[];
  workshop = listed.find((w) => w.id === created.json().id) as Workshop;
  sessionId = workshop.sessions[0]?.id as string;
});
afterAll(async () => t?.close());

async function handedCodes(lastName: string): Promise<string[]> {
  const [serial] = await issueCarnets(t, BFC.operator, BFC.id, 1);
  await call(t, BFC.operator, 'POST', `/api/v1/carnets/${serial}/allocation`, { distributorId: BFC.distributorId });
  await call(t, BFC.distributor, 'POST', `/api/v1/carnets/${serial}/distribution`, youngJobSeeker(lastName));
  return codesOfCarnet(t.db, t.config.secret, serial as string);
}

const redeem = (body: object) => call(t, BFC.venue, 'POST', '/api/v1/redemptions', { venueId: BFC.venueId, ...body });

const attendance = async () => {
  const [place] = await t.db.query<{ id: string }>('SELECT venue_id AS id FROM workshops WHERE id = $1', [workshop.id]);
  const listed = (await call(t, BFC.venue, 'GET', `/api/v1/venues/${place?.id}/workshops`)).json() as Workshop[];
  return listed.find((w) => w.id === workshop.id)?.sessions[0]?.attendance;
};

describe('workshops at the counter', () => {
  it('records the workshop, its session and theme; counts attendance; a different count needs its reason', async () => {
    const codes = await handedCodes('Atelier');
    const paid = await redeem({ codes: codes.slice(0, 2), workshopId: workshop.id, sessionId });
    expect(paid.statusCode).toBe(201);
    const [row] = await t.db.query<{ workshop_id: string; session_id: string; service_id: string }>(
      'SELECT workshop_id, session_id, service_id FROM redemptions WHERE id = $1',
      [paid.json().redemptionId],
    );
    expect(row).toEqual({ workshop_id: workshop.id, session_id: sessionId, service_id: workshop.service });
    expect(await attendance()).toBe(1);

    // Three codes for a 2-pass workshop: refused, in French, nothing spent.
    const three = await redeem({ codes: codes.slice(2, 5), workshopId: workshop.id, sessionId });
    expect(three.statusCode).toBe(422);
    expect(three.json().error.code).toBe('PASS_COUNT_MISMATCH');
    expect(three.json().error.message).toContain('vaut 2 pass et 3 codes sont saisis');
    const spent = await t.db.query(
      `SELECT 1 FROM passes p JOIN carnets c ON c.id = p.carnet_id WHERE c.serial || '-' || p.number = ANY($1) AND p.state = 'redeemed'`,
      [codes.slice(2, 5)],
    );
    expect(spent).toEqual([]);
    const withReason = await redeem({
      codes: codes.slice(2, 3),
      workshopId: workshop.id,
      sessionId,
      countReason: 'Partie à la pause',
    });
    expect(withReason.statusCode).toBe(201);
    expect(await attendance()).toBe(2);
  });

  it("refuses another venue's workshop, and a session of another workshop", async () => {
    const codes = await handedCodes('Autrui');
    const [other] = await t.db.query<{ id: string }>(
      'SELECT w.id FROM workshops w JOIN venues v ON v.id = w.venue_id WHERE v.organisation_id = $1 LIMIT 1',
      [LOZERE.venueId],
    );
    const foreign = await redeem({ codes: codes.slice(0, 2), workshopId: other?.id });
    expect(foreign.json().error.code).toBe('WORKSHOP_NOT_FOUND');
    const wrongSession = await redeem({
      codes: codes.slice(0, 2),
      workshopId: workshop.id,
      sessionId: '00000000-0000-4000-8000-000000000000',
    });
    expect(wrongSession.json().error.code).toBe('SESSION_NOT_FOUND');
  });

  it("lists the day's validations and undoes any of them, not only the last; the statement names the workshop", async () => {
    const codes = await handedCodes('Journée');
    const first = await redeem({ codes: codes.slice(0, 2), workshopId: workshop.id, sessionId });
    const second = await redeem({ codes: codes.slice(2, 4), workshopId: workshop.id });
    expect(second.statusCode).toBe(201);
    const before = await attendance();
    const day = (await call(t, BFC.venue, 'GET', '/api/v1/me/redemptions')).json() as VenueRedemption[];
    expect(day.map((r) => r.id)).toEqual(
      expect.arrayContaining([first.json().redemptionId, second.json().redemptionId]),
    );
    expect(day.find((r) => r.id === first.json().redemptionId)).toMatchObject({
      workshopTitle: 'Mes démarches en ligne',
      undoable: true,
      undone: false,
    });
    // Another venue sees none of them.
    const lozere = (await call(t, LOZERE.venue, 'GET', '/api/v1/me/redemptions')).json() as VenueRedemption[];
    expect(lozere.some((r) => r.id === first.json().redemptionId)).toBe(false);

    expect((await call(t, BFC.venue, 'DELETE', `/api/v1/redemptions/${first.json().redemptionId}`)).statusCode).toBe(
      204,
    );
    expect(await attendance()).toBe((before ?? 0) - 1);
    const after = (await call(t, BFC.venue, 'GET', '/api/v1/me/redemptions')).json() as VenueRedemption[];
    expect(after.find((r) => r.id === first.json().redemptionId)).toMatchObject({ undone: true, undoable: false });

    const today = new Date().toISOString().slice(0, 10);
    await call(t, BFC.operator, 'PUT', `/api/v1/programmes/${BFC.id}/payment-settings`, {
      statementPeriod: 'monthly',
      debtorName: 'Opérateur',
      debtorIban: 'FR7630006000011234567890189',
      debtorBic: 'AGRIFRPP882',
    });
    const drawn = await call(t, BFC.operator, 'POST', `/api/v1/programmes/${BFC.id}/statements/draw-up`, {
      day: today,
    });
    expect(drawn.statusCode, drawn.body).toBe(200);
    const statements = (await call(t, BFC.venue, 'GET', '/api/v1/me/statements')).json() as { id: string }[];
    const lines = [];
    for (const s of statements)
      lines.push(...(await call(t, BFC.venue, 'GET', `/api/v1/statements/${s.id}`)).json().lines);
    const line = lines.find((l: { serial: string }) => l.serial === second.json().passes[0]);
    expect(line).toMatchObject({ workshopTitle: 'Mes démarches en ligne', serviceId: workshop.service });
  });

  it("exports the venue's validations as La Coop activity records, in La Coop's words", async () => {
    const csv = await call(t, BFC.venue, 'GET', '/api/v1/me/activities.csv');
    expect(csv.statusCode).toBe(200);
    const lines = csv.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\n');
    expect(lines[0]).toBe(
      'date;type;duree_minutes;lieu_code_insee;type_lieu;thematiques;niveau;titre_atelier;nombre_pass;programme',
    );
    // The 2-pass collective workshop on paperwork: a Collectif at the venue's commune, beginners' level.
    expect(lines.some((l) => /;Collectif;120;21231;LieuActivite;;Debutant;Mes démarches en ligne;2;/.test(l))).toBe(
      true,
    );
    expect((await call(t, BFC.operator, 'GET', '/api/v1/me/activities.csv')).statusCode).toBe(403);
  });
});
