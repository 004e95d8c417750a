import { AUTONOMY_LEVELS } from './evaluation.contract.js';

/** Below this many answers a group is not shown: a venue with three answers could tell who said what. */
export const MIN_GROUP = 5;

/** The key of a pass's answer, in SQL over a pass `p`: derived from its code hash, never shown. */
export const ANSWER_KEY_SQL = `sha256(convert_to('evaluation:', 'UTF8') || p.code_hash)`;

/** The levels in order, as SQL reads them: a move up is a higher position after than before. */
export const LEVELS_SQL = `ARRAY[${AUTONOMY_LEVELS.map((l) => `'${l}'`).join(', ')}]`;
