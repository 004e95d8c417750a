import { z } from 'zod';
import { AppError } from '../../errors.js';
import { anywhere } from '../../http/access.js';
import { type ApiApp, type AppDeps, actorOf } from '../../http/app.js';
import { errorResponses } from '../../http/schemas.js';
import { programmesWhere } from '../accounts/actor.js';
import { listAudit } from './audit.service.js';

const AuditEntry = z.object({
  id: z.number(),
  programmeId: z.string().nullable(),
  at: z.string(),
  actorUserId: z.string().nullable(),
  actorEmail: z.string().nullable(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string(),
  before: z.unknown(),
  after: z.unknown(),
  requestId: z.string().nullable(),
});

export async function auditRoutes(app: ApiApp, { db }: AppDeps): Promise<void> {
  app.get(
    '/api/v1/audit',
    {
      config: { access: { roles: ['admin', 'operator'], scope: anywhere } },
      schema: {
        summary: "Journal d'audit, du plus récent au plus ancien (filtres, pagination par beforeId)",
        tags: ['audit'],
        querystring: z.object({
          programmeId: z.uuid().optional(),
          entityType: z.string().max(50).optional(),
          entityId: z.string().max(100).optional(),
          action: z.string().max(50).optional(),
          actorUserId: z.uuid().optional(),
          from: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
          to: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
          beforeId: z.coerce.number().int().positive().optional(),
          limit: z.coerce.number().int().min(1).max(500).default(100),
        }),
        response: { 200: z.array(AuditEntry), ...errorResponses(400, 401, 403) },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      // Operators read the entries of their own programmes; platform-wide entries are the admins'.
      const visible = actor.isAdmin ? null : programmesWhere(actor, ['operator']);
      if (visible && req.query.programmeId && !visible.includes(req.query.programmeId)) throw new AppError('FORBIDDEN');
      const rows = await listAudit(db, { ...req.query, visibleProgrammes: visible });
      return rows.map((r) => ({ ...r, at: r.at.toISOString() }));
    },
  );
}
