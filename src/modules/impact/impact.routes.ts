import { programmeParam } from '../../http/access.js';
import { type ApiApp, type AppDeps, actorOf } from '../../http/app.js';
import { errorResponses, ProgrammeParams } from '../../http/schemas.js';
import { hasRole } from '../accounts/actor.js';
import { Dashboard, DashboardQuery } from './impact.contract.js';
import { dashboard } from './impact.service.js';

export async function impactRoutes(app: ApiApp, { db }: AppDeps): Promise<void> {
  app.get(
    '/api/v1/programmes/:programmeId/dashboard',
    {
      config: { access: { roles: ['admin', 'operator', 'funder', 'distributor'], scope: programmeParam() } },
      schema: {
        summary:
          "Usage des pass : entonnoir de la commande au remboursement, taux d'usage par cohorte et par groupe (un prescripteur : ses carnets)",
        tags: ['impact'],
        params: ProgrammeParams,
        querystring: DashboardQuery,
        response: { 200: Dashboard, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      const { programmeId } = req.params;
      // Those who run or fund the programme see all of it; a distributor, the carnets it handed out.
      const whole = hasRole(actor, programmeId, ['admin', 'operator', 'funder']);
      return dashboard(db, { programmeId, distributorId: whole ? null : actor.organisationId }, req.query);
    },
  );
}
