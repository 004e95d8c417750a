import { z } from 'zod';
import { AppError } from '../../errors.js';
import { anywhere, isUuid, programmeParam, type ScopeCheck } from '../../http/access.js';
import { type ApiApp, type AppDeps, actingContext, actorOf, requestContext, SESSION_COOKIE } from '../../http/app.js';
import { setSessionCookie } from '../../http/auth.hooks.js';
import { errorResponses, ProgrammeParams } from '../../http/schemas.js';
import {
  ApiToken,
  ApiTokenInput,
  CreatedApiToken,
  LoginInput,
  LoginResult,
  Me,
  Organisation,
  OrganisationInput,
  OrganisationParams,
  OrganisationPatch,
  OrganisationPerson,
  ProgrammeActor,
  RoleGrant,
  UserInput,
  UserParams,
  UserView,
} from './accounts.contract.js';
import {
  createApiToken,
  grantRole,
  listApiTokens,
  login,
  logout,
  revokeApiToken,
  revokeRole,
} from './accounts.service.js';
import { type Actor, ROLES } from './actor.js';
import {
  mayDisableUser,
  mayEditOrganisation,
  mayInviteInto,
  mayListPeople,
  type OrganisationStanding,
} from './membership.rules.js';
import {
  createOrganisation,
  createUser,
  listOrganisations,
  listPeople,
  listProgrammeActors,
  organisationStanding,
  setUserDisabled,
  targetUser,
  updateOrganisation,
} from './organisations.service.js';

const authenticated: ScopeCheck = async () => 'ok';
const ALL = ROLES;

/** The organisation named in the path, if the membership rule `may` lets the actor act on it. */
const organisationScope =
  (may: (actor: Actor, organisationId: string, standing: OrganisationStanding) => boolean): ScopeCheck =>
  async ({ actor, params, db }) => {
    const id = params.organisationId;
    if (!isUuid(id)) return 'ORGANISATION_NOT_FOUND';
    const standing = await organisationStanding(db, actor, id);
    if (!standing) return 'ORGANISATION_NOT_FOUND';
    return may(actor, id, standing) ? 'ok' : 'FORBIDDEN';
  };

/** The account named in the path, if the actor may deactivate it. */
const userScope: ScopeCheck = async ({ actor, params, db }) => {
  const id = params.userId;
  if (!isUuid(id)) return 'USER_NOT_FOUND';
  const target = await targetUser(db, id);
  if (!target) return 'USER_NOT_FOUND';
  return mayDisableUser(actor, target) ? 'ok' : 'FORBIDDEN';
};

