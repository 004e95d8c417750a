import type { Dashboard, DashboardQuery } from '../../../src/modules/impact/impact.contract';
import { queryString, request } from './http';

export type { Dashboard };

export const impactApi = {
  dashboard: (programmeId: string, query: DashboardQuery) =>
    request<Dashboard>('GET', `/programmes/${programmeId}/dashboard${queryString(query)}`),
};
