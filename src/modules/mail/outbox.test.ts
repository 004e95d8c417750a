import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, BFC, LOZERE } from '../../../test/actors.js';
import { type TestApp, testApp } from '../../../test/helpers.js';
import { call, codesOfCarnet, issueCarnets, youngJobSeeker } from '../../../test/vouchers-helpers.js';
import { createJobRunner } from '../../server.js';
import type { Outbox } from './outbox.contract.js';
import { EMAIL_RETRY, queueEmail } from './outbox.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(async () => t?.close());

/** A mail server that refuses every message, as one that is down. */
const downServer = () =>
  nodemailer.createTransport({
    name: 'down',
    version: '1',
    send: (_mail, done) => done(new Error('connect ECONNREFUSED 10.0.0.1:25')),
  });

const outboxOf = async (email: string, query = '') => {
  const res = await call(t, email, 'GET', `/api/v1/emails${query}`);
  expect(res.statusCode).toBe(200);
  return res.json() as Outbox;
};

/** Makes the waiting jobs due now, as if their backoff had elapsed. */
const elapse = () => t.db.query(`UPDATE jobs SET run_after = now() - interval '1 second' WHERE status = 'queued'`);

describe('the outbox without a mail server', () => {
  it('keeps an e-mailed carnet and shows it, with working links, to the operators of its programme only', async () => {
    const kept = createJobRunner({ config: t.config, db: t.db, mailer: null });
    const [serial] = await issueCarnets(t, BFC.operator, BFC.id, 1);
    await call(t, BFC.operator, 'POST', `/api/v1/carnets/${serial}/allocation`, { distributorId: BFC.distributorId });
    const res = await call(t, BFC.distributor, 'POST', `/api/v1/carnets/${serial}/distribution`, {
      ...youngJobSeeker('Boîte'),
      delivery: { mode: 'email', email: 'boite@example.org' },
    });
    expect(res.statusCode).toBe(201);
    await kept.drain();

    const outbox = await outboxOf(BFC.operator, `?programmeId=${BFC.id}&status=kept`);
    expect(outbox.smtp).toBe(false);
    const mail = outbox.emails.find((e) => e.to === 'boite@example.org');
    expect(mail).toMatchObject({ kind: 'carnet', status: 'kept', programmeName: expect.any(String) });
    const codes = await codesOfCarnet(t.db, t.config.secret, serial as string);
    for (const code of codes) expect(mail?.body).toContain(`${t.config.publicUrl}/p/${code.replace(/-/g, '')}`);
    // The codes are decrypted for the page, never stored in the outbox.
    const stored = await t.db.query<{ body: string | null }>('SELECT body FROM outbox_emails WHERE id = $1', [
      mail?.id,
    ]);
    expect(stored[0]?.body).toBeNull();

    const lozere = await outboxOf(LOZERE.operator);
    expect(lozere.emails.some((e) => e.id === mail?.id)).toBe(false);
    expect((await call(t, BFC.funder, 'GET', '/api/v1/emails')).statusCode).toBe(403);
    expect((await call(t, BFC.distributor, 'GET', '/api/v1/emails')).statusCode).toBe(403);
    expect((await outboxOf(ADMIN)).emails.some((e) => e.id === mail?.id)).toBe(true);
  });
});

describe('the outbox with a mail server that fails', () => {
  it('retries with a growing wait, shows attempts and error, then fails and can be sent again', async () => {
    await t.db.tx((q) =>
      queueEmail(q, { programmeId: BFC.id, to: 'lieu@example.org', subject: 'Essai de relance', body: 'Bonjour' }),
    );
    const down = createJobRunner({ config: t.config, db: t.db, mailer: downServer() });
    await down.drain();
    const first = (await outboxOf(BFC.operator, `?programmeId=${BFC.id}`)).emails.find(
      (e) => e.subject === 'Essai de relance',
    );
    expect(first).toMatchObject({ status: 'pending', attempts: 1, error: expect.stringContaining('ECONNREFUSED') });
    // The next try waits (1 minute after the first failure): draining now sends nothing.
    const wait = new Date(first?.nextAttemptAt ?? 0).getTime() - new Date(first?.createdAt ?? 0).getTime();
    expect(wait).toBeGreaterThanOrEqual(50_000);
    expect(await down.runOne()).toBe(false);

    for (let attempt = 2; attempt <= EMAIL_RETRY.attempts; attempt++) {
      await elapse();
      await down.drain();
    }
    const failed = (await outboxOf(BFC.operator, '?status=failed')).emails.find((e) => e.id === first?.id);
    expect(failed).toMatchObject({ status: 'failed', attempts: EMAIL_RETRY.attempts, nextAttemptAt: null });
    expect(EMAIL_RETRY.backoffSeconds(1)).toBeLessThan(EMAIL_RETRY.backoffSeconds(2));

    // Only an operator of its programme may send it again.
    expect((await call(t, LOZERE.operator, 'POST', `/api/v1/emails/${first?.id}/retry`)).statusCode).toBe(403);
    expect((await call(t, BFC.operator, 'POST', `/api/v1/emails/${first?.id}/retry`)).statusCode).toBe(204);
    const again = await call(t, BFC.operator, 'POST', `/api/v1/emails/${first?.id}/retry`);
    expect(again.json().error.code).toBe('EMAIL_NOT_FAILED');
    const before = t.mails.length;
    await t.jobs.drain();
    expect(t.mails.slice(before).map((m) => m.subject)).toContain('Essai de relance');
    const sent = (await outboxOf(BFC.operator)).emails.find((e) => e.id === first?.id);
    expect(sent).toMatchObject({ status: 'sent', to: null, body: null, error: null });
  });
});
