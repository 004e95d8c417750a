import { PassThrough } from 'node:stream';
import { z } from 'zod';
import { AppError } from '../../errors.js';
import { anywhere, isUuid, type ScopeCheck } from '../../http/access.js';
import { type ApiApp, type AppDeps, actingContext, actorOf } from '../../http/app.js';
import { errorResponses, fileDownload } from '../../http/schemas.js';
import { sendUpload } from '../../http/uploads.js';
import { playsAnyOf, ROLES } from '../accounts/actor.js';
import { countHit } from '../throttle/throttle.service.js';
import { writeAttestationPdf } from './attestation-pdf.js';
import {
  AttendanceInput,
  Attendee,
  Attestation,
  AttestationParams,
  Enrolment,
  FileInput,
  FileParams,
  ModuleInput,
  ModuleParams,
  PathInput,
  PathParams,
  SessionInput,
  SessionParams,
  TrainedRow,
  TrainingPath,
} from './training.contract.js';
import {
  addFile,
  addModule,
  addSession,
  attendees,
  attestationByCode,
  createPath,
  enrol,
  listPaths,
  markAttendance,
  myAttestations,
  readFile,
  trainedPeople,
  trainingOwners,
  updatePath,
  withdraw,
} from './training.service.js';

/** Verifications per hour from one address: an employer checking CVs, not a script. */
const CHECKS_PER_HOUR = 60;

/**
 * What only the hub publishing a path may do: one of the roles, and the path (of the module or
 * session named) must be its organisation's. Checked before the body is read.
 */
function hubOf(param: keyof typeof trainingOwners): ScopeCheck {
  return async ({ actor, roles, params, db }) => {
    const id = params[param];
    if (!isUuid(id)) return 'TRAINING_NOT_FOUND';
    const owner = await trainingOwners[param](db, id);
    if (owner === null) return 'TRAINING_NOT_FOUND';
    return playsAnyOf(actor, roles) && owner === actor.organisationId ? 'ok' : 'FORBIDDEN';
  };
}

/** Anyone signed in sees published paths and enrols; what the hub alone may do is checked in the service. */
const SIGNED_IN = { roles: ROLES, scope: anywhere };

