import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BFC, LOZERE } from '../../../test/actors.js';
import { type TestApp, testApp } from '../../../test/helpers.js';
import { call, codesOfCarnet, issueCarnets, youngJobSeeker } from '../../../test/vouchers-helpers.js';
import { createJobRunner } from '../../server.js';
import type { Campaign, ManualReminder } from './reminders.contract.js';
import { armOf } from './reminders.rules.js';
import { runReminders } from './reminders.service.js';

let t: TestApp;
/** Chosen in beforeAll among fixed candidates so that both groups are present (carnet ids are random). */
let SEED = '';
const HOLDOUT = 30;
/** Carnets handed out with consent, by serial → id. */
const consenting = new Map<string, string>();
/** Handed out recently, not yet due a reminder: the distributor's to remind by hand. */
const fresh: string[] = [];
let refused: string;
let usedEarly: string;

/** Names differ by letters: the fingerprint ignores digits. */
const nameOf = (prefix: string, i: number) => `${prefix}${String.fromCharCode(97 + i)}`;

async function handOut(name: string, extra: object): Promise<string> {
  const [serial] = await issueCarnets(t, BFC.operator, BFC.id, 1);
  await call(t, BFC.operator, 'POST', `/api/v1/carnets/${serial}/allocation`, { distributorId: BFC.distributorId });
  const base = youngJobSeeker(name);
  const res = await call(t, BFC.distributor, 'POST', `/api/v1/carnets/${serial}/distribution`, {
    beneficiary: { ...base.beneficiary, ...extra },
  });
  expect(res.statusCode).toBe(201);
  return serial as string;
}

const idOf = async (serial: string) =>
  ((await t.db.query<{ id: string }>('SELECT id FROM carnets WHERE serial = $1', [serial]))[0] as { id: string }).id;
const backdate = (serials: string[], days: number) =>
  t.db.query(`UPDATE carnets SET distributed_at = now() - make_interval(days => $2) WHERE serial = ANY($1)`, [
    serials,
    days,
  ]);
const messagesAbout = (carnetId: string) =>
  t.db.query<{ subject: string; channel: string; body: string | null }>(
    `SELECT subject, channel, body FROM outbox_emails WHERE carnet_id = $1 AND kind = 'message' ORDER BY created_at`,
    [carnetId],
  );
const run = () => runReminders(t.db, { publicUrl: 'https://passnum.example' });
const campaigns = async (who = BFC.operator) =>
  (await call(t, who, 'GET', `/api/v1/programmes/${BFC.id}/reminder-campaigns`)).json() as Campaign[];

beforeAll(async () => {
  t = await testApp();
  for (let i = 0; i < 12; i++) {
    const serial = await handOut(nameOf('Relance', i), { consentReminders: true, email: `relance${i}@example.org` });
    consenting.set(serial, await idOf(serial));
  }
  for (let i = 0; i < 6; i++)
    fresh.push(await handOut(nameOf('Manuel', i), { consentReminders: true, email: `manuel${i}@example.org` }));
  const freshIds = await Promise.all(fresh.map(idOf));
  const mixed = (seed: string, ids: string[]) => new Set(ids.map((id) => armOf(seed, id, HOLDOUT))).size === 2;
  for (let n = 0; !SEED; n++) {
    const candidate = `reminders-test-${n}`;
    if (mixed(candidate, [...consenting.values()]) && mixed(candidate, freshIds)) SEED = candidate;
  }
  await t.db.query(`UPDATE reminder_campaigns SET seed = $1, holdout_percent = $2 WHERE programme_id = $3`, [
    SEED,
    HOLDOUT,
    BFC.id,
  ]);
  refused = await handOut('SansAccord', {});
  usedEarly = await handOut('DejaVenu', { consentReminders: true, email: 'deja@example.org' });
  const [code] = await codesOfCarnet(t.db, t.config.secret, usedEarly);
  const res = await call(t, BFC.venue, 'POST', '/api/v1/redemptions', { venueId: BFC.venueId, codes: [code] });
  expect(res.statusCode).toBe(201);
  await backdate([...consenting.keys(), refused, usedEarly], 40);
});
afterAll(async () => t?.close());

