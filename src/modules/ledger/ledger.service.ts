import type { Db, Queryable } from '../../db/db.js';
import { foldDeltas } from '../../db/fold.js';

export interface Transfer {
  from: string;
  to: string;
  amountCents: number;
}

export interface LedgerPosting {
  programmeId: string;
  event: string;
  refType: string;
  refId: string;
  transfers: Transfer[];
}

export const ACCOUNTS = {
  programme: 'programme',
  operatorStock: 'stock:operator',
  stockOf: (organisationId: string) => `stock:${organisationId}`,
  distributed: 'distributed',
  /** What is owed to each venue: this prefix and the venue's organisation id. */
  owedPrefix: 'owed:',
  owedTo: (venueId: string) => `${ACCOUNTS.owedPrefix}${venueId}`,
  paid: 'paid',
} as const;

/** Writes the entries of one event; callers pass the transaction that changes the passes. */
export async function post(q: Queryable, p: LedgerPosting): Promise<void> {
  const transfers = p.transfers.filter((t) => t.amountCents !== 0);
  if (transfers.length === 0) return;
  await q.query(
    `INSERT INTO ledger_entries (programme_id, event, ref_type, ref_id, from_account, to_account, amount_cents)
     SELECT $1, $2, $3, $4, f, t, a FROM unnest($5::text[], $6::text[], $7::bigint[]) AS x(f, t, a)`,
    [
      p.programmeId,
      p.event,
      p.refType,
      p.refId,
      transfers.map((t) => t.from),
      transfers.map((t) => t.to),
      transfers.map((t) => t.amountCents),
    ],
  );
}

/**
 * Accounts totalled one by one, or by kind: every venue's `owed:…` as `owed:` and every holder's
 * `stock:…` as `stock:` — a programme open to 20,000 venues has as many owed accounts, which a
 * view of the budget would otherwise fetch one by one to add them up.
 */
const ACCOUNT_KEY = {
  account: 'account',
  kind: `CASE WHEN strpos(account, ':') > 0 THEN split_part(account, ':', 1) || ':' ELSE account END`,
} as const;

/** What went in and out of each account (or kind of account) of a programme, from the kept balances and the deltas not yet folded in. */
export async function accountTotals(
  q: Queryable,
  programmeId: string,
  per: keyof typeof ACCOUNT_KEY = 'account',
): Promise<Map<string, { credit: number; debit: number }>> {
  const rows = await q.query<{ account: string; credit: string; debit: string }>(
    `SELECT ${ACCOUNT_KEY[per]} AS account, sum(credit_cents)::bigint AS credit, sum(debit_cents)::bigint AS debit FROM (
       SELECT account, credit_cents, debit_cents FROM ledger_balances WHERE programme_id = $1
       UNION ALL
       SELECT account, credit_cents, debit_cents FROM ledger_balance_deltas WHERE programme_id = $1) m
     GROUP BY 1`,
    [programmeId],
  );
  return new Map(rows.map((r) => [r.account, { credit: Number(r.credit), debit: Number(r.debit) }]));
}

/** Balance of every account of a programme: what came in minus what went out. */
export async function balances(q: Queryable, programmeId: string): Promise<Map<string, number>> {
  const totals = await accountTotals(q, programmeId);
  return new Map([...totals].map(([account, t]) => [account, t.credit - t.debit]));
}

/** The same balances summed over the whole journal: the reference the kept balances are checked against. */
export async function journalBalances(q: Queryable, programmeId: string): Promise<Map<string, number>> {
  const rows = await q.query<{ account: string; balance: string }>(
    `SELECT account, sum(amount)::bigint AS balance FROM (
       SELECT to_account AS account, amount_cents AS amount FROM ledger_entries WHERE programme_id = $1
       UNION ALL
       SELECT from_account, -amount_cents FROM ledger_entries WHERE programme_id = $1) m
     GROUP BY account`,
    [programmeId],
  );
  return new Map(rows.map((r) => [r.account, Number(r.balance)]));
}

/** Folds the journal's deltas written since the last run into the kept balances (see `foldDeltas`). */
export async function compactLedger(db: Db): Promise<number> {
  return foldDeltas(
    db,
    'ledger',
    `WITH moved AS (DELETE FROM ledger_balance_deltas RETURNING programme_id, account, credit_cents, debit_cents),
          sums AS (SELECT programme_id, account, sum(credit_cents) AS credit, sum(debit_cents) AS debit
                     FROM moved GROUP BY programme_id, account),
          folded AS (
            INSERT INTO ledger_balances (programme_id, account, credit_cents, debit_cents)
            SELECT programme_id, account, credit, debit FROM sums ORDER BY programme_id, account
            ON CONFLICT (programme_id, account) DO UPDATE
              SET credit_cents = ledger_balances.credit_cents + EXCLUDED.credit_cents,
                  debit_cents = ledger_balances.debit_cents + EXCLUDED.debit_cents
            RETURNING 1)
     SELECT (SELECT count(*) FROM moved)::int AS n`,
  );
}

/**
 * The invariants of the domain notes, checked against the passes themselves: each stock,
 * distributed and owed account holds exactly the value of the passes in that state, and the
 * journal balances. Returns the violations (empty when all hold).
 */
export async function ledgerViolations(q: Queryable, programmeId: string): Promise<string[]> {
  const ledger = await balances(q, programmeId);
  const rows = await q.query<{ account: string; value: number }>(
    `SELECT CASE
              WHEN p.state = 'issued' THEN 'stock:' || COALESCE(c.holder_organisation_id::text, 'operator')
              WHEN p.state = 'distributed' THEN 'distributed'
              WHEN p.state = 'redeemed' THEN 'owed:' || r.venue_organisation_id::text
              WHEN p.state = 'reimbursed' THEN 'paid'
            END AS account, sum(p.value_cents)::bigint AS value
       FROM passes p JOIN carnets c ON c.id = p.carnet_id
       LEFT JOIN redemption_passes rp ON rp.pass_id = p.id AND rp.active
       LEFT JOIN redemptions r ON r.id = rp.redemption_id
      WHERE p.programme_id = $1 AND p.state NOT IN ('cancelled', 'expired')
      GROUP BY 1`,
    [programmeId],
  );
  const expected = new Map(rows.map((r) => [r.account, Number(r.value)]));
  const out: string[] = [];
  const journal = await journalBalances(q, programmeId);
  for (const account of new Set([...ledger.keys(), ...journal.keys()])) {
    if ((ledger.get(account) ?? 0) !== (journal.get(account) ?? 0)) {
      out.push(`${account} : solde tenu ${ledger.get(account) ?? 0} ≠ journal ${journal.get(account) ?? 0}`);
    }
  }
  const total = [...ledger.values()].reduce((s, v) => s + v, 0);
  if (total !== 0) out.push(`journal déséquilibré de ${total} centimes`);
  for (const account of new Set([...ledger.keys(), ...expected.keys()])) {
    if (account === ACCOUNTS.programme) continue;
    const inLedger = ledger.get(account) ?? 0;
    const inPasses = expected.get(account) ?? 0;
    if (inLedger !== inPasses) out.push(`${account} : journal ${inLedger} ≠ pass ${inPasses}`);
  }
  return out;
}
