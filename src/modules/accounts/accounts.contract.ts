import { z } from 'zod';
import { PROGRAMME_ROLES } from './actor.js';

/** The accounts API, declared once: sign-in, the caller, tokens, organisations, users, roles. */

export const LoginInput = z.object({ email: z.string().trim().min(3).max(254), password: z.string().min(1).max(200) });

/** The signed-in user as the API shows it (the actor without how it authenticated). */
export const Me = z.object({
  userId: z.uuid(),
  email: z.string(),
  displayName: z.string(),
  organisationId: z.uuid(),
  organisationName: z.string(),
  isAdmin: z.boolean(),
  roles: z.array(z.object({ programmeId: z.uuid(), role: z.enum(PROGRAMME_ROLES) })),
});
export type Me = z.infer<typeof Me>;
export const LoginResult = z.object({ user: Me });

export const AuthConfig = z.object({ password: z.literal(true), oidc: z.boolean() });
export type AuthConfig = z.infer<typeof AuthConfig>;
/** The provider's answer: code and state, or an error; any other parameter is ignored. */
export const OidcCallbackQuery = z.object({
  code: z.string().max(2000).optional(),
  state: z.string().max(500).optional(),
  iss: z.string().max(500).optional(),
  error: z.string().max(200).optional(),
  error_description: z.string().max(2000).optional(),
});
export type OidcCallbackQuery = z.infer<typeof OidcCallbackQuery>;
export const Redirect = z.null().describe('Redirection (en-tête Location)');

export const ApiToken = z.object({
  id: z.uuid(),
  name: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export type ApiToken = z.infer<typeof ApiToken>;
export const ApiTokenInput = z.object({ name: z.string().trim().min(1).max(100) });
/** A new token: its secret is shown this once. */
export const CreatedApiToken = ApiToken.extend({ token: z.string() });
export type CreatedApiToken = z.infer<typeof CreatedApiToken>;

/** What an organisation is, for the actors' directory (beside the roles it plays). */
export const ORGANISATION_SECTORS = [
  'collectivite',
  'etat',
  'association',
  'reseau',
  'service_social',
  'emploi',
  'education',
  'entreprise',
] as const;
export const SECTOR_LABELS: Record<(typeof ORGANISATION_SECTORS)[number], string> = {
  collectivite: 'Collectivité',
  etat: "Service de l'État",
  association: 'Association',
  reseau: 'Réseau',
  service_social: 'Service social',
  emploi: "Service de l'emploi",
  education: 'Éducation, formation',
  entreprise: 'Entreprise',
};

export const Organisation = z.object({
  id: z.uuid(),
  name: z.string(),
  siret: z.string(),
  kinds: z.array(z.enum(PROGRAMME_ROLES)),
  sectors: z.array(z.enum(ORGANISATION_SECTORS)),
  /** Its active accounts. */
  people: z.number().int(),
});
export type Organisation = z.infer<typeof Organisation>;
export const OrganisationInput = z.object({
  name: z.string().trim().min(1).max(200),
  siret: z.string().min(14).max(20),
  kinds: z.array(z.enum(PROGRAMME_ROLES)).min(1),
  sectors: z.array(z.enum(ORGANISATION_SECTORS)).default([]),
});
export type OrganisationInput = z.infer<typeof OrganisationInput>;

export const OrganisationPatch = OrganisationInput.partial();
export type OrganisationPatch = z.infer<typeof OrganisationPatch>;
export const OrganisationParams = z.object({ organisationId: z.uuid() });

/** A person of an organisation, as the people who manage it see them. */
export const OrganisationPerson = z.object({
  id: z.uuid(),
  email: z.string(),
  displayName: z.string(),
  /** invited: has not chosen a password (nor signed in with ProConnect) yet. */
  status: z.enum(['invited', 'active', 'disabled']),
  roles: z.array(z.object({ programmeId: z.uuid(), programmeName: z.string(), role: z.enum(PROGRAMME_ROLES) })),
});
export type OrganisationPerson = z.infer<typeof OrganisationPerson>;

/** Who holds which role in a programme. */
export const ProgrammeActor = z.object({
  userId: z.uuid(),
  email: z.string(),
  displayName: z.string(),
  organisationId: z.uuid(),
  organisationName: z.string(),
  role: z.enum(PROGRAMME_ROLES),
  disabled: z.boolean(),
});
export type ProgrammeActor = z.infer<typeof ProgrammeActor>;
export const UserParams = z.object({ userId: z.uuid() });

export const UserInput = z.object({
  email: z.email(),
  displayName: z.string().trim().min(1).max(200),
  /** Without one, the person is invited by e-mail to choose it. */
  password: z.string().min(12).max(200).optional(),
});
export type UserInput = z.infer<typeof UserInput>;
export const UserView = z.object({
  id: z.uuid(),
  organisationId: z.uuid(),
  email: z.string(),
  displayName: z.string(),
});
export type UserView = z.infer<typeof UserView>;

export const RoleGrant = z.object({ userId: z.uuid(), role: z.enum(PROGRAMME_ROLES) });
export type RoleGrant = z.infer<typeof RoleGrant>;

/** A password chosen through an invitation link (the token comes from the link's fragment). */
export const InvitationInput = z.object({ token: z.string().min(10).max(200), password: z.string().min(12).max(200) });
