import type { FastifyInstance } from 'fastify';
import type { RouteEntry } from './http/access.js';
import { type AppDeps, buildApp } from './http/app.js';
import { accountsRoutes } from './modules/accounts/accounts.routes.js';
import { oidcRoutes } from './modules/accounts/oidc.routes.js';
import { auditRoutes } from './modules/audit/audit.routes.js';
import { programmesRoutes } from './modules/programmes/programmes.routes.js';
import { systemRoutes } from './modules/system/system.routes.js';

/** The whole application: every module's routes on one Fastify instance. */
export async function createServer(deps: AppDeps): Promise<{ app: FastifyInstance; routes: RouteEntry[] }> {
  return buildApp(deps, async (api) => {
    await systemRoutes(api, deps);
    await accountsRoutes(api, deps);
    await oidcRoutes(api, deps);
    await programmesRoutes(api, deps);
    await auditRoutes(api, deps);
  });
}