export async function accountsRoutes(app: ApiApp, { config, db }: AppDeps): Promise<void> {
  app.post(
    '/api/v1/auth/login',
    {
      config: { access: { public: true } },
      schema: {
        summary: 'Se connecter par e-mail et mot de passe (pose le cookie de session)',
        tags: ['auth'],
        body: LoginInput,
        response: { 200: LoginResult, ...errorResponses(400, 401, 403, 429) },
      },
    },
    async (req, reply) => {
      const { token, actor } = await login(db, config, { ...req.body, ip: req.ip }, String(req.id));
      setSessionCookie(reply, config, token);
      const { via: _via, ...user } = actor;
      return { user };
    },
  );

  app.post(
    '/api/v1/auth/logout',
    {
      config: { access: { public: true } },
      schema: { summary: 'Se déconnecter', tags: ['auth'], response: { 204: z.null() } },
    },
    async (req, reply) => {
      if (req.sessionToken) await logout(db, req.sessionToken);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/me',
    {
      config: { access: { roles: ALL, scope: authenticated } },
      schema: {
        summary: "L'utilisateur connecté, son organisation et ses rôles",
        tags: ['auth'],
        response: { 200: Me, ...errorResponses(401) },
      },
    },
    async (req) => {
      const { via: _via, ...me } = actorOf(req);
      return me;
    },
  );

  app.get(
    '/api/v1/me/tokens',
    {
      config: { access: { roles: ALL, scope: authenticated } },
      schema: {
        summary: "Mes jetons d'accès",
        tags: ['auth'],
        response: { 200: z.array(ApiToken), ...errorResponses(401) },
      },
    },
    async (req) => listApiTokens(db, actorOf(req).userId),
  );

  app.post(
    '/api/v1/me/tokens',
    {
      config: { access: { roles: ALL, scope: authenticated } },
      schema: {
        summary: "Créer un jeton d'accès pour une intégration (affiché une seule fois)",
        tags: ['auth'],
        body: ApiTokenInput,
        response: { 201: CreatedApiToken, ...errorResponses(400, 401, 403) },
      },
    },
    async (req, reply) => {
      if (actorOf(req).via === 'token')
        throw new AppError('FORBIDDEN', undefined, "Un jeton ne peut pas créer d'autre jeton.");
      const created = await createApiToken(db, actingContext(req), req.body.name);
      return reply.status(201).send(created);
    },
  );

  app.delete(
    '/api/v1/me/tokens/:tokenId',
    {
      config: { access: { roles: ALL, scope: authenticated } },
      schema: {
        summary: "Révoquer un de mes jetons d'accès",
        tags: ['auth'],
        params: z.object({ tokenId: z.uuid() }),
        response: { 204: z.null(), ...errorResponses(404) },
      },
    },
    async (req, reply) => {
      await revokeApiToken(db, actingContext(req), req.params.tokenId);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/organisations',
    {
      config: { access: { roles: ALL, scope: anywhere } },
      schema: {
        summary: 'Organisations visibles',
        tags: ['organisations'],
        response: { 200: z.array(Organisation), ...errorResponses(401, 403) },
      },
    },
    async (req) => listOrganisations(db, actorOf(req)),
  );

  app.post(
    '/api/v1/organisations',
    {
      config: { access: { roles: ['admin', 'operator'], scope: anywhere } },
      schema: {
        summary: 'Créer une organisation (SIRET vérifié)',
        tags: ['organisations'],
        body: OrganisationInput,
        response: { 201: Organisation, ...errorResponses(400, 403, 409, 422) },
      },
    },
    async (req, reply) => reply.status(201).send(await createOrganisation(db, requestContext(req), req.body)),
  );

  app.patch(
    '/api/v1/organisations/:organisationId',
    {
      config: { access: { roles: ['admin', 'operator'], scope: organisationScope(mayEditOrganisation) } },
      schema: {
        summary: 'Modifier une organisation (nom, SIRET vérifié, rôles joués)',
        tags: ['organisations'],
        params: OrganisationParams,
        body: OrganisationPatch,
        response: { 200: Organisation, ...errorResponses(400, 403, 404, 409, 422) },
      },
    },
    async (req) => updateOrganisation(db, requestContext(req), req.params.organisationId, req.body),
  );

  app.get(
    '/api/v1/organisations/:organisationId/users',
    {
      config: { access: { roles: ALL, scope: organisationScope(mayListPeople) } },
      schema: {
        summary: "Les comptes d'une organisation et leurs rôles",
        tags: ['organisations'],
        params: OrganisationParams,
        response: { 200: z.array(OrganisationPerson), ...errorResponses(401, 403, 404) },
      },
    },
    async (req) => listPeople(db, req.params.organisationId),
  );

  app.post(
    '/api/v1/organisations/:organisationId/users',
    {
      config: { access: { roles: ALL, scope: organisationScope(mayInviteInto) } },
      schema: {
        summary: 'Créer un compte dans une organisation (sans mot de passe : invitation par courriel)',
        tags: ['organisations'],
        params: OrganisationParams,
        body: UserInput,
        response: { 201: UserView, ...errorResponses(400, 403, 404, 409) },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await createUser(db, config, requestContext(req), req.params.organisationId, req.body)),
  );

  for (const [method, disabled] of [
    ['post', true],
    ['delete', false],
  ] as const) {
    app[method](
      '/api/v1/users/:userId/deactivation',
      {
        config: { access: { roles: ALL, scope: userScope } },
        schema: {
          summary: disabled
            ? 'Désactiver un compte (ses sessions et jetons cessent aussitôt)'
            : 'Réactiver un compte désactivé',
          tags: ['organisations'],
          params: UserParams,
          response: { 204: z.null(), ...errorResponses(401, 403, 404) },
        },
      },
      async (req, reply) => {
        await setUserDisabled(db, actingContext(req), req.params.userId, disabled);
        return reply.status(204).send(null);
      },
    );
  }

  app.get(
    '/api/v1/programmes/:programmeId/roles',
    {
      config: { access: { roles: ['admin', 'operator'], scope: programmeParam() } },
      schema: {
        summary: 'Qui joue quel rôle dans le programme',
        tags: ['programmes'],
        params: ProgrammeParams,
        response: { 200: z.array(ProgrammeActor), ...errorResponses(401, 403, 404) },
      },
    },
    async (req) => listProgrammeActors(db, req.params.programmeId),
  );

  app.post(
    '/api/v1/programmes/:programmeId/roles',
    {
      config: { access: { roles: ['admin', 'operator'], scope: programmeParam() } },
      schema: {
        summary: 'Donner un rôle dans le programme à un utilisateur',
        tags: ['programmes'],
        params: ProgrammeParams,
        body: RoleGrant,
        response: { 204: z.null(), ...errorResponses(400, 403, 404, 422) },
      },
    },
    async (req, reply) => {
      await grantRole(db, requestContext(req), req.params.programmeId, req.body.userId, req.body.role);
      return reply.status(204).send(null);
    },
  );

  app.delete(
    '/api/v1/programmes/:programmeId/roles',
    {
      config: { access: { roles: ['admin', 'operator'], scope: programmeParam() } },
      schema: {
        summary: 'Retirer un rôle dans le programme à un utilisateur',
        tags: ['programmes'],
        params: ProgrammeParams,
        body: RoleGrant,
        response: { 204: z.null(), ...errorResponses(400, 403, 404) },
      },
    },
    async (req, reply) => {
      await revokeRole(db, requestContext(req), req.params.programmeId, req.body.userId, req.body.role);
      return reply.status(204).send(null);
    },
  );
}
