import { z } from 'zod';
import { anywhere } from '../../http/access.js';
import { type ApiApp, type AppDeps, actorOf } from '../../http/app.js';
import { errorResponses, fileDownload } from '../../http/schemas.js';
import { AuditEntry, AuditExportQuery, AuditQuery } from './audit.contract.js';
import { auditCsv, auditSeenBy } from './audit.service.js';

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

  app.get(
    '/api/v1/audit.csv',
    {
      config: { access: { roles: ['admin', 'operator'], scope: anywhere } },
      schema: {
        summary: "Le journal d'audit filtré, en CSV (10 000 entrées au plus)",
        tags: ['audit'],
        querystring: AuditExportQuery,
        ...fileDownload('text/csv', 'Une ligne par entrée : date, auteur, action, objet, avant, après'),
      },
    },
    async (req, reply) =>
      reply
        .header('content-disposition', 'attachment; filename="journal-audit.csv"')
        .type('text/csv; charset=utf-8')
        .send(`\uFEFF${await auditCsv(db, actorOf(req), req.query)}`),
  );
}
