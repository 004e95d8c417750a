import { z } from 'zod';
import { ORGANISATION_SECTORS } from '../accounts/accounts.contract.js';
import { PROGRAMME_ROLES } from '../accounts/actor.js';
import { communeCode, oneOf } from '../venues/venues.contract.js';
import { VOCABULARY } from '../venues/vocabulary.js';

/** The actors' directory, declared once: organisations and the people who help, for signed-in actors. */

export const HELPER_ROLES = ['aidant', 'conseiller_numerique', 'mediateur'] as const;
export const HELPER_ROLE_LABELS: Record<(typeof HELPER_ROLES)[number], string> = {
  aidant: 'Aidant(e) numérique',
  conseiller_numerique: 'Conseiller(ère) numérique',
  mediateur: 'Médiateur(rice) numérique',
};

export const HelperProfileInput = z.object({
  role: z.enum(HELPER_ROLES),
  activities: z.array(oneOf(VOCABULARY.services)).max(20).default([]),
  publics: z.array(oneOf(VOCABULARY.publics)).max(20).default([]),
  communes: z.array(communeCode).max(50).default([]),
  phone: z
    .string()
    .trim()
    .regex(/^\+?[0-9 .]{6,20}$/, 'un numéro de téléphone')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  listed: z.boolean().default(true),
});
export type HelperProfileInput = z.input<typeof HelperProfileInput>;

export const HelperProfile = z.object({
  role: z.enum(HELPER_ROLES),
  activities: z.array(z.string()),
  publics: z.array(z.string()),
  communes: z.array(z.object({ code: z.string(), name: z.string() })),
  phone: z.string().nullable(),
  listed: z.boolean(),
  updatedAt: z.string(),
});
export type HelperProfile = z.infer<typeof HelperProfile>;

export const ActorPlace = z.object({
  name: z.string(),
  communeName: z.string(),
  latitude: z.number(),
  longitude: z.number(),
});

export const ActorOrganisation = z.object({
  id: z.uuid(),
  name: z.string(),
  kinds: z.array(z.enum(PROGRAMME_ROLES)),
  /** What it is: a network, a social service, a collectivité… */
  sectors: z.array(z.enum(ORGANISATION_SECTORS)),
  /** Roles it plays, programme by programme. */
  programmes: z.array(z.object({ name: z.string(), role: z.enum(PROGRAMME_ROLES) })),
  /** What its places offer, and for whom. */
  services: z.array(z.string()),
  publics: z.array(z.string()),
  places: z.array(ActorPlace),
});
export type ActorOrganisation = z.infer<typeof ActorOrganisation>;

export const ActorPerson = z.object({
  name: z.string(),
  role: z.enum(HELPER_ROLES),
  organisationName: z.string(),
  activities: z.array(z.string()),
  publics: z.array(z.string()),
  communes: z.array(z.string()),
  email: z.string(),
  phone: z.string().nullable(),
});
export type ActorPerson = z.infer<typeof ActorPerson>;

export const ActorsQuery = z.object({
  q: z.string().trim().max(100).default(''),
  kind: z.enum([...PROGRAMME_ROLES, ...HELPER_ROLES]).optional(),
  sector: z.enum(ORGANISATION_SECTORS).optional(),
});
export type ActorsQuery = z.input<typeof ActorsQuery>;

export const Actors = z.object({ organisations: z.array(ActorOrganisation), people: z.array(ActorPerson) });
export type Actors = z.infer<typeof Actors>;
