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

/** When the current window ends, as the database's clock says, and how long that is from now. */
export async function windowEnd(
  q: Queryable,
  windowSeconds: number,
): Promise<{ until: string; retryAfterSeconds: number }> {
  const rows = await q.query<{ until: string; seconds: number }>(
    `SELECT to_json(w.ends) #>> '{}' AS until, ceil(extract(epoch FROM w.ends - now()))::int AS seconds
       FROM (SELECT to_timestamp(floor(extract(epoch FROM now()) / $1) * $1 + $1) AS ends) w`,
    [windowSeconds],
  );
  const row = rows[0] as { until: string; seconds: number };
  return { until: row.until, retryAfterSeconds: Math.max(1, row.seconds) };
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
