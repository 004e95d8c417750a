import { z } from 'zod';

export const PUBLIC_CATEGORIES = [
  'demandeur_emploi',
  'rsa',
  'pic',
  'primo_arrivant',
  'etudiant',
  'salarie',
  'retraite',
  'autre',
] as const;
export const PublicCategory = z.enum(PUBLIC_CATEGORIES);
export type PublicCategory = z.infer<typeof PublicCategory>;

const regionCode = z.string().regex(/^\d{2}$/, 'code INSEE de région sur 2 chiffres');
const departementCode = z.string().regex(/^(\d{2}|2A|2B|97\d)$/, 'code INSEE de département');
const communeCode = z.string().regex(/^(\d{5}|2A\d{3}|2B\d{3})$/, 'code INSEE de commune sur 5 caractères');
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'date au format AAAA-MM-JJ');
const cents = z.number().int().nonnegative();

export const Territory = z.object({
  regions: z.array(regionCode).default([]),
  departements: z.array(departementCode).default([]),
  communes: z.array(communeCode).default([]),
});
export type Territory = z.infer<typeof Territory>;

/** One alternative of the eligibility criteria: a person matching any rule is eligible. */
export const EligibilityRule = z.object({
  ageMin: z.number().int().min(0).max(120).optional(),
  ageMax: z.number().int().min(0).max(120).optional(),
  categories: z.array(PublicCategory).optional(),
});
export type EligibilityRule = z.infer<typeof EligibilityRule>;

export const FunderShare = z.object({
  organisationId: z.uuid(),
  /** Basis points: 10,000 = 100 %. */
  shareBp: z.number().int().min(1).max(10000),
  /** What the share applies to: every pass committed, or only passes used (the State since 2020). */
  basis: z.enum(['issued', 'used']).default('issued'),
});

const positiveInt = z.number().int().positive();

/** The fields as stored; creation fills defaults, a patch leaves absent fields untouched. */
export const ProgrammeFields = z.object({
  code: z.string().regex(/^[A-Z0-9]{2,10}$/, '2 à 10 majuscules ou chiffres (préfixe des numéros de carnet)'),
  name: z.string().trim().min(3).max(200),
  territory: Territory,
  funders: z.array(FunderShare).min(1),
  envelopeCents: cents.positive(),
  engineeringCents: cents,
  faceValueCents: positiveInt,
  passesPerCarnet: z.number().int().min(1).max(50),
  validityMonths: positiveInt.nullable(),
  startDate: isoDate,
  endDate: isoDate.nullable(),
  eligibility: z.array(EligibilityRule).min(1),
  maxCarnetsPerPerson: positiveInt,
  prescriptionMode: z.enum(['open', 'restricted']),
  /** Months a beneficiary's personal data is kept after the hand-out, then erased (RGPD). */
  personalDataRetentionMonths: z.number().int().min(1).max(120),
  /** A venue is qualified only once one of its people completed a training path for aidants. */
  requiresTrainedAidant: z.boolean(),
});

export const ProgrammeCreate = ProgrammeFields.extend({
  faceValueCents: positiveInt.default(1000),
  passesPerCarnet: ProgrammeFields.shape.passesPerCarnet.default(5),
  validityMonths: positiveInt.nullable().default(null),
  endDate: isoDate.nullable().default(null),
  maxCarnetsPerPerson: positiveInt.default(1),
  personalDataRetentionMonths: ProgrammeFields.shape.personalDataRetentionMonths.default(24),
  requiresTrainedAidant: z.boolean().default(false),
  operatorOrganisationId: z.uuid().optional(),
});
export type ProgrammeCreate = z.infer<typeof ProgrammeCreate>;

export const ProgrammePatch = ProgrammeFields.partial();
export type ProgrammePatch = z.infer<typeof ProgrammePatch>;

export const Programme = ProgrammeFields.extend({
  id: z.uuid(),
  operatorOrganisationId: z.uuid(),
  operatorName: z.string(),
  funders: z.array(FunderShare.extend({ name: z.string() })),
  updatedAt: z.string(),
});
export type Programme = z.infer<typeof Programme>;
export type ProgrammeData = z.infer<typeof ProgrammeFields>;