export async function trainingRoutes(app: ApiApp, { config, db }: AppDeps): Promise<void> {
  const tags = ['formation'];
  app.get(
    '/api/v1/training/paths',
    {
      config: { access: SIGNED_IN },
      schema: {
        summary: 'Parcours de formation des aidants (publiés, et brouillons de sa structure)',
        tags,
        response: { 200: z.array(TrainingPath), ...errorResponses(401) },
      },
    },
    async (req) => listPaths(db, actorOf(req)),
  );
  app.post(
    '/api/v1/training/paths',
    {
      config: { access: { roles: ['admin', 'operator'], scope: anywhere } },
      schema: {
        summary: 'Créer un parcours (le pôle territorial)',
        tags,
        body: PathInput,
        response: { 201: TrainingPath, ...errorResponses(400, 401, 403) },
      },
    },
    async (req, reply) => reply.status(201).send(await createPath(db, actingContext(req), req.body)),
  );
  app.put(
    '/api/v1/training/paths/:pathId',
    {
      config: { access: { roles: ['admin', 'operator'], scope: hubOf('pathId') } },
      schema: {
        summary: 'Modifier ou publier un parcours',
        tags,
        params: PathParams,
        body: PathInput,
        response: { 200: TrainingPath, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (req) => updatePath(db, actingContext(req), req.params.pathId, req.body),
  );
  app.post(
    '/api/v1/training/paths/:pathId/modules',
    {
      config: { access: { roles: ['admin', 'operator'], scope: hubOf('pathId') } },
      schema: {
        summary: 'Ajouter un module (texte, liens)',
        tags,
        params: PathParams,
        body: ModuleInput,
        response: { 201: TrainingPath, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (req, reply) => reply.status(201).send(await addModule(db, actingContext(req), req.params.pathId, req.body)),
  );
  app.post(
    '/api/v1/training/modules/:moduleId/files',
    {
      config: { access: { roles: ['admin', 'operator'], scope: hubOf('moduleId') } },
      bodyLimit: 8 * 1024 * 1024,
      schema: {
        summary: 'Joindre un fichier à un module (5 Mio au plus)',
        tags,
        params: ModuleParams,
        body: FileInput,
        response: { 201: TrainingPath, ...errorResponses(400, 401, 403, 404, 422) },
      },
    },
    async (req, reply) =>
      reply.status(201).send(
        await addFile(db, actingContext(req), req.params.moduleId, {
          name: req.body.name,
          contentType: req.body.contentType,
          content: Buffer.from(req.body.contentBase64, 'base64'),
        }),
      ),
  );
  app.get(
    '/api/v1/training/files/:fileId',
    {
      config: { access: SIGNED_IN },
      schema: {
        summary: "Télécharger un fichier d'un module",
        tags,
        params: FileParams,
        ...fileDownload('application/octet-stream', 'Le fichier'),
      },
    },
    async (req, reply) => {
      const f = await readFile(db, actorOf(req), req.params.fileId);
      return sendUpload(reply, { name: f.name, type: f.contentType, content: f.content });
    },
  );
  app.post(
    '/api/v1/training/paths/:pathId/sessions',
    {
      config: { access: { roles: ['admin', 'operator'], scope: hubOf('pathId') } },
      schema: {
        summary: 'Ajouter une session datée (lieu, places)',
        tags,
        params: PathParams,
        body: SessionInput,
        response: { 201: TrainingPath, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (req, reply) => reply.status(201).send(await addSession(db, actingContext(req), req.params.pathId, req.body)),
  );
  app.post(
    '/api/v1/training/sessions/:sessionId/enrolment',
    {
      config: { access: SIGNED_IN },
      schema: {
        summary: "S'inscrire à une session (liste d'attente quand elle est complète)",
        tags,
        params: SessionParams,
        response: { 201: Enrolment, ...errorResponses(401, 404) },
      },
    },
    async (req, reply) => reply.status(201).send(await enrol(db, actingContext(req), req.params.sessionId)),
  );
  app.delete(
    '/api/v1/training/sessions/:sessionId/enrolment',
    {
      config: { access: SIGNED_IN },
      schema: {
        summary: 'Se désinscrire (la place va à la première personne en attente)',
        tags,
        params: SessionParams,
        response: { 204: z.null(), ...errorResponses(401, 404) },
      },
    },
    async (req, reply) => {
      await withdraw(db, actingContext(req), req.params.sessionId);
      return reply.status(204).send(null);
    },
  );
  app.get(
    '/api/v1/training/sessions/:sessionId/attendees',
    {
      config: { access: { roles: ['admin', 'operator'], scope: hubOf('sessionId') } },
      schema: {
        summary: 'Liste des inscrits et de la liste d’attente (formateur)',
        tags,
        params: SessionParams,
        response: { 200: z.array(Attendee), ...errorResponses(401, 403, 404) },
      },
    },
    async (req) => attendees(db, actorOf(req), req.params.sessionId),
  );
  app.put(
    '/api/v1/training/sessions/:sessionId/attendance',
    {
      config: { access: { roles: ['admin', 'operator'], scope: hubOf('sessionId') } },
      schema: {
        summary: 'Noter une présence (présent : attestation délivrée)',
        tags,
        params: SessionParams,
        body: AttendanceInput,
        response: { 200: z.array(Attendee), ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (req) => markAttendance(db, actingContext(req), req.params.sessionId, req.body, config.publicUrl),
  );
  app.get(
    '/api/v1/training/attestations',
    {
      config: { access: SIGNED_IN },
      schema: {
        summary: 'Mes attestations de formation',
        tags,
        response: { 200: z.array(Attestation), ...errorResponses(401) },
      },
    },
    async (req) => myAttestations(db, actorOf(req)),
  );
  app.get(
    '/api/v1/training/attestations/:code/pdf',
    {
      config: { access: SIGNED_IN },
      schema: {
        summary: 'Mon attestation en PDF',
        tags,
        params: AttestationParams,
        ...fileDownload('application/pdf', "L'attestation (PDF, A4)"),
      },
    },
    async (req, reply) => {
      const a = await attestationByCode(db, req.params.code);
      // Only its holder downloads it; anyone may check it at the public address.
      if (a.user_id !== actorOf(req).userId) throw new AppError('ATTESTATION_NOT_FOUND');
      const out = new PassThrough();
      writeAttestationPdf(
        out,
        a,
        `${config.publicUrl}/attestations/${a.code}`,
        config.brand.name,
        config.brand.theme,
      ).catch((err: unknown) => out.destroy(err as Error));
      return reply
        .header('content-disposition', `attachment; filename="attestation-${a.code}.pdf"`)
        .type('application/pdf')
        .send(out);
    },
  );
  app.get(
    '/api/v1/public/attestations/:code',
    {
      config: { access: { public: true } },
      schema: {
        summary: 'Vérifier une attestation de formation par son code',
        tags,
        params: AttestationParams,
        response: { 200: Attestation, ...errorResponses(400, 404, 429) },
      },
    },
    async (req) => {
      // Codes are unguessable; the throttle still keeps anyone from trying many of them.
      if ((await countHit(db, `attestation:${req.ip}`, 3600)) > CHECKS_PER_HOUR) throw new AppError('RATE_LIMITED');
      const { user_id: _u, ...a } = await attestationByCode(db, req.params.code);
      return a;
    },
  );
  app.get(
    '/api/v1/training/trained',
    {
      config: { access: { roles: ['admin', 'operator'], scope: anywhere } },
      schema: {
        summary: 'Qui est formé, par structure et commune (parcours de sa structure)',
        tags,
        response: { 200: z.array(TrainedRow), ...errorResponses(401, 403) },
      },
    },
    async (req) => trainedPeople(db, actorOf(req)),
  );
}
