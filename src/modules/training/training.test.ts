import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BFC, LOZERE } from '../../../test/actors.js';
import { type TestApp, testApp } from '../../../test/helpers.js';
import { pdfText } from '../../../test/pdf-text.js';
import { call } from '../../../test/vouchers-helpers.js';
import { DEMO_ORGANISATIONS } from '../demo/demo.data.js';
import type { Attendee, Attestation, Enrolment, TrainingPath } from './training.contract.js';

let t: TestApp;
let path: TrainingPath;
const HUB = BFC.operator;
/** Four aidants of different organisations and territories. */
const AIDANTS = [BFC.venue, BFC.distributor, LOZERE.venue, LOZERE.referrer];

beforeAll(async () => {
  t = await testApp();
  for (const a of AIDANTS) await t.cookieOf(a);
});
afterAll(async () => t?.close());

const userId = async (email: string) =>
  ((await t.db.query<{ id: string }>('SELECT id FROM users WHERE email = $1', [email]))[0] as { id: string }).id;

describe('training paths for aidants', () => {
  it('the hub builds a path (module, link, file, session); a draft stays its own; others may not publish', async () => {
    const created = await call(t, HUB, 'POST', '/api/v1/training/paths', {
      title: 'Accompagner les démarches en ligne',
      summary: 'Trois heures pour les aidants du territoire.',
    });
    expect(created.statusCode).toBe(201);
    path = created.json();
    const draft = await call(t, BFC.venue, 'GET', '/api/v1/training/paths');
    expect((draft.json() as TrainingPath[]).map((p) => p.id)).not.toContain(path.id);
    expect((await call(t, BFC.venue, 'POST', '/api/v1/training/paths', { title: 'Non' })).statusCode).toBe(403);
    const badLink = await call(t, HUB, 'POST', `/api/v1/training/paths/${path.id}/modules`, {
      title: 'Sécurité',
      links: [{ label: 'Guide', url: 'javascript:alert(1)' }],
    });
    expect(badLink.statusCode).toBe(400);
    const withModule = await call(t, HUB, 'POST', `/api/v1/training/paths/${path.id}/modules`, {
      title: 'FranceConnect pas à pas',
      body: 'Créer un compte, se connecter, les pièges.',
      links: [{ label: 'FranceConnect', url: 'https://franceconnect.gouv.fr' }],
    });
    const moduleId = (withModule.json() as TrainingPath).modules[0]?.id;
    const file = await call(t, HUB, 'POST', `/api/v1/training/modules/${moduleId}/files`, {
      name: 'fiche.txt',
      contentType: 'text/plain',
      contentBase64: Buffer.from('Fiche mémo').toString('base64'),
    });
    expect(file.statusCode).toBe(201);
    const session = await call(t, HUB, 'POST', `/api/v1/training/paths/${path.id}/sessions`, {
      startsAt: '2027-01-12T09:30:00+01:00',
      place: 'Médiathèque de Dijon',
      capacity: 2,
    });
    expect(session.statusCode).toBe(201);
    const published = await call(t, HUB, 'PUT', `/api/v1/training/paths/${path.id}`, {
      title: path.title,
      summary: path.summary,
      published: true,
    });
    path = published.json();
    const seen = (await call(t, LOZERE.venue, 'GET', '/api/v1/training/paths')).json() as TrainingPath[];
    const mine = seen.find((p) => p.id === path.id);
    expect(mine?.editable).toBe(false);
    const fileId = mine?.modules[0]?.files[0]?.id;
    const download = await call(t, LOZERE.venue, 'GET', `/api/v1/training/files/${fileId}`);
    expect(download.body).toBe('Fiche mémo');
    // Another hub may not change it.
    expect(
      (await call(t, LOZERE.operator, 'PUT', `/api/v1/training/paths/${path.id}`, { title: 'Pris' })).statusCode,
    ).toBe(403);
  });

  it('takes as many people as there are places, however many enrol at once; the next ones wait in order', async () => {
    const sessionId = path.sessions[0]?.id as string;
    const answers = await Promise.all(
      AIDANTS.map((a) => call(t, a, 'POST', `/api/v1/training/sessions/${sessionId}/enrolment`)),
    );
    const enrolments = answers.map((a) => a.json() as Enrolment);
    expect(enrolments.filter((e) => e.status === 'enrolled')).toHaveLength(2);
    expect(
      enrolments
        .filter((e) => e.status === 'waiting')
        .map((e) => e.rank)
        .sort(),
    ).toEqual([1, 2]);
    const list = (await call(t, HUB, 'GET', `/api/v1/training/sessions/${sessionId}/attendees`)).json() as Attendee[];
    expect(list.map((a) => a.status).sort()).toEqual(['enrolled', 'enrolled', 'waiting', 'waiting']);
    // Enrolling again changes nothing.
    const again = await call(t, AIDANTS[0] as string, 'POST', `/api/v1/training/sessions/${sessionId}/enrolment`);
    expect(again.json()).toEqual(enrolments[0]);
  });

  it('a place freed goes to the first person waiting, told by e-mail', async () => {
    const sessionId = path.sessions[0]?.id as string;
    const before = (await call(t, HUB, 'GET', `/api/v1/training/sessions/${sessionId}/attendees`)).json() as Attendee[];
    // The venue's person stays: the next test marks it present.
    const venueUser = await userId(BFC.venue);
    const leaving = before.find((a) => a.status === 'enrolled' && a.userId !== venueUser) as Attendee;
    const firstWaiting = before.find((a) => a.status === 'waiting') as Attendee;
    const email = (await t.db.query<{ email: string }>('SELECT email FROM users WHERE id = $1', [leaving.userId]))[0]
      ?.email as string;
    expect((await call(t, email, 'DELETE', `/api/v1/training/sessions/${sessionId}/enrolment`)).statusCode).toBe(204);
    const after = (await call(t, HUB, 'GET', `/api/v1/training/sessions/${sessionId}/attendees`)).json() as Attendee[];
    expect(after.find((a) => a.userId === firstWaiting.userId)?.status).toBe('enrolled');
    const mail = await t.db.query<{ subject: string }>(
      `SELECT subject FROM outbox_emails o JOIN users u ON u.email = o.to_address WHERE u.id = $1`,
      [firstWaiting.userId],
    );
    expect(mail.map((m) => m.subject)).toContain("Une place s'est libérée : Accompagner les démarches en ligne");
  });

  it('marking presence issues an attestation whose code verifies at the public address, and whose PDF holds it', async () => {
    const sessionId = path.sessions[0]?.id as string;
    const list = (await call(t, HUB, 'GET', `/api/v1/training/sessions/${sessionId}/attendees`)).json() as Attendee[];
    const waiting = list.find((a) => a.status === 'waiting') as Attendee;
    const refused = await call(t, HUB, 'PUT', `/api/v1/training/sessions/${sessionId}/attendance`, {
      userId: waiting.userId,
      attended: true,
    });
    expect(refused.json().error.code).toBe('TRAINING_NOT_ENROLLED');
    const venueUser = await userId(BFC.venue);
    if (list.find((a) => a.userId === venueUser)?.status === 'waiting') {
      // The draw of the simultaneous enrolments left the venue's person waiting: swap it with another.
      const other = list.find((a) => a.status === 'enrolled' && a.userId !== venueUser) as Attendee;
      await t.db.query(`UPDATE training_enrolments SET status = 'waiting' WHERE session_id = $1 AND user_id = $2`, [
        sessionId,
        other.userId,
      ]);
      await t.db.query(`UPDATE training_enrolments SET status = 'enrolled' WHERE session_id = $1 AND user_id = $2`, [
        sessionId,
        venueUser,
      ]);
    }
    const marked = await call(t, HUB, 'PUT', `/api/v1/training/sessions/${sessionId}/attendance`, {
      userId: venueUser,
      attended: true,
    });
    expect(marked.statusCode).toBe(200);
    const [attestation] = (await call(t, BFC.venue, 'GET', '/api/v1/training/attestations')).json() as Attestation[];
    expect(attestation?.code).toMatch(/^[0-9A-HJKMNP-TV-Z]{20}$/);
    const verified = await t.app.inject({ method: 'GET', url: `/api/v1/public/attestations/${attestation?.code}` });
    expect(verified.json()).toMatchObject({
      holderName: 'Léo Médiateur',
      organisationName: 'Espace public numérique de Dijon',
      pathTitle: 'Accompagner les démarches en ligne',
    });
    // Nothing but what the attestation certifies: no e-mail address, no user id.
    expect(verified.body).not.toContain('@');
    expect(verified.body).not.toContain(venueUser);
    const unknown = await t.app.inject({ method: 'GET', url: '/api/v1/public/attestations/0000000000000000000Z' });
    expect(unknown.json().error.code).toBe('ATTESTATION_NOT_FOUND');
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/public/attestations/abc' })).statusCode).toBe(400);
    const pdf = await call(t, BFC.venue, 'GET', `/api/v1/training/attestations/${attestation?.code}/pdf`);
    expect(pdf.headers['content-type']).toContain('application/pdf');
    const text = (await pdfText(new Uint8Array(pdf.rawPayload))).replace(/\s+/g, ' ');
    expect(text).toContain(attestation?.code);
    expect(text).toContain('Léo Médiateur');
    // Someone else's attestation is not theirs to download.
    expect(
      (await call(t, LOZERE.venue, 'GET', `/api/v1/training/attestations/${attestation?.code}/pdf`)).statusCode,
    ).toBe(404);
    const trained = (await call(t, HUB, 'GET', '/api/v1/training/trained')).json();
    expect(trained).toEqual([
      expect.objectContaining({ organisationName: 'Espace public numérique de Dijon', commune: 'Dijon', people: 1 }),
    ]);
  });

  it('the programme’s evaluation report assembles usage, the coverage of its territory and the aidants trained', async () => {
    const res = await call(t, BFC.funder, 'GET', `/api/v1/programmes/${BFC.id}/evaluation-report.pdf`);
    expect(res.statusCode).toBe(200);
    const text = (await pdfText(new Uint8Array(res.rawPayload))).replace(/\s+/g, ' ');
    expect(text).toContain("Rapport d'évaluation");
    expect(text).toContain('Couverture du territoire');
    expect(text).toContain('Habitants à 20 km ou moins d');
    expect(text).toContain('Aidants formés');
    expect(text).toContain('Personnes ayant terminé un parcours : 1');
    expect(text).toContain('Espace public numérique de Dijon : 1');
    expect((await call(t, BFC.venue, 'GET', `/api/v1/programmes/${BFC.id}/evaluation-report.pdf`)).statusCode).toBe(
      403,
    );
  });

  it('a programme requiring a trained aidant qualifies a venue only once one of its people is trained', async () => {
    await call(t, LOZERE.operator, 'PATCH', `/api/v1/programmes/${LOZERE.id}`, { requiresTrainedAidant: true });
    for (const org of [DEMO_ORGANISATIONS.mlDijon.id, DEMO_ORGANISATIONS.epnDijon.id]) {
      await t.db.query(
        `INSERT INTO venue_qualifications (programme_id, organisation_id, status) VALUES ($1, $2, 'pending')
         ON CONFLICT (programme_id, organisation_id) DO UPDATE SET status = 'pending'`,
        [LOZERE.id, org],
      );
    }
    const decide = (org: string) =>
      call(t, LOZERE.operator, 'POST', `/api/v1/programmes/${LOZERE.id}/venues/${org}/qualification`, {
        status: 'qualified',
      });
    const untrained = await decide(DEMO_ORGANISATIONS.mlDijon.id);
    expect(untrained.statusCode).toBe(422);
    expect(untrained.json().error.code).toBe('QUALIFICATION_NEEDS_TRAINED_AIDANT');
    expect((await decide(DEMO_ORGANISATIONS.epnDijon.id)).statusCode).toBe(200);
  });
});
