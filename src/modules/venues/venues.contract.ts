import { z } from 'zod';
import { THEMES } from '../../identity.rules.js';
import { QUALIFICATION_STATUSES } from './qualification.rules.js';
import { VOCABULARY } from './vocabulary.js';

export const oneOf = <T extends string>(values: readonly T[]) => z.enum(values as [T, ...T[]]);
export const communeCode = z.string().regex(/^(\d{5}|2A\d{3}|2B\d{3})$/, 'code INSEE de commune sur 5 caractères');
const optionalText = (max: number) => z.string().trim().max(max).optional();

/** A place as a venue describes it, in the national standard's vocabularies. */
export const VenuePlace = z.object({
  name: z.string().trim().min(1).max(200),
  address: z.string().trim().min(1).max(300),
  addressComplement: optionalText(300),
  postcode: z.string().regex(/^\d{5}$/, 'code postal sur 5 chiffres'),
  communeInsee: communeCode,
  latitude: z.number().min(-90).max(90),
  longitude: z.number().min(-180).max(180),
  phone: optionalText(30),
  email: z.email().max(200).optional(),
  website: z.url().max(300).optional(),
  openingHours: optionalText(500),
  summary: optionalText(280),
  description: optionalText(3000),
  services: z.array(oneOf(VOCABULARY.services)).min(1, 'au moins un service'),
  publics: z.array(oneOf(VOCABULARY.publics)).default([]),
  specificSupport: z.array(oneOf(VOCABULARY.specificSupport)).default([]),
  accessModes: z.array(oneOf(VOCABULARY.accessModes)).default([]),
  supportModes: z.array(oneOf(VOCABULARY.supportModes)).default([]),
  itinerant: z.boolean().default(false),
  weeklyCapacity: z.number().int().min(1).max(10000).optional(),
});
export type VenuePlace = z.infer<typeof VenuePlace>;

export const BankDetailsInput = z.object({
  holder: z.string().trim().min(1).max(140),
  iban: z.string().trim().min(15).max(42),
  bic: z.string().trim().min(1).max(14),
});

/** What the public application form sends: no account needed. */
export const VenueApplication = z.object({
  organisation: z.object({ name: z.string().trim().min(1).max(200), siret: z.string().trim() }),
  contact: z.object({ displayName: z.string().trim().min(1).max(120), email: z.email().max(200) }),
  place: VenuePlace,
  bank: BankDetailsInput,
  programmeIds: z.array(z.uuid()).min(1, 'au moins un programme').max(10),
  charterAccepted: z.literal(true, { error: 'la charte du programme doit être acceptée' }),
});
export type VenueApplication = z.infer<typeof VenueApplication>;

export const QualificationStatus = z.enum(QUALIFICATION_STATUSES);
export const QualificationOutcome = z.object({
  programmeId: z.uuid(),
  organisationId: z.uuid(),
  status: QualificationStatus,
  reason: z.string().nullable(),
  renewalDate: z.string().nullable(),
});
export const RejectedRow = z.object({
  line: z.number().int(),
  id: z.string().nullable(),
  name: z.string().nullable(),
  reason: z.string(),
});
export type RejectedRow = z.infer<typeof RejectedRow>;
export const ImportReport = z.object({
  importId: z.uuid(),
  dryRun: z.boolean(),
  rowsRead: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  outOfTerritory: z.number().int(),
  rejected: z.array(RejectedRow),
});
export type ImportReport = z.infer<typeof ImportReport>;
export const QualificationDecisionInput = z.object({
  status: z.enum(['qualified', 'changes_requested', 'refused', 'suspended', 'withdrawn']),
  reason: z.string().trim().max(1000).optional(),
  renewalDate: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
});

export const Qualification = z.object({
  programmeId: z.uuid(),
  programmeName: z.string(),
  status: QualificationStatus,
  reason: z.string().nullable(),
  decidedAt: z.string(),
  renewalDate: z.string().nullable(),
});

/** A place as stored, for its owner and the operator. */
export const Venue = VenuePlace.extend({
  id: z.uuid(),
  organisationId: z.uuid().nullable(),
  siret: z.string().nullable(),
  communeName: z.string(),
  source: z.string(),
  phone: z.string().optional(),
  updatedAt: z.string(),
});
export type Venue = z.infer<typeof Venue>;

export const WorkshopInput = z.object({
  title: z.string().trim().min(1).max(200),
  service: oneOf(VOCABULARY.services),
  level: z.enum(['initiation', 'perfectionnement']),
  format: z.enum(['individual', 'collective', 'remote']),
  durationMinutes: z.number().int().min(15).max(600),
  pricePasses: z.number().int().min(1).max(10),
  description: optionalText(2000),
});
export type WorkshopInput = z.infer<typeof WorkshopInput>;

export const WorkshopSession = z.object({
  id: z.uuid(),
  startsAt: z.string(),
  capacity: z.number().int(),
  /** People whose passes were validated for this session (one validation each). */
  attendance: z.number().int(),
});
export const Workshop = WorkshopInput.extend({
  id: z.uuid(),
  venueId: z.uuid(),
  sessions: z.array(WorkshopSession),
});
export type Workshop = z.infer<typeof Workshop>;

export const SessionInput = z.object({
  startsAt: z.iso.datetime({ offset: true }),
  capacity: z.number().int().min(1).max(500),
});

/** One row of the public directory. */
export const DirectoryEntry = z.object({
  id: z.uuid(),
  name: z.string(),
  address: z.string(),
  postcode: z.string(),
  communeName: z.string(),
  latitude: z.number(),
  longitude: z.number(),
  distanceKm: z.number().nullable(),
  services: z.array(z.string()),
  itinerant: z.boolean(),
  /** The programmes whose passes the place takes (empty: it does not take any). */
  programmes: z.array(z.object({ id: z.uuid(), name: z.string() })),
  distributes: z.boolean(),
  /** Day of the last change of the place's data. */
  updatedOn: z.string(),
  /** Data older than a year: to be checked with the place. */
  stale: z.boolean(),
});
export type DirectoryEntry = z.infer<typeof DirectoryEntry>;

