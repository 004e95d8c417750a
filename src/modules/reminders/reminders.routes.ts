import { programmeParam, resourceProgramme } from '../../http/access.js';
import { type ApiApp, type AppDeps, actingContext } from '../../http/app.js';
import { errorResponses, ProgrammeParams } from '../../http/schemas.js';
import { carnetSerial } from '../vouchers/carnet.scope.js';
import { CarnetParams } from '../vouchers/vouchers.contract.js';
import { endCampaign, listCampaigns, programmeOfCampaign, startCampaign } from './campaigns.service.js';
import { Campaign, CampaignInput, CampaignParams, ManualReminder } from './reminders.contract.js';
import { remindByHand } from './reminders.service.js';

export async function remindersRoutes(app: ApiApp, { config, db }: AppDeps): Promise<void> {
  const campaignScope = resourceProgramme('campaignId', 'CAMPAIGN_NOT_FOUND', programmeOfCampaign);

  app.get(
    '/api/v1/programmes/:programmeId/reminder-campaigns',
    {
      config: { access: { roles: ['admin', 'operator', 'funder'], scope: programmeParam() } },
      schema: {
        summary:
          'Campagnes de relance et leur effet : usage des relancés et du groupe témoin, écart et intervalle à 95 %',
        tags: ['relances'],
        params: ProgrammeParams,
        response: { 200: Campaign.array(), ...errorResponses(401, 403, 404) },
      },
    },
    async (req) => listCampaigns(db, req.params.programmeId),
  );

  app.post(
    '/api/v1/programmes/:programmeId/reminder-campaigns',
    {
      config: { access: { roles: ['admin', 'operator'], scope: programmeParam() } },
      schema: {
        summary: 'Ouvrir une campagne de relance (la campagne en cours se termine)',
        tags: ['relances'],
        params: ProgrammeParams,
        body: CampaignInput,
        response: { 201: Campaign, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await startCampaign(db, actingContext(req), req.params.programmeId, req.body)),
  );

  app.post(
    '/api/v1/reminder-campaigns/:campaignId/end',
    {
      config: { access: { roles: ['admin', 'operator'], scope: campaignScope } },
      schema: {
        summary: 'Terminer une campagne de relance (ses résultats restent)',
        tags: ['relances'],
        params: CampaignParams,
        response: { 200: Campaign, ...errorResponses(401, 403, 404, 409) },
      },
    },
    async (req) => endCampaign(db, actingContext(req), req.params.campaignId),
  );

  app.post(
    '/api/v1/carnets/:serial/reminder',
    {
      config: { access: { roles: ['distributor'], scope: carnetSerial } },
      schema: {
        summary: "Relancer la personne à qui l'on a remis ce carnet, s'il n'a pas servi (pas le groupe témoin)",
        tags: ['relances'],
        params: CarnetParams,
        response: { 201: ManualReminder, ...errorResponses(401, 403, 404, 409) },
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(await remindByHand(db, actingContext(req), req.params.serial, { publicUrl: config.publicUrl })),
  );
}
