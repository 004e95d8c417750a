import { z } from 'zod';
import type { ScopeCheck } from '../../http/access.js';
import { anywhere, isUuid } from '../../http/access.js';
import { type ApiApp, type AppDeps, actorOf, requestContext } from '../../http/app.js';
import { errorResponses } from '../../http/schemas.js';
import { hasRole } from '../accounts/actor.js';
import { codeKeys } from '../vouchers/code.crypto.js';
import { renderCarnetEmail } from '../vouchers/email-delivery.js';
import { EmailParams, EmailQuery, Outbox } from './outbox.contract.js';
import { emailOwner, listOutbox, type Renderer, retryEmail } from './outbox.service.js';

/** A message of one of the actor's programmes, or sent by its organisation; others are the admins' only. */
const ownEmail: ScopeCheck = async ({ actor, roles, params, db }) => {
  const id = params.emailId;
  if (!isUuid(id)) return 'EMAIL_NOT_FOUND';
  const owner = await emailOwner(db, id);
  if (owner === undefined) return 'EMAIL_NOT_FOUND';
  if (actor.isAdmin) return 'ok';
  const { programmeId, senderOrganisationId } = owner;
  if (programmeId === null) return senderOrganisationId === actor.organisationId ? 'ok' : 'FORBIDDEN';
  return hasRole(actor, programmeId, roles) ? 'ok' : 'FORBIDDEN';
};

export async function outboxRoutes(app: ApiApp, { config, db }: AppDeps): Promise<void> {
  const keys = codeKeys(config.secret);
  const renderers: Record<string, Renderer> = {
    carnet: (q, id) => renderCarnetEmail(q, { keys, config }, id),
  };

  app.get(
    '/api/v1/emails',
    {
      config: { access: { roles: ['admin', 'operator'], scope: anywhere } },
      schema: {
        summary: "Courriels de la plateforme : en attente, envoyés, en échec, ou conservés faute d'SMTP",
        tags: ['courriels'],
        querystring: EmailQuery,
        response: { 200: Outbox, ...errorResponses(400, 401, 403) },
      },
    },
    async (req) => ({
      smtp: Boolean(config.smtpUrl),
      sms: Boolean(config.smsWebhookUrl),
      emails: await listOutbox(db, actorOf(req), req.query, renderers),
    }),
  );

  app.post(
    '/api/v1/emails/:emailId/retry',
    {
      config: { access: { roles: ['admin', 'operator'], scope: ownEmail } },
      schema: {
        summary: 'Renvoyer un courriel en échec',
        tags: ['courriels'],
        params: EmailParams,
        response: { 204: z.null(), ...errorResponses(401, 403, 404, 409) },
      },
    },
    async (req, reply) => {
      await retryEmail(db, requestContext(req), req.params.emailId);
      return reply.status(204).send(null);
    },
  );
}
