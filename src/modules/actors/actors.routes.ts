import { anywhere } from '../../http/access.js';
import { type ApiApp, type AppDeps, actingContext, actorOf } from '../../http/app.js';
import { errorResponses, fileDownload } from '../../http/schemas.js';
import { ROLES } from '../accounts/actor.js';
import { Actors, ActorsQuery, HelperProfile, HelperProfileInput } from './actors.contract.js';
import { actorsCsv, actorsDirectory, ownProfile, saveOwnProfile } from './actors.service.js';

/** Signed-in actors only; the service keeps each reader to its territory. */
const ACTORS = { roles: ROLES, scope: anywhere };

export async function actorsRoutes(app: ApiApp, { db }: AppDeps): Promise<void> {
  const tags = ['acteurs'];
  app.get(
    '/api/v1/actors',
    {
      config: { access: ACTORS },
      schema: {
        summary:
          'Annuaire des acteurs du territoire : structures et personnes qui accompagnent (comptes connectés seulement)',
        tags,
        querystring: ActorsQuery,
        response: { 200: Actors, ...errorResponses(400, 401) },
      },
    },
    async (req) => actorsDirectory(db, actorOf(req), req.query),
  );
  app.get(
    '/api/v1/actors.csv',
    {
      config: { access: ACTORS },
      schema: {
        summary: "L'annuaire des acteurs en CSV",
        tags,
        querystring: ActorsQuery,
        ...fileDownload('text/csv', 'Structures puis personnes'),
      },
    },
    async (req, reply) =>
      reply
        .header('content-disposition', 'attachment; filename="acteurs.csv"')
        .type('text/csv; charset=utf-8')
        .send(actorsCsv(await actorsDirectory(db, actorOf(req), req.query))),
  );
  app.get(
    '/api/v1/me/helper-profile',
    {
      config: { access: ACTORS },
      schema: {
        summary: "Ma fiche d'aidant dans l'annuaire (null : pas encore écrite)",
        tags,
        response: { 200: HelperProfile.nullable(), ...errorResponses(401) },
      },
    },
    async (req) => ownProfile(db, actorOf(req)),
  );
  app.put(
    '/api/v1/me/helper-profile',
    {
      config: { access: ACTORS },
      schema: {
        summary: "Écrire ou corriger ma fiche d'aidant",
        tags,
        body: HelperProfileInput,
        response: { 200: HelperProfile, ...errorResponses(400, 401, 422) },
      },
    },
    async (req) => saveOwnProfile(db, actingContext(req), req.body),
  );
}
