import type { EvaluationInput, EvaluationSummary } from '../../../src/modules/evaluation/evaluation.contract';
import { request } from './http';

export type { EvaluationInput, EvaluationSummary };

export const evaluationApi = {
  answer: (code: string, body: EvaluationInput) =>
    request<void>('PUT', `/passes/${encodeURIComponent(code)}/evaluation`, body),
  summary: (programmeId: string) => request<EvaluationSummary>('GET', `/programmes/${programmeId}/evaluations`),
};
