import { PassThrough } from 'node:stream';
import { z } from 'zod';
import { AppError } from '../../errors.js';
import { type ApiApp, type AppDeps, requestContext } from '../../http/app.js';
import { setSessionCookie } from '../../http/auth.hooks.js';
import { errorResponses, fileDownload } from '../../http/schemas.js';
import { InvitationInput } from '../accounts/accounts.contract.js';
import { acceptInvitation } from '../accounts/invitations.service.js';
import { listAreas, searchCommunes } from '../territory/communes.js';
import { countHit } from '../throttle/throttle.service.js';
import { applyAsVenue } from './applications.service.js';
import { publicVenue, runningProgrammes, searchDirectory } from './directory.service.js';
import { parseLatLon } from './geo.rules.js';
import { writeOpenData } from './opendata.service.js';
import {
  ApplicationCreated,
  Areas,
  CommuneOption,
  CommuneQuery,
  DirectoryPage,
  DirectoryQuery,
  PublicProgramme,
  PublicSettings,
  PublicVenue,
  VenueApplication,
  Vocabulary,
} from './venues.contract.js';
import { VOCABULARY } from './vocabulary.js';

const APPLICATIONS_PER_HOUR = 20;
const PUBLIC = { access: { public: true } } as const;

/** What anybody may read or send without an account: directory, open data, applications. */
export async function venuesPublicRoutes(app: ApiApp, { config, db, readDb }: AppDeps): Promise<void> {
  // The directory, venue pages and open data read on the replica when there is one (a change
  // shows there within the replication lag); applications and invitations write on the primary.
  const reader = readDb ?? db;
  app.get(
    '/api/v1/public/settings',
    {
      config: PUBLIC,
      schema: {
        summary: 'Réglages publics : identité de l’instance, fond de carte de l’annuaire',
        tags: ['annuaire'],
        response: { 200: PublicSettings },
      },
    },
    async () => ({ tileUrl: config.map.tileUrl, tileAttribution: config.map.attribution, brand: config.brand }),
  );

  app.get(
    '/api/v1/public/vocabulary',
    {
      config: PUBLIC,
      schema: {
        summary: 'Vocabulaires du standard national des lieux de médiation numérique',
        tags: ['annuaire'],
        response: { 200: Vocabulary },
      },
    },
    async () => VOCABULARY,
  );

  app.get(
    '/api/v1/public/programmes',
    {
      config: PUBLIC,
      schema: {
        summary: 'Programmes en cours, pour candidater ou filtrer l’annuaire',
        tags: ['annuaire'],
        response: { 200: z.array(PublicProgramme) },
      },
    },
    async () => runningProgrammes(db),
  );

  app.get(
    '/api/v1/public/areas',
    {
      config: PUBLIC,
      schema: {
        summary: 'Régions et départements (liste officielle)',
        tags: ['annuaire'],
        response: { 200: Areas },
      },
    },
    async () => listAreas(),
  );

  app.get(
    '/api/v1/public/communes',
    {
      config: PUBLIC,
      schema: {
        summary: 'Communes (liste officielle) par début de nom, code postal ou code INSEE',
        tags: ['annuaire'],
        querystring: CommuneQuery,
        response: { 200: z.array(CommuneOption) },
      },
    },
    async (req) =>
      searchCommunes(req.query.q).map(({ code, name, departement, postcodes }) => ({
        code,
        name,
        departement,
        postcodes,
      })),
  );

  app.get(
    '/api/v1/public/venues',
    {
      config: PUBLIC,
      schema: {
        summary: 'Annuaire : lieux qualifiés (ou prescripteurs), du plus proche au plus lointain',
        tags: ['annuaire'],
        querystring: DirectoryQuery,
        response: { 200: DirectoryPage, ...errorResponses(400) },
      },
    },
    async (req) => {
      const { near, ...rest } = req.query;
      const point = near === undefined ? undefined : parseLatLon(near);
      if (point === null) throw new AppError('VALIDATION_ERROR', { near: 'attendu : latitude,longitude' });
      return searchDirectory(reader, { ...rest, near: point });
    },
  );

  for (const format of ['csv', 'json'] as const) {
    app.get(
      `/api/v1/public/venues.${format}`,
      {
        config: PUBLIC,
        schema: {
          summary: `Données ouvertes : les lieux qualifiés au standard national (schéma v1.0.2), en ${format.toUpperCase()}`,
          tags: ['annuaire'],
          security: [],
          ...fileDownload(
            format === 'csv' ? 'text/csv' : 'application/json',
            'Lieux au standard national des lieux de médiation numérique',
          ),
        },
      },
      async (req, reply) => {
        const out = new PassThrough();
        writeOpenData(reader, format, out, `Passnum (${config.publicUrl})`, (venueId, reason) =>
          req.log.warn({ venueId, reason }, 'open data: a place the national standard refuses is left out'),
        ).catch((err: unknown) => out.destroy(err as Error));
        return reply
          .header('content-disposition', `attachment; filename="lieux-mediation-numerique.${format}"`)
          .type(format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8')
          .send(out);
      },
    );
  }

  app.get(
    '/api/v1/public/venues/:venueId',
    {
      config: PUBLIC,
      schema: {
        summary: 'Fiche publique d’un lieu : horaires (ouvert maintenant ?), ateliers et prochaines séances',
        tags: ['annuaire'],
        params: z.object({ venueId: z.uuid() }),
        response: { 200: PublicVenue, ...errorResponses(404) },
      },
    },
    async (req) => publicVenue(reader, req.params.venueId),
  );

  app.post(
    '/api/v1/public/venue-applications',
    {
      config: PUBLIC,
      schema: {
        summary: 'Candidature d’un lieu de médiation numérique (sans compte)',
        tags: ['annuaire'],
        body: VenueApplication,
        response: { 201: ApplicationCreated, ...errorResponses(400, 404, 409, 422, 429) },
      },
    },
    async (req, reply) => {
      if ((await countHit(db, `venue-application:${req.ip}`, 3600)) > APPLICATIONS_PER_HOUR) {
        throw new AppError('RATE_LIMITED');
      }
      return reply.status(201).send(await applyAsVenue(db, config, requestContext(req), req.body));
    },
  );

  app.post(
    '/api/v1/auth/invitation',
    {
      config: PUBLIC,
      schema: {
        summary: 'Choisir son mot de passe avec un lien d’invitation (ouvre une session)',
        tags: ['comptes'],
        body: InvitationInput,
        response: { 204: z.null(), ...errorResponses(400, 429) },
      },
    },
    async (req, reply) => {
      if ((await countHit(db, `invitation:${req.ip}`, 900)) > config.login.maxFailures * 4) {
        throw new AppError('RATE_LIMITED');
      }
      const token = await acceptInvitation(db, config, requestContext(req), req.body);
      setSessionCookie(reply, config, token);
      return reply.status(204).send(null);
    },
  );
}
