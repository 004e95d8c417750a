import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BFC, LOZERE } from '../../../test/actors.js';
import { type TestApp, testApp } from '../../../test/helpers.js';
import { call, codesOfCarnet, issueCarnets, youngJobSeeker } from '../../../test/vouchers-helpers.js';
import type { EvaluationInput, EvaluationSummary } from './evaluation.contract.js';

let t: TestApp;
let used: string[] = [];
let unused: string;
beforeAll(async () => {
  t = await testApp();
  const codes: string[] = [];
  for (const name of ['Avis', 'Opinion']) {
    const [serial] = await issueCarnets(t, BFC.operator, BFC.id, 1);
    await call(t, BFC.operator, 'POST', `/api/v1/carnets/${serial}/allocation`, { distributorId: BFC.distributorId });
    await call(t, BFC.distributor, 'POST', `/api/v1/carnets/${serial}/distribution`, youngJobSeeker(name));
    codes.push(...(await codesOfCarnet(t.db, t.config.secret, serial as string)));
  }
  used = codes.slice(0, 7);
  unused = codes[9] as string;
  for (const code of used) {
    const res = await call(t, BFC.venue, 'POST', '/api/v1/redemptions', { venueId: BFC.venueId, codes: [code] });
    expect(res.statusCode).toBe(201);
  }
});
afterAll(async () => t?.close());

let address = 0;
/** Each answer from its own address unless told: the throttle is per client. */
const answer = (code: string, body: object, remoteAddress = `10.1.0.${++address}`) =>
  t.app.inject({ method: 'PUT', url: `/api/v1/passes/${code}/evaluation`, payload: body, remoteAddress });

const summary = async () =>
  (await call(t, BFC.operator, 'GET', `/api/v1/programmes/${BFC.id}/evaluations`)).json() as EvaluationSummary;

const answers: EvaluationInput[] = [
  { satisfaction: 5, autonomyBefore: 'accompagne', autonomyAfter: 'partiel', recommend: true },
  { satisfaction: 4, autonomyBefore: 'partiel', autonomyAfter: 'autonome', recommend: true },
  { satisfaction: 3, autonomyBefore: 'partiel', autonomyAfter: 'partiel', recommend: false },
  { satisfaction: 5, autonomyBefore: 'autonome', autonomyAfter: 'autonome', recommend: true, comment: 'Très bien' },
  { satisfaction: 2, autonomyBefore: 'accompagne', autonomyAfter: 'accompagne', recommend: false },
];

describe('the beneficiaries’ questionnaire', () => {
  it('refuses a pass not yet used, and an out-of-range or malformed answer, in French, storing nothing', async () => {
    const before = await t.db.query('SELECT 1 FROM evaluations');
    const early = await answer(unused, answers[0] as object);
    expect(early.statusCode).toBe(409);
    expect(early.json().error.code).toBe('EVALUATION_NOT_OPEN');
    const six = await answer(used[0] as string, { ...answers[0], satisfaction: 6 });
    expect(six.statusCode).toBe(400);
    expect(six.body).toContain('Donnez une note de 1 à 5.');
    const level = await answer(used[0] as string, { ...answers[0], autonomyAfter: 'expert' });
    expect(level.body).toContain('Choisissez un des trois niveaux proposés.');
    expect((await answer('ZZZZ', answers[0] as object)).statusCode).toBe(400);
    expect(await t.db.query('SELECT 1 FROM evaluations')).toEqual(before);
  });

  it('hides a group under five answers, then shows figures equal to the answers; a second answer replaces the first', async () => {
    for (const [i, a] of answers.slice(0, 4).entries())
      expect((await answer(used[i] as string, a)).statusCode).toBe(204);
    const four = await summary();
    expect(four.overall).toBeNull();
    expect(four.byVenue).toEqual([]);
    expect(four.hiddenGroups).toBeGreaterThanOrEqual(1);

    expect((await answer(used[4] as string, answers[4] as object)).statusCode).toBe(204);
    // The first person changes their mind: still five answers.
    const changed = { ...answers[0], satisfaction: 1 } as EvaluationInput;
    expect((await answer(used[0] as string, changed)).statusCode).toBe(204);
    const given = [changed, ...answers.slice(1)];
    const s = await summary();
    const order = ['accompagne', 'partiel', 'autonome'];
    expect(s.overall).toMatchObject({
      answers: 5,
      meanSatisfaction: given.reduce((x, a) => x + a.satisfaction, 0) / 5,
      recommendShare: given.filter((a) => a.recommend).length / 5,
      movedUpShare: given.filter((a) => order.indexOf(a.autonomyAfter) > order.indexOf(a.autonomyBefore)).length / 5,
      before: { accompagne: 2, partiel: 2, autonome: 1 },
    });
    expect(s.byVenue.map((v) => v.label)).toEqual(['Espace public numérique de Dijon']);
    // Nothing in the aggregates leads back to a pass or a person, and comments are not shown.
    const text = JSON.stringify(s);
    for (const code of used) expect(text).not.toContain(code);
    expect(text).not.toContain('Très bien');
    expect((await call(t, BFC.distributor, 'GET', `/api/v1/programmes/${BFC.id}/evaluations`)).statusCode).toBe(403);
    expect((await call(t, LOZERE.operator, 'GET', `/api/v1/programmes/${BFC.id}/evaluations`)).statusCode).toBe(403);
  });

  it('tells the pass page that the pass can be answered about, and that it was', async () => {
    const view = await t.app.inject({ method: 'GET', url: `/api/v1/passes/${used[1]}`, remoteAddress: '10.2.0.1' });
    expect(view.json()).toMatchObject({ evaluable: true, evaluated: true });
    const fresh = await t.app.inject({ method: 'GET', url: `/api/v1/passes/${unused}`, remoteAddress: '10.2.0.1' });
    expect(fresh.json()).toMatchObject({ evaluable: false, evaluated: false });
  });

  it('throttles answers per client address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++)
      statuses.push((await answer(used[5] as string, answers[1] as object, '10.3.0.1')).statusCode);
    expect(statuses.slice(0, 20).every((s) => s === 204)).toBe(true);
    expect(statuses[20]).toBe(429);
  });
});
