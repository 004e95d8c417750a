import type { z } from 'zod';
import type {
  AuthConfig,
  InvitationInput,
  LoginResult,
  Me,
  Organisation,
  OrganisationInput,
  OrganisationPatch,
  OrganisationPerson,
  ProgrammeActor,
  RoleGrant,
  UserInput,
  UserView,
} from '../../../src/modules/accounts/accounts.contract';
import { request } from './http';

export type { Me, Organisation, OrganisationPerson, ProgrammeActor };

export const accountsApi = {
  me: () => request<Me>('GET', '/me'),
  login: (email: string, password: string) =>
    request<z.infer<typeof LoginResult>>('POST', '/auth/login', { email, password }),
  logout: () => request<void>('POST', '/auth/logout'),
  authConfig: () => request<AuthConfig>('GET', '/auth/config'),
  acceptInvitation: (body: z.input<typeof InvitationInput>) => request<void>('POST', '/auth/invitation', body),
  organisations: () => request<Organisation[]>('GET', '/organisations'),
  createOrganisation: (body: OrganisationInput) => request<Organisation>('POST', '/organisations', body),
  updateOrganisation: (id: string, body: OrganisationPatch) =>
    request<Organisation>('PATCH', `/organisations/${id}`, body),
  people: (organisationId: string) => request<OrganisationPerson[]>('GET', `/organisations/${organisationId}/users`),
  invite: (organisationId: string, body: UserInput) =>
    request<UserView>('POST', `/organisations/${organisationId}/users`, body),
  setDisabled: (userId: string, disabled: boolean) =>
    request<void>(disabled ? 'POST' : 'DELETE', `/users/${userId}/deactivation`),
  programmeActors: (programmeId: string) => request<ProgrammeActor[]>('GET', `/programmes/${programmeId}/roles`),
  grantRole: (programmeId: string, body: RoleGrant) => request<void>('POST', `/programmes/${programmeId}/roles`, body),
  revokeRole: (programmeId: string, body: RoleGrant) =>
    request<void>('DELETE', `/programmes/${programmeId}/roles`, body),
};
