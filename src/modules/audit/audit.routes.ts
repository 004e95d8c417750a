import { z } from 'zod';
import { anywhere } from '../../http/access.js';
import { type ApiApp, type AppDeps, actorOf } from '../../http/app.js';
import { errorResponses } from '../../http/schemas.js';
import { AuditEntry, AuditQuery } from './audit.contract.js';
import { auditSeenBy } from './audit.service.js';

export async function auditRoutes(app: ApiApp, { db }: AppDeps): Promise<void> {
  app.get(
    '/api/v1/audit',
    {
      config: { access: { roles: ['admin', 'operator'], scope: anywhere } },
      schema: {
        summary: "Journal d'audit, du plus récent au plus ancien (filtres, pagination par beforeId)",
        tags: ['audit'],
        querystring: AuditQuery,
        response: { 200: z.array(AuditEntry), ...errorResponses(400, 401, 403) },
      },
    },
    async (req) => auditSeenBy(db, actorOf(req), req.query),
  );
}