describe('reminders with a holdout group', () => {
  it('draws each unused carnet of a consenting person by the seed, reminds the drawn and never the held out', async () => {
    const outcome = await run();
    expect(outcome.drawn).toBe(12);
    const drawn = await t.db.query<{ carnet_id: string; arm: string; reason: string }>(
      `SELECT e.carnet_id, e.arm, e.reason FROM reminder_enrolments e JOIN carnets c ON c.id = e.carnet_id
        WHERE c.programme_id = $1`,
      [BFC.id],
    );
    expect(new Set(drawn.map((d) => d.carnet_id))).toEqual(new Set(consenting.values()));
    for (const d of drawn) {
      expect(d.arm).toBe(armOf(SEED, d.carnet_id, HOLDOUT));
      expect(d.reason).toBe('unused');
      const messages = await messagesAbout(d.carnet_id);
      if (d.arm === 'holdout') expect(messages).toEqual([]);
      else {
        expect(messages).toHaveLength(1);
        expect(messages[0]?.subject).toBe('Vos Pass numériques vous attendent');
        expect(messages[0]?.body).toContain('https://passnum.example/lieux');
      }
    }
    expect(outcome.heldOut).toBe(drawn.filter((d) => d.arm === 'holdout').length);
    // Who did not consent, and who already used a pass, are neither drawn nor written to.
    for (const serial of [refused, usedEarly]) expect(await messagesAbout(await idOf(serial))).toEqual([]);
  });

  it('does nothing more on a second run the same day', async () => {
    const before = await t.db.query('SELECT id FROM outbox_emails');
    expect(await run()).toMatchObject({ drawn: 0, reminded: 0 });
    expect(await t.db.query('SELECT id FROM outbox_emails')).toHaveLength(before.length);
  });

  it('sends the reminded a last message before expiry, once; the held out still get nothing', async () => {
    await t.db.query(
      `UPDATE passes SET expires_on = current_date + 10 WHERE carnet_id = ANY($1::uuid[]) AND state = 'distributed'`,
      [[...consenting.values()]],
    );
    await run();
    await run();
    for (const id of consenting.values()) {
      const subjects = (await messagesAbout(id)).map((m) => m.subject);
      expect(subjects).toEqual(
        armOf(SEED, id, HOLDOUT) === 'holdout'
          ? []
          : ['Vos Pass numériques vous attendent', 'Vos Pass numériques expirent bientôt'],
      );
    }
  });

  it('measures each group’s use after the draw, as the raw rows say, with the uplift', async () => {
    // One reminded and one held-out person come and use a pass.
    const ids = [...consenting.entries()];
    const reminded = ids.find(([, id]) => armOf(SEED, id, HOLDOUT) === 'reminded') as [string, string];
    const held = ids.find(([, id]) => armOf(SEED, id, HOLDOUT) === 'holdout') as [string, string];
    for (const [serial] of [reminded, held]) {
      const [code] = await codesOfCarnet(t.db, t.config.secret, serial);
      const res = await call(t, BFC.venue, 'POST', '/api/v1/redemptions', { venueId: BFC.venueId, codes: [code] });
      expect(res.statusCode).toBe(201);
    }
    const [current] = await campaigns();
    const nHeld = ids.filter(([, id]) => armOf(SEED, id, HOLDOUT) === 'holdout').length;
    const nReminded = ids.length - nHeld;
    expect(current?.reminded).toEqual({ carnets: nReminded, used: 1, rate: 1 / nReminded });
    expect(current?.holdout).toEqual({ carnets: nHeld, used: 1, rate: 1 / nHeld });
    expect(current?.uplift?.difference).toBeCloseTo(1 / nReminded - 1 / nHeld, 10);
    expect(current?.messages).toBe(2 * nReminded);
    // A funder reads the results; a distributor does not.
    expect((await call(t, BFC.funder, 'GET', `/api/v1/programmes/${BFC.id}/reminder-campaigns`)).statusCode).toBe(200);
    expect((await call(t, BFC.distributor, 'GET', `/api/v1/programmes/${BFC.id}/reminder-campaigns`)).statusCode).toBe(
      403,
    );
  });
});

