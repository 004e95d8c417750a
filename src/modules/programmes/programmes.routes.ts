import { z } from 'zod';
import { anywhere, programmeParam } from '../../http/access.js';
import { type ApiApp, type AppDeps, actingContext, actorOf, requestContext } from '../../http/app.js';
import { errorResponses, ProgrammeParams } from '../../http/schemas.js';
import { ROLES } from '../accounts/actor.js';
import { Programme, ProgrammeCreate, ProgrammePatch } from './programmes.contract.js';
import { createProgramme, getProgramme, listProgrammes, updateProgramme } from './programmes.service.js';

export async function programmesRoutes(app: ApiApp, { db }: AppDeps): Promise<void> {
  app.get(
    '/api/v1/programmes',
    {
      config: { access: { roles: ROLES, scope: anywhere } },
      schema: {
        summary: "Programmes visibles par l'appelant",
        tags: ['programmes'],
        response: { 200: z.array(Programme), ...errorResponses(401, 403) },
      },
    },
    async (req) => listProgrammes(db, actorOf(req)),
  );

  app.get(
    '/api/v1/programmes/:programmeId',
    {
      config: { access: { roles: ROLES, scope: programmeParam() } },
      schema: {
        summary: "Détail d'un programme",
        tags: ['programmes'],
        params: ProgrammeParams,
        response: { 200: Programme, ...errorResponses(401, 403, 404) },
      },
    },
    async (req) => getProgramme(db, req.params.programmeId),
  );

  app.post(
    '/api/v1/programmes',
    {
      config: { access: { roles: ['admin', 'operator'], scope: anywhere } },
      schema: {
        summary: 'Créer un programme',
        tags: ['programmes'],
        body: ProgrammeCreate,
        response: { 201: Programme, ...errorResponses(400, 401, 403, 409, 422) },
      },
    },
    async (req, reply) => reply.status(201).send(await createProgramme(db, actingContext(req), req.body)),
  );

  app.patch(
    '/api/v1/programmes/:programmeId',
    {
      config: { access: { roles: ['admin', 'operator'], scope: programmeParam() } },
      schema: {
        summary: 'Modifier un programme',
        tags: ['programmes'],
        params: ProgrammeParams,
        body: ProgrammePatch,
        response: { 200: Programme, ...errorResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (req) => updateProgramme(db, requestContext(req), req.params.programmeId, req.body),
  );
}
