import type { z } from 'zod';
import type { AuditEntry, AuditQuery } from '../../../src/modules/audit/audit.contract';
import { downloadUrl, queryString, request } from './http';

export type { AuditEntry };

export const auditApi = {
  list: (query: z.input<typeof AuditQuery>) => request<AuditEntry[]>('GET', `/audit${queryString(query)}`),
  csvUrl: (query: z.input<typeof AuditQuery>) =>
    downloadUrl(`/audit.csv${queryString({ ...query, limit: undefined })}`),
};