describe('a distributor’s reminder by hand', () => {
  it('reminds a person not yet drawn, once a week; refuses the held out, the used and the unconsenting', async () => {
    const arms = await Promise.all(fresh.map(async (s) => [s, armOf(SEED, await idOf(s), HOLDOUT)] as const));
    const toRemind = arms.find(([, a]) => a === 'reminded')?.[0] as string;
    const remind = (serial: string, who = BFC.distributor) =>
      call(t, who, 'POST', `/api/v1/carnets/${serial}/reminder`);

    const res = await remind(toRemind);
    expect(res.statusCode).toBe(201);
    expect(res.json() as ManualReminder).toEqual({ serial: toRemind, channels: ['email'] });
    expect((await remind(toRemind)).json().error.code).toBe('REMINDER_TOO_SOON');
    expect((await messagesAbout(await idOf(toRemind))).length).toBe(1);
    const audit = await t.db.query(`SELECT 1 FROM audit_log WHERE action = 'carnet.remind' AND entity_id = $1`, [
      await idOf(toRemind),
    ]);
    expect(audit).toHaveLength(1);

    const heldOut = arms.find(([, a]) => a === 'holdout')?.[0] as string;
    const refusedHold = await remind(heldOut);
    expect(refusedHold.statusCode).toBe(409);
    expect(refusedHold.json().error.code).toBe('REMINDER_HOLDOUT');
    expect(await messagesAbout(await idOf(heldOut))).toEqual([]);
    expect((await remind(usedEarly)).json().error.code).toBe('REMINDER_CARNET_USED');
    expect((await remind(refused)).json().error.code).toBe('REMINDER_NO_CONSENT');
    // Another programme's distributor, and a venue, are turned away.
    expect((await remind(toRemind, LOZERE.distributor)).statusCode).toBe(403);
    expect((await remind(toRemind, BFC.venue)).statusCode).toBe(403);
    // The distributor sees the group on its list of unused carnets.
    const unused = (await call(t, BFC.distributor, 'GET', `/api/v1/programmes/${BFC.id}/unused-carnets`)).json() as {
      serial: string;
      reminder: { arm: string } | null;
    }[];
    expect(unused.find((u) => u.serial === toRemind)?.reminder?.arm).toBe('reminded');
  });
});

describe('campaigns and text messages', () => {
  it('an operator opens a campaign (the running one ends); a funder may not; SMS kept without a provider, sent with one', async () => {
    expect(
      (await call(t, BFC.funder, 'POST', `/api/v1/programmes/${BFC.id}/reminder-campaigns`, { name: 'Non' }))
        .statusCode,
    ).toBe(403);
    const bad = await call(t, BFC.operator, 'POST', `/api/v1/programmes/${BFC.id}/reminder-campaigns`, {
      name: 'Printemps',
      holdoutPercent: 80,
    });
    expect(bad.statusCode).toBe(400);
    const created = await call(t, BFC.operator, 'POST', `/api/v1/programmes/${BFC.id}/reminder-campaigns`, {
      name: 'Printemps',
      holdoutPercent: 0,
      afterDays: 20,
      sms: true,
    });
    expect(created.statusCode).toBe(201);
    const list = await campaigns();
    expect(list.map((c) => [c.name, c.endedAt === null])).toEqual([
      ['Printemps', true],
      ['Relances automatiques', false],
    ]);

    const serial = await handOut('Texto', { consentReminders: true, phone: '06 12 34 56 78' });
    await backdate([serial], 25);
    await run();
    const [sms] = await messagesAbout(await idOf(serial));
    expect(sms?.channel).toBe('sms');
    const texts: { to: string; text: string }[] = [];
    await createJobRunner({ config: t.config, db: t.db, mailer: null, sms: null }).drain();
    const kept = await t.db.query<{ status: string }>(
      `SELECT status FROM outbox_emails WHERE carnet_id = $1 AND channel = 'sms'`,
      [await idOf(serial)],
    );
    expect(kept.map((k) => k.status)).toEqual(['kept']);

    const other = await handOut('Textodeux', { consentReminders: true, phone: '06 98 76 54 32' });
    await backdate([other], 25);
    await run();
    const sender = { send: async (to: string, text: string) => void texts.push({ to, text }) };
    await createJobRunner({ config: t.config, db: t.db, mailer: null, sms: sender }).drain();
    expect(texts).toHaveLength(1);
    expect(texts[0]?.to).toBe('06 98 76 54 32');
    expect(texts[0]?.text).toContain(other);
    const sent = await t.db.query<{ status: string; to_address: string | null }>(
      `SELECT status, to_address FROM outbox_emails WHERE carnet_id = $1`,
      [await idOf(other)],
    );
    expect(sent).toEqual([{ status: 'sent', to_address: null }]);
  });
});
