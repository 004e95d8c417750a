import type { Db, Queryable } from '../../db/db.js';
import { AppError } from '../../errors.js';
import { type CodeKeys, codeHash } from '../vouchers/code.crypto.js';
import { readCode } from '../vouchers/code.rules.js';
import type { EvaluationGroup, EvaluationInput, EvaluationSummary } from './evaluation.contract.js';
import { ANSWER_KEY_SQL, LEVELS_SQL, MIN_GROUP } from './evaluation.rules.js';

/**
 * Records (or replaces) the answer about the workshop a pass paid for. Only a pass that was used
 * can be answered about; what the answer keeps of it is the programme, the venue and the theme.
 */
export async function answerEvaluation(db: Db, keys: CodeKeys, code: string, input: EvaluationInput): Promise<void> {
  const reading = readCode(code);
  if (!reading.ok) throw new AppError(reading.reason === 'check_symbol' ? 'PASS_CHECK_SYMBOL' : 'PASS_FORMAT');
  const hash = codeHash(keys, reading.code);
  const rows = await db.query(
    `INSERT INTO evaluations (answer_key, programme_id, venue_organisation_id, theme, satisfaction, autonomy_before,
                              autonomy_after, recommend, comment)
     SELECT ${ANSWER_KEY_SQL}, p.programme_id, r.venue_organisation_id, r.service_id, $2, $3, $4, $5, $6
       FROM passes p JOIN redemption_passes rp ON rp.pass_id = p.id AND rp.active JOIN redemptions r ON r.id = rp.redemption_id
      WHERE p.code_hash = $1 AND p.state IN ('redeemed', 'reimbursed')
     ON CONFLICT (answer_key) DO UPDATE SET satisfaction = EXCLUDED.satisfaction, autonomy_before = EXCLUDED.autonomy_before,
       autonomy_after = EXCLUDED.autonomy_after, recommend = EXCLUDED.recommend, comment = EXCLUDED.comment,
       answered_on = current_date
     RETURNING 1`,
    [hash, input.satisfaction, input.autonomyBefore, input.autonomyAfter, input.recommend, input.comment || null],
  );
  if (rows.length > 0) return;
  const known = await db.query('SELECT 1 FROM passes WHERE code_hash = $1', [hash]);
  throw new AppError(known.length > 0 ? 'EVALUATION_NOT_OPEN' : 'PASS_UNKNOWN');
}

type GroupRow = Omit<EvaluationGroup, 'label'> & { grouping: 'overall' | 'venue' | 'theme'; venue_name: string | null };

const GROUP_COLUMNS = `count(*)::int AS answers, avg(satisfaction)::float8 AS "meanSatisfaction",
  avg(CASE WHEN recommend THEN 1 ELSE 0 END)::float8 AS "recommendShare",
  avg(CASE WHEN array_position(${LEVELS_SQL}, autonomy_after) > array_position(${LEVELS_SQL}, autonomy_before)
           THEN 1 ELSE 0 END)::float8 AS "movedUpShare",
  json_build_object('accompagne', count(*) FILTER (WHERE autonomy_before = 'accompagne'),
                    'partiel', count(*) FILTER (WHERE autonomy_before = 'partiel'),
                    'autonome', count(*) FILTER (WHERE autonomy_before = 'autonome')) AS before,
  json_build_object('accompagne', count(*) FILTER (WHERE autonomy_after = 'accompagne'),
                    'partiel', count(*) FILTER (WHERE autonomy_after = 'partiel'),
                    'autonome', count(*) FILTER (WHERE autonomy_after = 'autonome')) AS after`;

/** A venue's answers, all its programmes together; null under the minimum group, as everywhere. */
export async function venueEvaluation(
  q: Queryable,
  venueId: string,
): Promise<{ answers: number; group: EvaluationGroup | null }> {
  const [row] = await q.query<Omit<EvaluationGroup, 'label' | 'key'>>(
    `SELECT ${GROUP_COLUMNS} FROM evaluations WHERE venue_organisation_id = $1`,
    [venueId],
  );
  const answers = row?.answers ?? 0;
  return { answers, group: row && answers >= MIN_GROUP ? { ...row, key: venueId, label: 'Vos ateliers' } : null };
}

/**
 * The answers of a programme, overall, by venue and by theme. No answer is ever shown alone:
 * groups under MIN_GROUP answers are left out (and counted as such), comments are not shown.
 */
export async function evaluationSummary(q: Queryable, programmeId: string): Promise<EvaluationSummary> {
  const rows = await q.query<GroupRow>(
    `SELECT 'overall' AS grouping, 'programme' AS key, NULL AS venue_name, ${GROUP_COLUMNS}
       FROM evaluations WHERE programme_id = $1
     UNION ALL
     SELECT 'venue', e.venue_organisation_id::text, min(o.name), ${GROUP_COLUMNS}
       FROM evaluations e LEFT JOIN organisations o ON o.id = e.venue_organisation_id
      WHERE e.programme_id = $1 GROUP BY e.venue_organisation_id
     UNION ALL
     SELECT 'theme', COALESCE(theme, '—'), NULL, ${GROUP_COLUMNS}
       FROM evaluations WHERE programme_id = $1 GROUP BY theme`,
    [programmeId],
  );
  const shown = (r: GroupRow) => r.answers >= MIN_GROUP;
  const group = (r: GroupRow, label: string): EvaluationGroup => {
    const { grouping: _g, venue_name: _v, ...figures } = r;
    return { ...figures, label };
  };
  const overall = rows.find((r) => r.grouping === 'overall' && shown(r));
  const byVenue = rows.filter((r) => r.grouping === 'venue');
  const byTheme = rows.filter((r) => r.grouping === 'theme');
  const sorted = (list: EvaluationGroup[]) =>
    list.sort((a, b) => b.answers - a.answers || a.label.localeCompare(b.label, 'fr'));
  return {
    minimumGroup: MIN_GROUP,
    overall: overall ? group(overall, 'Ensemble du programme') : null,
    byVenue: sorted(byVenue.filter(shown).map((r) => group(r, r.venue_name ?? 'Lieu'))),
    byTheme: sorted(byTheme.filter(shown).map((r) => group(r, r.key === '—' ? 'Thème non précisé' : r.key))),
    hiddenGroups: [...byVenue, ...byTheme].filter((r) => !shown(r)).length,
  };
}
