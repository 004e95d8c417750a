import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BFC } from '../../../test/actors.js';
import { type TestApp, testApp } from '../../../test/helpers.js';
import { call, codesOfCarnet, issueCarnets, youngJobSeeker } from '../../../test/vouchers-helpers.js';
import { accountTotals, balances, compactLedger, journalBalances } from './ledger.service.js';

let t: TestApp;
const codes: string[] = [];
beforeAll(async () => {
  t = await testApp();
  for (const name of ['Solde', 'Balance', 'Compte']) {
    const [serial] = await issueCarnets(t, BFC.operator, BFC.id, 1);
    await call(t, BFC.operator, 'POST', `/api/v1/carnets/${serial}/allocation`, { distributorId: BFC.distributorId });
    await call(t, BFC.distributor, 'POST', `/api/v1/carnets/${serial}/distribution`, youngJobSeeker(name));
    codes.push(...(await codesOfCarnet(t.db, t.config.secret, serial as string)));
  }
});
afterAll(async () => t?.close());

describe('the kept balances', () => {
  it('equal the whole journal while redemptions and compactions run at the same time', async () => {
    const redeem = (code: string) =>
      call(t, BFC.venue, 'POST', '/api/v1/redemptions', { venueId: BFC.venueId, codes: [code] });
    await t.cookieOf(BFC.venue); // signed in once, before the concurrent requests
    const results = await Promise.all([
      ...codes.map(redeem),
      compactLedger(t.db),
      compactLedger(t.db),
      compactLedger(t.db),
    ]);
    for (const r of results.slice(0, codes.length)) expect((r as { statusCode: number }).statusCode).toBe(201);
    expect(await balances(t.db, BFC.id)).toEqual(await journalBalances(t.db, BFC.id));
    await compactLedger(t.db);
    expect(await t.db.query('SELECT 1 FROM ledger_balance_deltas')).toEqual([]);
    expect(await balances(t.db, BFC.id)).toEqual(await journalBalances(t.db, BFC.id));
  });

  it('add up by kind of account as they do one by one (every venue owed, every holder’s stock)', async () => {
    const each = await accountTotals(t.db, BFC.id);
    const byKind = new Map<string, { credit: number; debit: number }>();
    for (const [account, v] of each) {
      const kind = account.includes(':') ? `${account.split(':')[0]}:` : account;
      const sum = byKind.get(kind) ?? { credit: 0, debit: 0 };
      byKind.set(kind, { credit: sum.credit + v.credit, debit: sum.debit + v.debit });
    }
    // The operator's stock and the distributor's (set up above) are two accounts of one kind.
    expect([...each.keys()].filter((a) => a.startsWith('stock:')).length).toBeGreaterThanOrEqual(2);
    expect(await accountTotals(t.db, BFC.id, 'kind')).toEqual(byKind);
  });

  it('refuses any change to a journal entry: a correction is a new, reverse entry', async () => {
    await expect(t.db.query('UPDATE ledger_entries SET amount_cents = amount_cents + 1')).rejects.toThrow(
      /journal comptable ne se modifie pas/,
    );
    await expect(t.db.query('DELETE FROM ledger_entries')).rejects.toThrow(/journal comptable ne se modifie pas/);
  });
});
