import type {
  Actors,
  ActorsQuery,
  HelperProfile,
  HelperProfileInput,
} from '../../../src/modules/actors/actors.contract';
import { downloadUrl, queryString, request } from './http';

export type { Actors, ActorsQuery, HelperProfile, HelperProfileInput };

export const actorsApi = {
  list: (query: ActorsQuery) => request<Actors>('GET', `/actors${queryString(query)}`),
  csvUrl: (query: ActorsQuery) => downloadUrl(`/actors.csv${queryString(query)}`),
  myProfile: () => request<HelperProfile | null>('GET', '/me/helper-profile'),
  saveProfile: (body: HelperProfileInput) => request<HelperProfile>('PUT', '/me/helper-profile', body),
};
