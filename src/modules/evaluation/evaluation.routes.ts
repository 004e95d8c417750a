import { z } from 'zod';
import { AppError } from '../../errors.js';
import { programmeParam } from '../../http/access.js';
import type { ApiApp, AppDeps } from '../../http/app.js';
import { errorResponses, ProgrammeParams } from '../../http/schemas.js';
import { countHit } from '../throttle/throttle.service.js';
import { codeKeys } from '../vouchers/code.crypto.js';
import { PassCodeParams } from '../vouchers/vouchers.contract.js';
import { EvaluationInput, EvaluationSummary } from './evaluation.contract.js';
import { answerEvaluation, evaluationSummary } from './evaluation.service.js';

/** Answers per hour from one address: enough for a family at one computer, not for a script. */
const ANSWERS_PER_HOUR = 20;

export async function evaluationRoutes(app: ApiApp, { config, db }: AppDeps): Promise<void> {
  const keys = codeKeys(config.secret);

  app.put(
    '/api/v1/passes/:code/evaluation',
    {
      config: { access: { public: true } },
      schema: {
        summary: "Donner (ou changer) son avis, anonyme, sur l'atelier payé avec ce pass",
        tags: ['évaluation'],
        params: PassCodeParams,
        body: EvaluationInput,
        response: { 204: z.null(), ...errorResponses(400, 404, 409, 429) },
      },
    },
    async (req, reply) => {
      if ((await countHit(db, `evaluation:${req.ip}`, 3600)) > ANSWERS_PER_HOUR) throw new AppError('RATE_LIMITED');
      await answerEvaluation(db, keys, req.params.code, req.body);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/programmes/:programmeId/evaluations',
    {
      config: { access: { roles: ['admin', 'operator', 'funder'], scope: programmeParam() } },
      schema: {
        summary: 'Avis des bénéficiaires, agrégés (groupes de moins de 5 réponses non affichés)',
        tags: ['évaluation'],
        params: ProgrammeParams,
        response: { 200: EvaluationSummary, ...errorResponses(401, 403, 404) },
      },
    },
    async (req) => evaluationSummary(db, req.params.programmeId),
  );
}
