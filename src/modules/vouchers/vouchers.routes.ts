import { PassThrough } from 'node:stream';
import { z } from 'zod';
import { AppError } from '../../errors.js';
import { anywhere, programmeParam, resourceProgramme, type ScopeCheck } from '../../http/access.js';
import { type ApiApp, type AppDeps, actingContext, actorOf, requestContext } from '../../http/app.js';
import { errorResponses, fileDownload, IdempotencyHeaders, ProgrammeParams } from '../../http/schemas.js';
import { hasRole, playsAnyOf } from '../accounts/actor.js';
import { countHit } from '../throttle/throttle.service.js';
import { carnetProgramme, carnetSerial } from './carnet.scope.js';
import { codeKeys } from './code.crypto.js';
import { distributeCarnet } from './distribution.service.js';
import { cancelPasses, replaceCarnet } from './lifecycle.service.js';
import { createOrder, getOrder, listOrders, programmeOfOrder } from './orders.service.js';
import { closeOrientation, listOrientations, orientationProgramme, orientPerson } from './orientation.service.js';
import { lookUpPass } from './passes.service.js';
import { erasePersonalData, personalDataOfCarnet } from './personal-data.service.js';
import { printOrder } from './print.service.js';
import { programmeOfRedemption, redeemPasses, undoRedemption, venueRedemptions } from './redemption.service.js';
import { liftRedemptionLock, redemptionLocks } from './redemption-lock.service.js';
import {
  allocateCarnet,
  carnetsAvailableTo,
  distributorsOf,
  moveCarnets,
  stockSeenBy,
  takeBackCarnet,
} from './stock.service.js';
import {
  AllocationInput,
  CancellationInput,
  Cancelled,
  CarnetAllocationInput,
  CarnetParams,
  DistributionInput,
  DistributionResult,
  Distributor,
  Erased,
  ErasureInput,
  MovedCarnets,
  OrderCreated,
  OrderInput,
  OrderSummary,
  OrderView,
  Orientation,
  OrientationClosure,
  OrientationInput,
  OrientationParams,
  OrientationQuery,
  OrientationResult,
  PassCodeParams,
  PassView,
  PersonalData,
  RedemptionInput,
  RedemptionLock,
  RedemptionParams,
  RedemptionResult,
  Replacement,
  ReplacementInput,
  StockCarnetsQuery,
  StockLine,
  VenueRedemption,
  VenueRedemptionQuery,
} from './vouchers.contract.js';

const OPERATORS = ['admin', 'operator'] as const;
const PUBLIC_LOOKUPS_PER_MINUTE = 30;

/** The programme of the carnet named by its serial. */

/**
 * Handing out a carnet: only the programme's distributors (in restricted prescription, the
 * designated prescribers); a referrer of the programme is told to orient the person instead.
 */
const designatedPrescriber: ScopeCheck = async ({ actor, params, db }) => {
  const programmeId = await carnetProgramme(params, db);
  if (!programmeId) return 'CARNET_NOT_FOUND';
  if (hasRole(actor, programmeId, ['distributor'])) return 'ok';
  return hasRole(actor, programmeId, ['referrer']) ? 'NOT_DESIGNATED_PRESCRIBER' : 'FORBIDDEN';
};

/** A venue redeems for itself only: the venue named in the body is the caller's organisation. */
const ownVenueInBody: ScopeCheck = async ({ actor, roles, body }) => {
  const venueId = (body as { venueId?: unknown } | null)?.venueId;
  return playsAnyOf(actor, roles) && venueId === actor.organisationId ? 'ok' : 'FORBIDDEN';
};

