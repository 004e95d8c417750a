import type { Db } from '../../db/db.js';
import { compactSpending } from '../impact/spending.service.js';
import { compactLedger } from '../ledger/ledger.service.js';

/**
 * Folds the deltas appended since the last run into the totals kept from them: the ledger's
 * balances and the dashboard's spending. The running server does it every minute, a simulation
 * once it has written its programme; each fold is its own transaction, so one never holds the other.
 */
export async function foldKeptTotals(db: Db): Promise<{ ledger: number; spending: number }> {
  const ledger = await compactLedger(db);
  const spending = await compactSpending(db);
  return { ledger, spending };
}