export const DirectoryPage = z.object({
  items: z.array(DirectoryEntry),
  page: z.number().int(),
  pageSize: z.number().int(),
  hasMore: z.boolean(),
});

export const PublicVenue = DirectoryEntry.extend({
  addressComplement: z.string().nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  website: z.string().nullable(),
  summary: z.string().nullable(),
  description: z.string().nullable(),
  publics: z.array(z.string()),
  specificSupport: z.array(z.string()),
  accessModes: z.array(z.string()),
  supportModes: z.array(z.string()),
  openingHours: z.string().nullable(),
  hoursInFrench: z.array(z.string()),
  openNow: z.boolean().nullable(),
  workshops: z.array(Workshop),
});
export type PublicVenue = z.infer<typeof PublicVenue>;
export type DirectoryPage = z.infer<typeof DirectoryPage>;
export type QualificationOutcome = z.infer<typeof QualificationOutcome>;
export type QualificationDecisionInput = z.infer<typeof QualificationDecisionInput>;
export type Qualification = z.infer<typeof Qualification>;
export type SessionInput = z.infer<typeof SessionInput>;

const vocabularyOf = <T extends string>(values: readonly T[]) => oneOf(values).optional();
export const DirectoryQuery = z.object({
  near: z.string().optional().describe('latitude,longitude'),
  radiusKm: z.coerce.number().min(0.1).max(200).default(30),
  service: vocabularyOf(VOCABULARY.services),
  public: vocabularyOf(VOCABULARY.publics),
  support: vocabularyOf(VOCABULARY.specificSupport),
  programmeId: z.uuid().optional(),
  commune: communeCode.optional(),
  postcode: z
    .string()
    .regex(/^\d{5}$/)
    .optional(),
  /** venue: places taking the Pass numérique; distributor: where to get one; all: every place known. */
  kind: z.enum(['venue', 'distributor', 'all']).default('venue'),
  page: z.coerce.number().int().min(1).max(1000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type DirectoryQuery = z.input<typeof DirectoryQuery>;

export const PublicSettings = z.object({
  tileUrl: z.string(),
  tileAttribution: z.string(),
  brand: z.object({ theme: z.enum(THEMES), name: z.string(), tagline: z.string(), color: z.string() }),
});
export type PublicSettings = z.infer<typeof PublicSettings>;

/** The vocabularies of the national standard, as the API serves them. */
export const Vocabulary = z.object({
  services: z.array(z.string()),
  publics: z.array(z.string()),
  specificSupport: z.array(z.string()),
  accessModes: z.array(z.string()),
  supportModes: z.array(z.string()),
  nationalProgrammes: z.array(z.string()),
  typologies: z.array(z.string()),
});
export type Vocabulary = z.infer<typeof Vocabulary>;

export const PublicProgramme = z.object({ id: z.uuid(), code: z.string(), name: z.string() });
export type PublicProgramme = z.infer<typeof PublicProgramme>;

export const CommuneQuery = z.object({ q: z.string().max(60) });
export const Areas = z.object({
  regions: z.array(z.object({ code: z.string(), name: z.string() })),
  departements: z.array(z.object({ code: z.string(), name: z.string(), region: z.string() })),
});
export type Areas = z.infer<typeof Areas>;
export const CommuneOption = z.object({
  code: z.string(),
  name: z.string(),
  departement: z.string(),
  postcodes: z.array(z.string()),
});
export type CommuneOption = z.infer<typeof CommuneOption>;

export const ApplicationCreated = z.object({ organisationId: z.uuid(), venueId: z.uuid() });

export const ApplyToProgrammeInput = z.object({
  programmeId: z.uuid(),
  charterAccepted: z.literal(true, { error: 'la charte du programme doit être acceptée' }),
});
export const ApplicationPending = z.object({ programmeId: z.uuid(), status: z.literal('pending') });

export const ImportInput = z.object({
  format: z.enum(['standard', 'france-services']),
  fileName: z.string().max(200).optional(),
  content: z.string().min(1),
  dryRun: z.boolean().default(true),
});

const BankView = z.object({
  iban: z.string(),
  bic: z.string(),
  holder: z.string(),
  status: z.enum(['pending', 'confirmed']),
});

/** A venue as its programme's operators see it: its qualification, bank details (masked), places. */
export const ProgrammeVenue = z.object({
  organisationId: z.uuid(),
  organisationName: z.string(),
  siret: z.string(),
  status: QualificationStatus,
  /** The decisions open from this state (the server's rules). */
  decisions: z.array(QualificationStatus),
  reason: z.string().nullable(),
  decidedAt: z.string().nullable(),
  renewalDate: z.string().nullable(),
  appliedAt: z.string().nullable(),
  charterAccepted: z.boolean(),
  /** The account payments go to now (masked). */
  bank: BankView.nullable(),
  /** New details given by the venue, held until an operator confirms them (masked). */
  pendingBank: BankView.nullable(),
  places: z.array(Venue),
});
export type ProgrammeVenue = z.infer<typeof ProgrammeVenue>;

/** The caller's organisation as a venue: its places, qualifications and the programmes it may join. */
export const MyVenue = z.object({
  places: z.array(Venue),
  qualifications: z.array(Qualification),
  openProgrammes: z.array(z.object({ id: z.uuid(), name: z.string() })),
});
export type MyVenue = z.infer<typeof MyVenue>;