export async function vouchersRoutes(app: ApiApp, { config, db, jobs }: AppDeps): Promise<void> {
  const keys = codeKeys(config.secret);
  const orderScope = resourceProgramme('orderId', 'ORDER_NOT_FOUND', programmeOfOrder);

  app.post(
    '/api/v1/programmes/:programmeId/orders',
    {
      config: { access: { roles: OPERATORS, scope: programmeParam() } },
      schema: {
        summary: 'Commander des carnets (émission en tâche de fond)',
        tags: ['carnets'],
        params: ProgrammeParams,
        body: OrderInput,
        response: { 202: OrderCreated, ...errorResponses(400, 403, 404, 422) },
      },
    },
    async (req, reply) => {
      const { orderId } = await createOrder(db, actingContext(req), req.params.programmeId, req.body.carnets);
      jobs?.kick();
      return reply.status(202).send({ orderId });
    },
  );

  app.get(
    '/api/v1/programmes/:programmeId/orders',
    {
      config: { access: { roles: OPERATORS, scope: programmeParam() } },
      schema: {
        summary: 'Commandes de carnets du programme, les plus récentes en premier',
        tags: ['carnets'],
        params: ProgrammeParams,
        response: { 200: z.array(OrderSummary), ...errorResponses(403, 404) },
      },
    },
    async (req) => listOrders(db, req.params.programmeId),
  );

  app.get(
    '/api/v1/programmes/:programmeId/stock/carnets',
    {
      config: { access: { roles: [...OPERATORS, 'distributor'], scope: programmeParam() } },
      schema: {
        summary: "Numéros des carnets disponibles dans mon stock (celui de l'opérateur pour un opérateur)",
        tags: ['stock'],
        params: ProgrammeParams,
        querystring: StockCarnetsQuery,
        response: { 200: z.array(z.string()), ...errorResponses(403, 404) },
      },
    },
    async (req) => carnetsAvailableTo(db, actorOf(req), req.params.programmeId, req.query.limit),
  );

  app.get(
    '/api/v1/programmes/:programmeId/distributors',
    {
      config: { access: { roles: OPERATORS, scope: programmeParam() } },
      schema: {
        summary: 'Prescripteurs du programme (destinataires possibles des carnets)',
        tags: ['stock'],
        params: ProgrammeParams,
        response: { 200: z.array(Distributor), ...errorResponses(403, 404) },
      },
    },
    async (req) => distributorsOf(db, req.params.programmeId),
  );

  app.get(
    '/api/v1/orders/:orderId',
    {
      config: { access: { roles: OPERATORS, scope: orderScope } },
      schema: {
        summary: "État d'une commande : en attente, en cours (progression), terminée (numéros des carnets) ou en échec",
        tags: ['carnets'],
        params: z.object({ orderId: z.uuid() }),
        response: { 200: OrderView, ...errorResponses(403, 404) },
      },
    },
    async (req) => getOrder(db, req.params.orderId),
  );

  for (const format of ['pdf', 'csv'] as const) {
    app.get(
      `/api/v1/orders/:orderId/print.${format}`,
      {
        config: { access: { roles: OPERATORS, scope: orderScope } },
        schema: {
          summary:
            format === 'pdf'
              ? 'Fichier à imprimer : A4, un carnet par page, codes et QR codes (carnets encore en stock)'
              : 'Fichier pour imprimeur : une ligne par pass (carnets encore en stock)',
          tags: ['carnets'],
          params: z.object({ orderId: z.uuid() }),
          ...(format === 'pdf'
            ? fileDownload('application/pdf', 'Carnets à imprimer (PDF, A4)')
            : fileDownload('text/csv', 'Une ligne par pass : carnet, numéro, code, adresse du QR code')),
        },
      },
      async (req, reply) => {
        const out = new PassThrough();
        const { writing } = await printOrder(db, requestContext(req), keys, {
          orderId: req.params.orderId,
          format,
          out,
          publicUrl: config.publicUrl,
          theme: config.brand.theme,
        });
        writing.catch((err: unknown) => {
          req.log.error({ err }, 'print file generation failed');
          out.destroy(err as Error);
        });
        return reply
          .header('content-disposition', `attachment; filename="carnets-${req.params.orderId.slice(0, 8)}.${format}"`)
          .type(format === 'pdf' ? 'application/pdf' : 'text/csv; charset=utf-8')
          .send(out);
      },
    );
  }

  app.post(
    '/api/v1/programmes/:programmeId/allocations',
    {
      config: { access: { roles: OPERATORS, scope: programmeParam() } },
      schema: {
        summary: 'Attribuer des carnets à un prescripteur, par nombre ou par plage de numéros',
        tags: ['stock'],
        params: ProgrammeParams,
        body: AllocationInput,
        response: { 201: MovedCarnets, ...errorResponses(400, 403, 404, 409, 422) },
      },
    },
    async (req, reply) => {
      const { distributorId, ...selection } = req.body;
      const moved = await moveCarnets(db, requestContext(req), req.params.programmeId, selection, distributorId, null);
      return reply.status(201).send(moved);
    },
  );

  app.post(
    '/api/v1/carnets/:serial/allocation',
    {
      config: { access: { roles: OPERATORS, scope: carnetSerial } },
      schema: {
        summary: 'Attribuer un carnet à un prescripteur',
        tags: ['stock'],
        params: CarnetParams,
        body: CarnetAllocationInput,
        response: { 201: MovedCarnets, ...errorResponses(400, 403, 404, 409, 422) },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await allocateCarnet(db, requestContext(req), req.params.serial, req.body.distributorId)),
  );

  app.delete(
    '/api/v1/carnets/:serial/allocation',
    {
      config: { access: { roles: OPERATORS, scope: carnetSerial } },
      schema: {
        summary: "Reprendre un carnet attribué à un prescripteur (retour au stock de l'opérateur)",
        tags: ['stock'],
        params: CarnetParams,
        response: { 200: MovedCarnets, ...errorResponses(403, 404, 409) },
      },
    },
    async (req) => takeBackCarnet(db, requestContext(req), req.params.serial),
  );

  app.get(
    '/api/v1/programmes/:programmeId/stock',
    {
      config: { access: { roles: [...OPERATORS, 'distributor'], scope: programmeParam() } },
      schema: {
        summary: 'Carnets en stock, par détenteur (un prescripteur voit le sien)',
        tags: ['stock'],
        params: ProgrammeParams,
        response: { 200: z.array(StockLine), ...errorResponses(403, 404) },
      },
    },
    async (req) => stockSeenBy(db, actorOf(req), req.params.programmeId),
  );

  app.post(
    '/api/v1/carnets/:serial/distribution',
    {
      config: { access: { roles: ['distributor'], scope: designatedPrescriber } },
      schema: {
        summary:
          'Remettre un carnet à une personne éligible (données minimales ; nom et contact seulement avec son accord)',
        tags: ['distribution'],
        params: CarnetParams,
        body: DistributionInput,
        response: { 201: DistributionResult, ...errorResponses(400, 403, 404, 409, 422) },
      },
    },
    async (req, reply) => {
      const { beneficiary, delivery } = req.body;
      const result = await distributeCarnet(
        db,
        actingContext(req),
        config.secret,
        req.params.serial,
        beneficiary,
        delivery,
      );
      if (delivery.mode === 'email') jobs?.kick();
      return reply.status(201).send(result);
    },
  );

  app.post(
    '/api/v1/carnets/:serial/cancellation',
    {
      config: { access: { roles: [...OPERATORS, 'distributor'], scope: carnetSerial } },
      schema: {
        summary: 'Annuler un carnet perdu, volé ou détruit, ou certains de ses pass, avec un motif',
        tags: ['distribution'],
        params: CarnetParams,
        body: CancellationInput,
        response: { 200: Cancelled, ...errorResponses(400, 403, 404, 409) },
      },
    },
    async (req) => cancelPasses(db, actingContext(req), req.params.serial, req.body),
  );

  app.post(
    '/api/v1/carnets/:serial/replacement',
    {
      config: { access: { roles: [...OPERATORS, 'distributor'], scope: carnetSerial } },
      schema: {
        summary: 'Remplacer les pass annulés par un carnet de son stock, remis au même bénéficiaire',
        tags: ['distribution'],
        params: CarnetParams,
        body: ReplacementInput,
        response: { 201: Replacement, ...errorResponses(400, 403, 404, 409) },
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(await replaceCarnet(db, actingContext(req), req.params.serial, req.body.replacementSerial)),
  );

  app.post(
    '/api/v1/programmes/:programmeId/orientations',
    {
      config: { access: { roles: ['referrer', 'distributor'], scope: programmeParam() } },
      schema: {
        summary: 'Orienter une personne éligible vers les prescripteurs désignés (prescription restreinte)',
        tags: ['distribution'],
        params: ProgrammeParams,
        body: OrientationInput,
        response: { 201: OrientationResult, ...errorResponses(400, 403, 404, 422) },
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(await orientPerson(db, actingContext(req), config.secret, req.params.programmeId, req.body.beneficiary)),
  );

  app.get(
    '/api/v1/programmes/:programmeId/orientations',
    {
      config: { access: { roles: ['admin', 'operator', 'distributor', 'referrer'], scope: programmeParam() } },
      schema: {
        summary: "Les orientations : en attente pour le prescripteur, leur suite pour l'orienteur",
        tags: ['distribution'],
        params: ProgrammeParams,
        querystring: OrientationQuery,
        response: { 200: z.array(Orientation), ...errorResponses(401, 403, 404) },
      },
    },
    async (req) => listOrientations(db, actorOf(req), req.params.programmeId, req.query.status),
  );

  app.post(
    '/api/v1/orientations/:orientationId/closure',
    {
      config: {
        access: {
          roles: ['distributor'],
          scope: resourceProgramme('orientationId', 'ORIENTATION_NOT_FOUND', orientationProgramme),
        },
      },
      schema: {
        summary: 'Clore une orientation sans remettre de carnet, avec un motif (ses données sont effacées)',
        tags: ['distribution'],
        params: OrientationParams,
        body: OrientationClosure,
        response: { 204: z.null(), ...errorResponses(400, 403, 404, 409) },
      },
    },
    async (req, reply) => {
      await closeOrientation(db, actingContext(req), req.params.orientationId, req.body.reason);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/v1/redemptions',
    {
      config: { access: { roles: ['venue'], scope: ownVenueInBody } },
      schema: {
        summary: 'Valider des pass pour un atelier (tous ou aucun ; en-tête Idempotency-Key recommandé)',
        tags: ['validation'],
        headers: IdempotencyHeaders.optional,
        body: RedemptionInput,
        response: { 201: RedemptionResult, ...errorResponses(400, 403, 404, 409, 422, 429) },
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(await redeemPasses(db, actingContext(req), keys, req.body, req.headers['idempotency-key'])),
  );

  app.get(
    '/api/v1/me/redemptions',
    {
      config: { access: { roles: ['venue'], scope: anywhere } },
      schema: {
        summary: "Les validations du lieu pour un jour (aujourd'hui par défaut), annulables ou non",
        tags: ['validation'],
        querystring: VenueRedemptionQuery,
        response: { 200: z.array(VenueRedemption), ...errorResponses(400, 401, 403) },
      },
    },
    async (req) => venueRedemptions(db, actorOf(req).organisationId, req.query.day),
  );

  app.delete(
    '/api/v1/redemptions/:redemptionId',
    {
      config: {
        access: {
          roles: ['venue'],
          scope: resourceProgramme('redemptionId', 'REDEMPTION_NOT_FOUND', programmeOfRedemption),
        },
      },
      schema: {
        summary: 'Annuler sa propre validation (dans les 24 heures, avant relevé)',
        tags: ['validation'],
        params: RedemptionParams,
        response: { 204: z.null(), ...errorResponses(403, 404, 422) },
      },
    },
    async (req, reply) => {
      await undoRedemption(db, actingContext(req), req.params.redemptionId);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/programmes/:programmeId/redemption-locks',
    {
      config: { access: { roles: OPERATORS, scope: programmeParam() } },
      schema: {
        summary: 'Lieux du programme dont les validations sont bloquées (trop de codes erronés), et jusqu’à quand',
        tags: ['validation'],
        params: ProgrammeParams,
        response: { 200: z.array(RedemptionLock), ...errorResponses(403, 404) },
      },
    },
    async (req) => redemptionLocks(db, req.params.programmeId),
  );

  app.delete(
    '/api/v1/programmes/:programmeId/redemption-locks/:organisationId',
    {
      config: { access: { roles: OPERATORS, scope: programmeParam() } },
      schema: {
        summary: 'Lever le blocage des validations d’un lieu du programme',
        tags: ['validation'],
        params: z.object({ programmeId: z.uuid(), organisationId: z.uuid() }),
        response: { 204: z.null(), ...errorResponses(403, 404) },
      },
    },
    async (req, reply) => {
      await liftRedemptionLock(db, actingContext(req), req.params.programmeId, req.params.organisationId);
      return reply.status(204).send(null);
    },
  );

  const personParams = z.object({ programmeId: z.uuid(), serial: z.string().max(40) });
  app.get(
    '/api/v1/programmes/:programmeId/carnets/:serial/beneficiary',
    {
      config: { access: { roles: OPERATORS, scope: programmeParam() } },
      schema: {
        summary:
          'Données personnelles de la personne à qui le carnet a été remis (droit d’accès ; chaque lecture est journalisée)',
        tags: ['données personnelles'],
        params: personParams,
        querystring: z.object({ download: z.enum(['1']).optional() }),
        response: { 200: PersonalData, ...errorResponses(403, 404) },
      },
    },
    async (req, reply) => {
      const data = await personalDataOfCarnet(db, actingContext(req), req.params.programmeId, req.params.serial);
      // The export (portability): the same data as a file to hand to the person.
      if (req.query.download)
        reply.header('content-disposition', `attachment; filename="donnees-${req.params.serial}.json"`);
      return data;
    },
  );

  app.delete(
    '/api/v1/programmes/:programmeId/carnets/:serial/beneficiary',
    {
      config: { access: { roles: OPERATORS, scope: programmeParam() } },
      schema: {
        summary: 'Effacer les données personnelles de la personne, à sa demande (motif journalisé)',
        tags: ['données personnelles'],
        params: personParams,
        body: ErasureInput,
        response: { 200: Erased, ...errorResponses(400, 403, 404) },
      },
    },
    async (req) =>
      erasePersonalData(db, actingContext(req), req.params.programmeId, req.params.serial, req.body.reason),
  );

  app.get(
    '/api/v1/passes/:code',
    {
      config: { access: { public: true } },
      schema: {
        summary: "État d'un pass : vue limitée pour tous, détaillée pour le lieu qui l'a validé (limité en fréquence)",
        tags: ['validation'],
        params: PassCodeParams,
        response: { 200: PassView, ...errorResponses(400, 404, 429) },
      },
    },
    async (req) => {
      if ((await countHit(db, `pass-lookup:${req.ip}`, 60)) > PUBLIC_LOOKUPS_PER_MINUTE)
        throw new AppError('RATE_LIMITED');
      return lookUpPass(db, keys, req.params.code, req.actor);
    },
  );
}
