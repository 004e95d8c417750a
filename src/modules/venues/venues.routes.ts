import { z } from 'zod';
import { organisationResource, ownOrganisation, programmeParam, resourceProgramme } from '../../http/access.js';
import { type ApiApp, type AppDeps, actingContext, actorOf } from '../../http/app.js';
import { errorResponses, fileDownload, ProgrammeParams } from '../../http/schemas.js';
import { ROLES } from '../accounts/actor.js';
import { applyToProgramme } from './applications.service.js';
import { importVenues, programmeOfImport, rejectedRowsCsv } from './import.service.js';
import { updateOwnPlace } from './places.service.js';
import { decideQualification, listProgrammeVenues, myVenue } from './qualification.service.js';
import {
  ApplicationPending,
  ApplyToProgrammeInput,
  ImportInput,
  ImportReport,
  MyVenue,
  ProgrammeVenue,
  QualificationDecisionInput,
  QualificationOutcome,
  SessionInput,
  Venue,
  VenuePlace,
  Workshop,
  WorkshopInput,
} from './venues.contract.js';
import {
  addSession,
  createWorkshop,
  deleteSession,
  deleteWorkshop,
  listWorkshops,
  ownerOfSession,
  ownerOfVenue,
  ownerOfWorkshop,
  updateWorkshop,
} from './workshops.service.js';

const OPERATORS = ['admin', 'operator'] as const;
const IMPORT_MAX_BYTES = 20 * 1024 * 1024;

