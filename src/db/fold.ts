import type { Db } from './db.js';

/**
 * Runs one fold of appended deltas into the totals kept from them (`foldSql` deletes the deltas
 * and adds them to the totals in one statement, and returns how many it moved as `n`). One
 * process at a time per name (an advisory lock; the others skip), so two folds never lock total
 * rows against each other; deltas of transactions still running are not visible yet and wait
 * for the next run.
 */
export async function foldDeltas(db: Db, name: string, foldSql: string): Promise<number> {
  return db.tx(async (q) => {
    const [lock] = await q.query<{ ok: boolean }>('SELECT pg_try_advisory_xact_lock(hashtext($1)) AS ok', [
      `${name}-compaction`,
    ]);
    if (!lock?.ok) return 0;
    const rows = await q.query<{ n: number }>(foldSql);
    return rows[0]?.n ?? 0;
  });
}
