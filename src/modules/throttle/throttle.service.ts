import type { Queryable } from '../../db/db.js';

/**
 * Fixed-window counters in PostgreSQL, shared by every server process. One statement counts a
 * hit and returns the window's total, so concurrent hits are never lost.
 */
export async function countHit(q: Queryable, bucket: string, windowSeconds: number): Promise<number> {
  const rows = await q.query<{ hits: number }>(
    `INSERT INTO throttle_counters (bucket, window_start, hits)
     VALUES ($1, to_timestamp(floor(extract(epoch FROM now()) / $2) * $2), 1)
     ON CONFLICT (bucket, window_start) DO UPDATE SET hits = throttle_counters.hits + 1
     RETURNING hits`,
    [bucket, windowSeconds],
  );
  return rows[0]?.hits ?? 1;
}

/** Gives back one hit of the current window (an attempt that turned out legitimate). */
export async function refundHit(q: Queryable, bucket: string, windowSeconds: number): Promise<void> {
  await q.query(
    `UPDATE throttle_counters SET hits = greatest(hits - 1, 0)
      WHERE bucket = $1 AND window_start = to_timestamp(floor(extract(epoch FROM now()) / $2) * $2)`,
    [bucket, windowSeconds],
  );
}

export async function clearBucket(q: Queryable, bucket: string): Promise<void> {
  await q.query('DELETE FROM throttle_counters WHERE bucket = $1', [bucket]);
}

/** Old windows are useless; removed by the periodic housekeeping. */
export async function purgeOldWindows(q: Queryable, olderThanSeconds: number): Promise<void> {
  await q.query(`DELETE FROM throttle_counters WHERE window_start < now() - make_interval(secs => $1)`, [
    olderThanSeconds,
  ]);
}
