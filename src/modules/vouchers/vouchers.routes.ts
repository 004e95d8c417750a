import { PassThrough } from 'node:stream';
import { z } from 'zod';
import { AppError } from '../../errors.js';
import { anywhere, programmeParam, resourceProgramme, type ScopeCheck } from '../../http/access.js';
import { type ApiApp, type AppDeps, actingContext, actorOf, requestContext } from '../../http/app.js';
import { errorResponses } from '../../http/schemas.js';
import { hasRole } from '../accounts/actor.js';
import { recordAudit } from '../audit/audit.service.js';
import { PublicCategory } from '../programmes/programmes.contract.js';
import { countHit } from '../throttle/throttle.service.js';
import { codeKeys } from './code.crypto.js';
import { distributeCarnet } from './distribution.service.js';
import { cancelPasses, replaceCarnet } from './lifecycle.service.js';
import { createOrder, getOrder, listOrders, programmeOfOrder } from './orders.service.js';
import { orientPerson } from './orientation.service.js';
import { lookUpPass } from './passes.service.js';
import { carnetsToPrint, printTerms, writePrintCsv, writePrintPdf } from './print.service.js';
import { programmeOfRedemption, redeemPasses, undoRedemption } from './redemption.service.js';
import { liftRedemptionLock, redemptionLocks } from './redemption-lock.service.js';
import { availableCarnets, distributorsOf, moveCarnets, programmeOfCarnet, stockOf } from './stock.service.js';

const SERIAL = /^[A-Z0-9]{2,10}-\d{6}$/;

/** Data of the carnet named by its serial. */
const carnetSerial: ScopeCheck = async ({ actor, roles, params, db }) => {
  const serial = params.serial;
  if (!serial || !SERIAL.test(serial)) return 'CARNET_NOT_FOUND';
  const programmeId = await programmeOfCarnet(db, serial);
  if (!programmeId) return 'CARNET_NOT_FOUND';
  return hasRole(actor, programmeId, roles) ? 'ok' : 'FORBIDDEN';
};

const OrderView = z.object({
  orderId: z.uuid(),
  programmeId: z.uuid(),
  carnets: z.number(),
  status: z.enum(['queued', 'running', 'done', 'failed']),
  progress: z.number(),
  error: z.string().nullable(),
  carnetSerials: z.array(z.string()).optional(),
});

const Beneficiary = z.object({
  birthYear: z.number().int().min(1900).max(2100),
  birthMonth: z.number().int().min(1).max(12),
  birthDay: z.number().int().min(1).max(31).optional(),
  communeInsee: z.string().regex(/^(\d{5}|2[AB]\d{3})$/, 'code INSEE de commune sur 5 caractères'),
  publicCategory: PublicCategory,
  sex: z.enum(['F', 'M', 'X']).optional(),
  firstName: z.string().trim().min(1).max(100),
  lastName: z.string().trim().min(1).max(100),
  consentReminders: z.boolean().optional(),
  email: z.email().optional(),
  phone: z
    .string()
    .regex(/^\+?[0-9 .]{6,20}$/)
    .optional(),
});

const PUBLIC_LOOKUPS_PER_MINUTE = 30;

