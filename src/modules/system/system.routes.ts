import { type ApiApp, type AppDeps, sendError } from '../../http/app.js';
import { errorResponses } from '../../http/schemas.js';
import { identityCss } from '../../identity.rules.js';
import { Health } from './system.contract.js';

export async function systemRoutes(app: ApiApp, { config, db }: AppDeps): Promise<void> {
  app.get(
    '/api/v1/health',
    {
      config: { access: { public: true } },
      schema: {
        summary: 'État du service et de sa base de données',
        tags: ['système'],
        response: { 200: Health, ...errorResponses(503) },
      },
    },
    async (req, reply) => {
      try {
        await db.query('SELECT 1');
      } catch (err) {
        req.log.error({ err }, 'health check: database unreachable');
        return sendError(reply, 'SERVICE_UNAVAILABLE');
      }
      return { status: 'ok' as const, database: db.kind };
    },
  );

  // Outside the API: the page's own stylesheet of the instance's identity (see identity.rules.ts).
  const css = identityCss(config.brand);
  app.get('/identity.css', { schema: { hide: true } }, async (_req, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'no-cache').send(css),
  );
}
