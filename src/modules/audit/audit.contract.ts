import { z } from 'zod';

/** The audit API, declared once. */

export const AuditQuery = z.object({
  programmeId: z.uuid().optional(),
  entityType: z.string().max(50).optional(),
  entityId: z.string().max(100).optional(),
  action: z.string().max(50).optional(),
  actorUserId: z.uuid().optional(),
  /** The author's e-mail address, or a part of it. */
  actor: z.string().trim().max(254).optional(),
  from: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
  to: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
  /** Keyset pagination: entries older than this id. */
  beforeId: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
/** The export takes the same filters, and up to 10,000 entries. */
export const AuditExportQuery = AuditQuery.extend({
  limit: z.coerce.number().int().min(1).max(10_000).default(10_000),
});
export type AuditQuery = z.infer<typeof AuditQuery>;

export const AuditEntry = z.object({
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
export type AuditEntry = z.infer<typeof AuditEntry>;
