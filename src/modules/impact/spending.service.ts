import type { Db } from '../../db/db.js';
import { foldDeltas } from '../../db/fold.js';

/** One line of what the used passes paid for: a venue, the venues not listed, a theme or a month. */
export interface SpendingRow {
  kind: 'venue' | 'other_venues' | 'theme' | 'month';
  venue_id: string | null;
  venue: string | null;
  theme: string | null;
  month: string | null;
  passes: number;
  cents: number;
  venues: number;
}

/**
 * A whole programme's spending from the kept totals (migration 0031) and the deltas not yet
 * folded in, in one statement: its snapshot sees a compaction wholly or not at all. Parameters:
 * $1 programme, $2 how many venues to list (null: every one).
 *
 * The venues listed come from the totals' index in rank order, not from sorting every venue:
 * the first n + k folded venues (k venues with deltas) plus those k, summed exactly. A venue
 * in neither cannot be in the first n: its total is its folded one, at most that of the n or
 * more candidates without deltas ranked before it.
 */
export const KEPT_SPENDING = `
  WITH d AS (
    SELECT kind, key, sum(passes)::int AS passes, sum(cents)::bigint AS cents
      FROM spending_deltas WHERE programme_id = $1 GROUP BY kind, key),
  -- The themes and months: a few dozen rows each.
  small AS (
    SELECT kind, key, sum(passes)::int AS passes, sum(cents)::bigint AS cents FROM (
      SELECT kind, key, passes, cents FROM spending_totals WHERE programme_id = $1 AND kind IN ('theme', 'month')
      UNION ALL
      SELECT kind, key, passes, cents FROM d WHERE kind <> 'venue') m
     GROUP BY kind, key HAVING sum(passes) > 0),
  moved AS (SELECT key, passes, cents FROM d WHERE kind = 'venue'),
  candidates AS (
    (SELECT key FROM spending_totals WHERE programme_id = $1 AND kind = 'venue'
      ORDER BY passes DESC, key COLLATE "C" LIMIT $2::int + (SELECT count(*) FROM moved))
    UNION
    SELECT key FROM moved),
  exact AS (
    SELECT c.key, COALESCE(t.passes, 0) + COALESCE(m.passes, 0) AS passes, COALESCE(t.cents, 0) + COALESCE(m.cents, 0) AS cents
      FROM candidates c
      LEFT JOIN spending_totals t ON t.programme_id = $1 AND t.kind = 'venue' AND t.key = c.key
      LEFT JOIN moved m ON m.key = c.key),
  listed AS (SELECT key, passes, cents FROM exact WHERE passes > 0 ORDER BY passes DESC, key COLLATE "C" LIMIT $2::int),
  venues AS (
    SELECT (SELECT count(*) FROM spending_totals t
             WHERE t.programme_id = $1 AND t.kind = 'venue' AND t.passes > 0 AND NOT EXISTS (SELECT FROM moved m WHERE m.key = t.key))
           + (SELECT count(*) FROM exact e WHERE e.passes > 0 AND e.key IN (SELECT key FROM moved)) AS n,
           -- Each validation counts once under its venue and once under its theme: the totals are the themes'.
           (SELECT COALESCE(sum(passes), 0) FROM small WHERE kind = 'theme') AS passes,
           (SELECT COALESCE(sum(cents), 0) FROM small WHERE kind = 'theme') AS cents)
  SELECT s.kind, NULL::uuid AS venue_id, NULL AS venue, CASE WHEN s.kind = 'theme' THEN NULLIF(s.key, '') END AS theme,
         CASE WHEN s.kind = 'month' THEN s.key END AS month, s.passes, s.cents, 1 AS venues
    FROM small s
  UNION ALL
  -- Names looked up one by one for the venues listed (an index probe each, not a hash of every organisation).
  SELECT 'venue', l.key::uuid, (SELECT o.name FROM organisations o WHERE o.id = l.key::uuid), NULL, NULL, l.passes, l.cents, 1
    FROM listed l
  UNION ALL
  SELECT 'other_venues', NULL, NULL, NULL, NULL, (v.passes - l.passes)::int, (v.cents - l.cents)::bigint, (v.n - l.n)::int
    FROM venues v, (SELECT count(*) AS n, COALESCE(sum(passes), 0) AS passes, COALESCE(sum(cents), 0) AS cents FROM listed) l
   WHERE v.n > l.n`;

/** Folds the spending deltas written since the last run into the kept totals (see `foldDeltas`). */
export async function compactSpending(db: Db): Promise<number> {
  return foldDeltas(
    db,
    'spending',
    `WITH moved AS (DELETE FROM spending_deltas RETURNING programme_id, kind, key, passes, cents),
          sums AS (SELECT programme_id, kind, key, sum(passes)::int AS passes, sum(cents)::bigint AS cents
                     FROM moved GROUP BY programme_id, kind, key),
          folded AS (
            INSERT INTO spending_totals (programme_id, kind, key, passes, cents)
            SELECT programme_id, kind, key, passes, cents FROM sums ORDER BY programme_id, kind, key
            ON CONFLICT (programme_id, kind, key) DO UPDATE
              SET passes = spending_totals.passes + EXCLUDED.passes, cents = spending_totals.cents + EXCLUDED.cents
            RETURNING 1)
     SELECT (SELECT count(*) FROM moved)::int AS n`,
  );
}