/** Venue management: the operator's qualification and imports, the venue's own place and workshops. */
export async function venuesRoutes(app: ApiApp, { db }: AppDeps): Promise<void> {
  const ownVenue = organisationResource('venueId', 'VENUE_NOT_FOUND', ownerOfVenue);
  const ownWorkshop = organisationResource('workshopId', 'WORKSHOP_NOT_FOUND', ownerOfWorkshop);
  const ownSession = organisationResource('sessionId', 'SESSION_NOT_FOUND', ownerOfSession);

  app.get(
    '/api/v1/programmes/:programmeId/venues',
    {
      config: { access: { roles: OPERATORS, scope: programmeParam() } },
      schema: {
        summary: 'Lieux candidats et qualifiés du programme, avec leur état et leurs coordonnées bancaires (masquées)',
        tags: ['lieux'],
        params: ProgrammeParams,
        response: { 200: z.array(ProgrammeVenue), ...errorResponses(401, 403, 404) },
      },
    },
    async (req) => listProgrammeVenues(db, req.params.programmeId),
  );

  app.post(
    '/api/v1/programmes/:programmeId/venues/:organisationId/qualification',
    {
      config: { access: { roles: OPERATORS, scope: programmeParam() } },
      schema: {
        summary: 'Décision sur un lieu : qualifier, demander des modifications, refuser, suspendre, retirer',
        tags: ['lieux'],
        params: z.object({ programmeId: z.uuid(), organisationId: z.uuid() }),
        body: QualificationDecisionInput,
        response: { 200: QualificationOutcome, ...errorResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (req) =>
      decideQualification(db, actingContext(req), req.params.programmeId, req.params.organisationId, req.body),
  );

  app.post(
    '/api/v1/programmes/:programmeId/venue-imports',
    {
      bodyLimit: IMPORT_MAX_BYTES,
      config: { access: { roles: OPERATORS, scope: programmeParam() } },
      schema: {
        summary: 'Importer des lieux (standard national ou liste France Services) ; dryRun pour prévisualiser',
        tags: ['lieux'],
        params: ProgrammeParams,
        body: ImportInput,
        response: { 200: ImportReport, ...errorResponses(400, 401, 403, 404, 413) },
      },
    },
    async (req) => importVenues(db, actingContext(req), req.params.programmeId, req.body),
  );

  app.get(
    '/api/v1/venue-imports/:importId/rejected.csv',
    {
      config: {
        access: { roles: OPERATORS, scope: resourceProgramme('importId', 'IMPORT_NOT_FOUND', programmeOfImport) },
      },
      schema: {
        summary: 'Rapport des lignes rejetées d’un import, avec le motif de chacune',
        tags: ['lieux'],
        params: z.object({ importId: z.uuid() }),
        ...fileDownload('text/csv', 'Une ligne par ligne rejetée : numéro, identifiant, nom, motif'),
      },
    },
    async (req, reply) => {
      const csv = await rejectedRowsCsv(db, req.params.importId);
      return reply
        .header('content-disposition', `attachment; filename="import-rejets-${req.params.importId.slice(0, 8)}.csv"`)
        .type('text/csv; charset=utf-8')
        .send(`\uFEFF${csv}`);
    },
  );

  app.get(
    '/api/v1/me/venue',
    {
      config: { access: { roles: ROLES, scope: ownOrganisation } },
      schema: {
        summary: 'Mon organisation en tant que lieu : ses lieux et ses qualifications',
        tags: ['lieux'],
        response: { 200: MyVenue, ...errorResponses(401) },
      },
    },
    async (req) => myVenue(db, actorOf(req)),
  );

  app.post(
    '/api/v1/me/venue/applications',
    {
      config: { access: { roles: ROLES, scope: ownOrganisation } },
      schema: {
        summary: 'Candidater avec son lieu à un autre programme (la charte du programme est acceptée)',
        tags: ['lieux'],
        body: ApplyToProgrammeInput,
        response: { 201: ApplicationPending, ...errorResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (req, reply) => reply.status(201).send(await applyToProgramme(db, actingContext(req), req.body.programmeId)),
  );

  app.put(
    '/api/v1/venues/:venueId',
    {
      config: { access: { roles: ROLES, scope: ownVenue } },
      schema: {
        summary: 'Mettre à jour la fiche de son lieu',
        tags: ['lieux'],
        params: z.object({ venueId: z.uuid() }),
        body: VenuePlace,
        response: { 200: Venue, ...errorResponses(400, 401, 403, 404, 422) },
      },
    },
    async (req) => updateOwnPlace(db, actingContext(req), req.params.venueId, req.body),
  );

  app.get(
    '/api/v1/venues/:venueId/workshops',
    {
      config: { access: { roles: ROLES, scope: ownVenue } },
      schema: {
        summary: 'Ateliers du lieu et leurs prochaines séances',
        tags: ['lieux'],
        params: z.object({ venueId: z.uuid() }),
        response: { 200: z.array(Workshop), ...errorResponses(401, 403, 404) },
      },
    },
    async (req) => listWorkshops(db, [req.params.venueId]),
  );

  app.post(
    '/api/v1/venues/:venueId/workshops',
    {
      config: { access: { roles: ROLES, scope: ownVenue } },
      schema: {
        summary: 'Publier un atelier',
        tags: ['lieux'],
        params: z.object({ venueId: z.uuid() }),
        body: WorkshopInput,
        response: { 201: Workshop, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await createWorkshop(db, actingContext(req), req.params.venueId, req.body)),
  );

  app.put(
    '/api/v1/workshops/:workshopId',
    {
      config: { access: { roles: ROLES, scope: ownWorkshop } },
      schema: {
        summary: 'Modifier un atelier',
        tags: ['lieux'],
        params: z.object({ workshopId: z.uuid() }),
        body: WorkshopInput,
        response: { 200: Workshop, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (req) => updateWorkshop(db, actingContext(req), req.params.workshopId, req.body),
  );

  app.delete(
    '/api/v1/workshops/:workshopId',
    {
      config: { access: { roles: ROLES, scope: ownWorkshop } },
      schema: {
        summary: 'Retirer un atelier',
        tags: ['lieux'],
        params: z.object({ workshopId: z.uuid() }),
        response: { 204: z.null(), ...errorResponses(401, 403, 404) },
      },
    },
    async (req, reply) => {
      await deleteWorkshop(db, actingContext(req), req.params.workshopId);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/v1/workshops/:workshopId/sessions',
    {
      config: { access: { roles: ROLES, scope: ownWorkshop } },
      schema: {
        summary: 'Ajouter une séance datée (avec sa capacité)',
        tags: ['lieux'],
        params: z.object({ workshopId: z.uuid() }),
        body: SessionInput,
        response: { 201: Workshop, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await addSession(db, actingContext(req), req.params.workshopId, req.body)),
  );

  app.delete(
    '/api/v1/workshop-sessions/:sessionId',
    {
      config: { access: { roles: ROLES, scope: ownSession } },
      schema: {
        summary: 'Supprimer une séance',
        tags: ['lieux'],
        params: z.object({ sessionId: z.uuid() }),
        response: { 204: z.null(), ...errorResponses(401, 403, 404) },
      },
    },
    async (req, reply) => {
      await deleteSession(db, actingContext(req), req.params.sessionId);
      return reply.status(204).send(null);
    },
  );
}
