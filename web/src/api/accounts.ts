import type { z } from 'zod';
import type {
  AuthConfig,
  InvitationInput,
  LoginResult,
  Me,
  Organisation,
} from '../../../src/modules/accounts/accounts.contract';
import { request } from './http';

export type { Me, Organisation };

export const accountsApi = {
  me: () => request<Me>('GET', '/me'),
  login: (email: string, password: string) =>
    request<z.infer<typeof LoginResult>>('POST', '/auth/login', { email, password }),
  logout: () => request<void>('POST', '/auth/logout'),
  authConfig: () => request<AuthConfig>('GET', '/auth/config'),
  acceptInvitation: (body: z.input<typeof InvitationInput>) => request<void>('POST', '/auth/invitation', body),
  organisations: () => request<Organisation[]>('GET', '/organisations'),
};
