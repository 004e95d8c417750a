import type { Programme, ProgrammeCreate, ProgrammePatch } from '../../../src/modules/programmes/programmes.contract';
import { request } from './http';

export type { Programme };

export const programmesApi = {
  list: () => request<Programme[]>('GET', '/programmes'),
  get: (id: string) => request<Programme>('GET', `/programmes/${id}`),
  create: (body: ProgrammeCreate) => request<Programme>('POST', '/programmes', body),
  update: (id: string, body: ProgrammePatch) => request<Programme>('PATCH', `/programmes/${id}`, body),
};
