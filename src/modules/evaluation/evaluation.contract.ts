import { z } from 'zod';

/** The beneficiaries' questionnaire and its aggregates, declared once. */

/** The three levels of autonomy of La Coop de la médiation numérique. */
export const AUTONOMY_LEVELS = ['accompagne', 'partiel', 'autonome'] as const;
export type AutonomyLevel = (typeof AUTONOMY_LEVELS)[number];
export const AUTONOMY_LABELS: Record<AutonomyLevel, string> = {
  accompagne: 'Entièrement accompagné',
  partiel: 'Partiellement autonome',
  autonome: 'Autonome',
};

const level = z.enum(AUTONOMY_LEVELS, { error: 'Choisissez un des trois niveaux proposés.' });

export const EvaluationInput = z.object({
  satisfaction: z
    .number({ error: 'Donnez une note de 1 à 5.' })
    .int('Donnez une note de 1 à 5.')
    .min(1, 'Donnez une note de 1 à 5.')
    .max(5, 'Donnez une note de 1 à 5.'),
  autonomyBefore: level,
  autonomyAfter: level,
  recommend: z.boolean({ error: 'Dites si vous recommanderiez cet atelier.' }),
  comment: z.string().trim().max(1000, '1 000 caractères au plus.').optional(),
});
export type EvaluationInput = z.infer<typeof EvaluationInput>;

const Levels = z.object({ accompagne: z.number().int(), partiel: z.number().int(), autonome: z.number().int() });

/** A group's answers; groups of fewer than MIN_GROUP answers are never shown. */
export const EvaluationGroup = z.object({
  key: z.string(),
  label: z.string(),
  answers: z.number().int(),
  meanSatisfaction: z.number(),
  recommendShare: z.number(),
  /** People whose autonomy went up at least one level. */
  movedUpShare: z.number(),
  before: Levels,
  after: Levels,
});
export type EvaluationGroup = z.infer<typeof EvaluationGroup>;

export const EvaluationSummary = z.object({
  minimumGroup: z.number().int(),
  /** Null while the programme has fewer answers than the minimum. */
  overall: EvaluationGroup.nullable(),
  byVenue: z.array(EvaluationGroup),
  byTheme: z.array(EvaluationGroup),
  /** Groups left out for being too small. */
  hiddenGroups: z.number().int(),
});
export type EvaluationSummary = z.infer<typeof EvaluationSummary>;
