import type { ResourceInput, ResourceList, ResourceQuery } from '../../../src/modules/resources/resources.contract';
import { downloadUrl, queryString, request } from './http';

export type { ResourceList };

export const resourcesApi = {
  search: (query: ResourceQuery) => request<ResourceList>('GET', `/resources${queryString(query)}`),
  share: (body: ResourceInput) => request<{ id: string }>('POST', '/resources', body),
  remove: (id: string) => request<void>('DELETE', `/resources/${id}`),
  fileUrl: (id: string) => downloadUrl(`/resources/${id}/file`),
};