export async function vouchersRoutes(app: ApiApp, { config, db, jobs }: AppDeps): Promise<void> {
  const keys = codeKeys(config.secret);

  app.post(
    '/api/v1/programmes/:programmeId/orders',
    {
      config: { access: { roles: ['admin', 'operator'], scope: programmeParam() } },
      schema: {
        summary: 'Commander des carnets (émission en tâche de fond)',
        tags: ['carnets'],
        params: z.object({ programmeId: z.uuid() }),
        body: z.object({ carnets: z.number().int().min(1).max(100_000) }),
        response: { 202: z.object({ orderId: z.uuid() }), ...errorResponses(400, 403, 404, 422) },
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
      config: { access: { roles: ['admin', 'operator'], scope: programmeParam() } },
      schema: {
        summary: 'Commandes de carnets du programme, les plus récentes en premier',
        tags: ['carnets'],
        params: z.object({ programmeId: z.uuid() }),
        response: {
          200: z.array(
            z.object({
              orderId: z.uuid(),
              carnets: z.number(),
              valueCents: z.number(),
              status: z.enum(['queued', 'running', 'done', 'failed']),
              progress: z.number(),
              createdAt: z.string(),
            }),
          ),
        },
      },
    },
    async (req) => listOrders(db, req.params.programmeId),
  );

  app.get(
    '/api/v1/programmes/:programmeId/stock/carnets',
    {
      config: { access: { roles: ['admin', 'operator', 'distributor'], scope: programmeParam() } },
      schema: {
        summary: "Numéros des carnets disponibles dans mon stock (celui de l'opérateur pour un opérateur)",
        tags: ['stock'],
        params: z.object({ programmeId: z.uuid() }),
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(1000).default(100) }),
        response: { 200: z.array(z.string()) },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      const manager = hasRole(actor, req.params.programmeId, ['admin', 'operator']);
      return availableCarnets(db, req.params.programmeId, manager ? null : actor.organisationId, req.query.limit);
    },
  );

  app.get(
    '/api/v1/programmes/:programmeId/distributors',
    {
      config: { access: { roles: ['admin', 'operator'], scope: programmeParam() } },
      schema: {
        summary: 'Prescripteurs du programme (destinataires possibles des carnets)',
        tags: ['stock'],
        params: z.object({ programmeId: z.uuid() }),
        response: { 200: z.array(z.object({ id: z.uuid(), name: z.string() })) },
      },
    },
    async (req) => distributorsOf(db, req.params.programmeId),
  );

  app.get(
    '/api/v1/orders/:orderId',
    {
      config: {
        access: {
          roles: ['admin', 'operator'],
          scope: resourceProgramme('orderId', 'ORDER_NOT_FOUND', programmeOfOrder),
        },
      },
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
        config: {
          access: {
            roles: ['admin', 'operator'],
            scope: resourceProgramme('orderId', 'ORDER_NOT_FOUND', programmeOfOrder),
          },
        },
        schema: {
          summary:
            format === 'pdf'
              ? 'Fichier à imprimer : A4, un carnet par page, codes et QR codes (carnets encore en stock)'
              : 'Fichier pour imprimeur : une ligne par pass (carnets encore en stock)',
          tags: ['carnets'],
          params: z.object({ orderId: z.uuid() }),
        },
      },
      async (req, reply) => {
        const order = await getOrder(db, req.params.orderId);
        if (order.status !== 'done') throw new AppError('ORDER_NOT_READY');
        await db.tx((q) =>
          recordAudit(q, requestContext(req), {
            programmeId: order.programmeId,
            action: 'order.print_download',
            entityType: 'carnet_order',
            entityId: order.orderId,
            after: { format },
          }),
        );
        const out = new PassThrough();
        const carnets = carnetsToPrint(db, keys, order.orderId);
        const writing =
          format === 'pdf'
            ? writePrintPdf(out, carnets, await printTerms(db, order.orderId), config.publicUrl)
            : writePrintCsv(out, carnets, config.publicUrl);
        writing.catch((err: unknown) => {
          req.log.error({ err }, 'print file generation failed');
          out.destroy(err as Error);
        });
        const name = `carnets-${order.orderId.slice(0, 8)}.${format}`;
        return reply
          .header('content-disposition', `attachment; filename="${name}"`)
          .type(format === 'pdf' ? 'application/pdf' : 'text/csv; charset=utf-8')
          .send(out);
      },
    );
  }

  app.post(
    '/api/v1/programmes/:programmeId/allocations',
    {
      config: { access: { roles: ['admin', 'operator'], scope: programmeParam() } },
      schema: {
        summary: 'Attribuer des carnets à un prescripteur, par nombre ou par plage de numéros',
        tags: ['stock'],
        params: z.object({ programmeId: z.uuid() }),
        body: z.union([
          z.object({ distributorId: z.uuid(), count: z.number().int().min(1).max(100_000) }),
          z.object({
            distributorId: z.uuid(),
            fromSerial: z.string().regex(SERIAL),
            toSerial: z.string().regex(SERIAL),
          }),
        ]),
        response: { 201: z.object({ serials: z.array(z.string()) }), ...errorResponses(400, 403, 404, 409, 422) },
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
      config: { access: { roles: ['admin', 'operator'], scope: carnetSerial } },
      schema: {
        summary: 'Attribuer un carnet à un prescripteur',
        tags: ['stock'],
        params: z.object({ serial: z.string() }),
        body: z.object({ distributorId: z.uuid() }),
        response: { 201: z.object({ serials: z.array(z.string()) }), ...errorResponses(400, 403, 404, 409, 422) },
      },
    },
    async (req, reply) => {
      const programmeId = (await programmeOfCarnet(db, req.params.serial)) as string;
      const moved = await moveCarnets(
        db,
        requestContext(req),
        programmeId,
        { serials: [req.params.serial] },
        req.body.distributorId,
        null,
      );
      return reply.status(201).send(moved);
    },
  );

  app.delete(
    '/api/v1/carnets/:serial/allocation',
    {
      config: { access: { roles: ['admin', 'operator'], scope: carnetSerial } },
      schema: {
        summary: "Reprendre un carnet attribué à un prescripteur (retour au stock de l'opérateur)",
        tags: ['stock'],
        params: z.object({ serial: z.string() }),
        response: { 200: z.object({ serials: z.array(z.string()) }), ...errorResponses(403, 404, 409) },
      },
    },
    async (req) => {
      const programmeId = (await programmeOfCarnet(db, req.params.serial)) as string;
      const holder = await db.query<{ holder: string | null }>(
        'SELECT holder_organisation_id AS holder FROM carnets WHERE serial = $1',
        [req.params.serial],
      );
      const from = holder[0]?.holder ?? null;
      if (!from) throw new AppError('CARNET_NOT_AVAILABLE', { serial: req.params.serial });
      return moveCarnets(db, requestContext(req), programmeId, { serials: [req.params.serial] }, null, from);
    },
  );

  app.get(
    '/api/v1/programmes/:programmeId/stock',
    {
      config: { access: { roles: ['admin', 'operator', 'distributor'], scope: programmeParam() } },
      schema: {
        summary: 'Carnets en stock, par détenteur (un prescripteur voit le sien)',
        tags: ['stock'],
        params: z.object({ programmeId: z.uuid() }),
        response: {
          200: z.array(z.object({ organisationId: z.uuid().nullable(), name: z.string(), carnets: z.number() })),
          ...errorResponses(403),
        },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      const manager = hasRole(actor, req.params.programmeId, ['admin', 'operator']);
      return stockOf(db, req.params.programmeId, manager ? null : actor.organisationId);
    },
  );

  app.post(
    '/api/v1/carnets/:serial/distribution',
    {
      config: { access: { roles: ['distributor', 'referrer'], scope: carnetSerial } },
      schema: {
        summary:
          'Remettre un carnet à une personne éligible (données minimales ; nom et contact seulement avec son accord)',
        tags: ['distribution'],
        params: z.object({ serial: z.string() }),
        body: z.object({
          beneficiary: Beneficiary,
          delivery: z
            .discriminatedUnion('mode', [
              z.object({ mode: z.literal('paper') }),
              z.object({ mode: z.literal('email'), email: z.email() }),
            ])
            .default({ mode: 'paper' }),
        }),
        response: {
          201: z.object({
            serial: z.string(),
            beneficiaryId: z.uuid(),
            expiresOn: z.string().nullable(),
            passes: z.array(z.object({ serial: z.string(), expiresOn: z.string().nullable() })),
          }),
          ...errorResponses(400, 403, 404, 409, 422),
        },
      },
    },
    async (req, reply) => {
      const result = await distributeCarnet(
        db,
        actingContext(req),
        config.secret,
        req.params.serial,
        req.body.beneficiary,
        req.body.delivery,
      );
      if (req.body.delivery.mode === 'email') jobs?.kick();
      return reply.status(201).send(result);
    },
  );

  app.post(
    '/api/v1/carnets/:serial/cancellation',
    {
      config: { access: { roles: ['admin', 'operator', 'distributor'], scope: carnetSerial } },
      schema: {
        summary: 'Annuler un carnet perdu, volé ou détruit, ou certains de ses pass, avec un motif',
        tags: ['distribution'],
        params: z.object({ serial: z.string() }),
        body: z.object({
          reason: z.string().trim().min(3).max(500),
          passNumbers: z.array(z.number().int().min(1).max(50)).min(1).optional(),
        }),
        response: { 200: z.object({ cancelled: z.array(z.string()) }), ...errorResponses(400, 403, 404, 409) },
      },
    },
    async (req) => cancelPasses(db, actingContext(req), req.params.serial, req.body),
  );

  app.post(
    '/api/v1/carnets/:serial/replacement',
    {
      config: { access: { roles: ['admin', 'operator', 'distributor'], scope: carnetSerial } },
      schema: {
        summary: 'Remplacer les pass annulés par un carnet de son stock, remis au même bénéficiaire',
        tags: ['distribution'],
        params: z.object({ serial: z.string() }),
        body: z.object({ replacementSerial: z.string().regex(SERIAL) }),
        response: {
          201: z.object({ serial: z.string(), passes: z.array(z.string()) }),
          ...errorResponses(400, 403, 404, 409),
        },
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
        params: z.object({ programmeId: z.uuid() }),
        body: z.object({ beneficiary: Beneficiary }),
        response: {
          201: z.object({
            orientationId: z.uuid(),
            prescribers: z.array(z.object({ id: z.uuid(), name: z.string() })),
          }),
          ...errorResponses(400, 403, 404, 422),
        },
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(await orientPerson(db, actingContext(req), config.secret, req.params.programmeId, req.body.beneficiary)),
  );

  app.post(
    '/api/v1/redemptions',
    {
      config: { access: { roles: ['venue'], scope: anywhere } },
      schema: {
        summary: 'Valider des pass pour un atelier (tous ou aucun ; en-tête Idempotency-Key recommandé)',
        tags: ['validation'],
        headers: z.object({ 'idempotency-key': z.string().min(8).max(100).optional() }),
        body: z.object({
          venueId: z.uuid(),
          serviceId: z.string().max(100).optional(),
          codes: z.array(z.string().max(200)).min(1).max(50),
        }),
        response: {
          201: z.object({ redemptionId: z.uuid(), passes: z.array(z.string()), amountCents: z.number() }),
          ...errorResponses(400, 403, 404, 409, 422),
        },
      },
    },
    async (req, reply) => {
      const answer = await redeemPasses(db, actingContext(req), keys, req.body, req.headers['idempotency-key']);
      return reply.status(answer.status as 201).send(answer.body as never);
    },
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
        params: z.object({ redemptionId: z.uuid() }),
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
      config: { access: { roles: ['admin', 'operator'], scope: programmeParam() } },
      schema: {
        summary: 'Lieux du programme dont les validations sont bloquées (trop de codes erronés), et jusqu’à quand',
        tags: ['validation'],
        params: z.object({ programmeId: z.uuid() }),
        response: {
          200: z.array(z.object({ organisationId: z.uuid(), organisationName: z.string(), lockedUntil: z.string() })),
          ...errorResponses(403, 404),
        },
      },
    },
    async (req) => redemptionLocks(db, req.params.programmeId),
  );

  app.delete(
    '/api/v1/programmes/:programmeId/redemption-locks/:organisationId',
    {
      config: { access: { roles: ['admin', 'operator'], scope: programmeParam() } },
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

  app.get(
    '/api/v1/passes/:code',
    {
      config: { access: { public: true } },
      schema: {
        summary: "État d'un pass : vue limitée pour tous, détaillée pour le lieu qui l'a validé (limité en fréquence)",
        tags: ['validation'],
        params: z.object({ code: z.string().max(200) }),
      },
    },
    async (req) => {
      if ((await countHit(db, `pass-lookup:${req.ip}`, 60)) > PUBLIC_LOOKUPS_PER_MINUTE)
        throw new AppError('RATE_LIMITED');
      return lookUpPass(db, keys, req.params.code, req.actor);
    },
  );
}
