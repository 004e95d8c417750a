import { z } from 'zod';
import { anywhere } from '../../http/access.js';
import { type ApiApp, type AppDeps, actingContext, actorOf } from '../../http/app.js';
import { errorResponses, fileDownload } from '../../http/schemas.js';
import { sendUpload } from '../../http/uploads.js';
import { ROLES } from '../accounts/actor.js';
import { ResourceInput, ResourceList, ResourceParams, ResourceQuery } from './resources.contract.js';
import { removeResource, resourceFile, searchResources, shareResource } from './resources.service.js';

/** Resources are shared within a territory (its programmes' organisations) and removed by their organisation: checked in the service. */
const ACTORS = { roles: ROLES, scope: anywhere };

export async function resourcesRoutes(app: ApiApp, { db }: AppDeps): Promise<void> {
  const tags = ['ressources'];
  app.get(
    '/api/v1/resources',
    {
      config: { access: ACTORS },
      schema: {
        summary: 'Chercher dans les ressources partagées (plein texte en français, mots-clés)',
        tags,
        querystring: ResourceQuery,
        response: { 200: ResourceList, ...errorResponses(400, 401) },
      },
    },
    async (req) => searchResources(db, actorOf(req), req.query),
  );
  app.post(
    '/api/v1/resources',
    {
      config: { access: ACTORS },
      bodyLimit: 8 * 1024 * 1024,
      schema: {
        summary: 'Partager un document ou un outil (lien ou fichier, mots-clés)',
        tags,
        body: ResourceInput,
        response: { 201: z.object({ id: z.uuid() }), ...errorResponses(400, 401, 422) },
      },
    },
    async (req, reply) => reply.status(201).send(await shareResource(db, actingContext(req), req.body)),
  );
  app.delete(
    '/api/v1/resources/:resourceId',
    {
      config: { access: ACTORS },
      schema: {
        summary: 'Retirer une ressource que sa structure a partagée',
        tags,
        params: ResourceParams,
        response: { 204: z.null(), ...errorResponses(401, 403, 404) },
      },
    },
    async (req, reply) => {
      await removeResource(db, actingContext(req), req.params.resourceId);
      return reply.status(204).send(null);
    },
  );
  app.get(
    '/api/v1/resources/:resourceId/file',
    {
      config: { access: ACTORS },
      schema: {
        summary: "Télécharger le fichier d'une ressource",
        tags,
        params: ResourceParams,
        ...fileDownload('application/octet-stream', 'Le fichier'),
      },
    },
    async (req, reply) => {
      return sendUpload(reply, await resourceFile(db, actorOf(req), req.params.resourceId));
    },
  );
}
