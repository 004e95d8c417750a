import { z } from 'zod';
import { PublicCategory } from '../programmes/programmes.contract.js';
import { PASS_STATES } from './pass.rules.js';

/**
 * The vouchers API, declared once: orders and stock, hand-out and orientation, redemption and
 * the public look-up of a pass. Routes validate and document with these schemas, services
 * return their types, the web imports the types.
 */

export const SERIAL = /^[A-Z0-9]{2,10}-\d{6}$/;
const serial = z.string().regex(SERIAL, 'numéro de carnet (par exemple BFC-000123)');
const jobStatus = z.enum(['queued', 'running', 'done', 'failed']);

export const OrderInput = z.object({ carnets: z.number().int().min(1).max(100_000) });
export const OrderCreated = z.object({ orderId: z.uuid() });
export const OrderSummary = z.object({
  orderId: z.uuid(),
  carnets: z.number(),
  valueCents: z.number(),
  status: jobStatus,
  progress: z.number(),
  createdAt: z.string(),
});
export type OrderSummary = z.infer<typeof OrderSummary>;
export const OrderView = z.object({
  orderId: z.uuid(),
  programmeId: z.uuid(),
  carnets: z.number(),
  status: jobStatus,
  progress: z.number(),
  error: z.string().nullable(),
  carnetSerials: z.array(z.string()).optional(),
});
export type OrderView = z.infer<typeof OrderView>;

export const StockCarnetsQuery = z.object({ limit: z.coerce.number().int().min(1).max(1000).default(100) });
export const Distributor = z.object({ id: z.uuid(), name: z.string() });
export type Distributor = z.infer<typeof Distributor>;
export const StockLine = z.object({ organisationId: z.uuid().nullable(), name: z.string(), carnets: z.number() });
export type StockLine = z.infer<typeof StockLine>;

export const AllocationInput = z.union([
  z.object({ distributorId: z.uuid(), count: z.number().int().min(1).max(100_000) }),
  z.object({ distributorId: z.uuid(), fromSerial: serial, toSerial: serial }),
]);
export const CarnetAllocationInput = z.object({ distributorId: z.uuid() });
export const MovedCarnets = z.object({ serials: z.array(z.string()) });
export type MovedCarnets = z.infer<typeof MovedCarnets>;
export const CarnetParams = z.object({ serial: z.string().max(40) });

/**
 * The person a carnet is handed to, or who is oriented: the minimum the programme's rules and
 * the fingerprint need. Names serve the fingerprint only and are stored only with consent.
 */
export const Beneficiary = z.object({
  birthYear: z.number().int().min(1900).max(2100),
  birthMonth: z.number().int().min(1).max(12),
  /** Used for the fingerprint only, never stored. */
  birthDay: z.number().int().min(1).max(31).optional(),
  communeInsee: z.string().regex(/^(\d{5}|2[AB]\d{3})$/, 'code INSEE de commune sur 5 caractères'),
  publicCategory: PublicCategory,
  sex: z.enum(['F', 'M', 'X']).optional(),
  firstName: z.string().trim().min(1).max(100),
  lastName: z.string().trim().min(1).max(100),
  consentReminders: z.boolean().optional(),
  email: z.email().optional(),
  phone: z
    .string()
    .regex(/^\+?[0-9 .]{6,20}$/)
    .optional(),
});
export type Beneficiary = z.infer<typeof Beneficiary>;

/** Paper: the carnet is handed over. E-mail: its passes are sent as links and QR codes. */
export const Delivery = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('paper') }),
  z.object({ mode: z.literal('email'), email: z.email() }),
]);
export type Delivery = z.infer<typeof Delivery>;
export const DistributionInput = z.object({ beneficiary: Beneficiary, delivery: Delivery.default({ mode: 'paper' }) });
export const DistributionResult = z.object({
  serial: z.string(),
  beneficiaryId: z.uuid(),
  expiresOn: z.string().nullable(),
  passes: z.array(z.object({ serial: z.string(), expiresOn: z.string().nullable() })),
});
export type DistributionResult = z.infer<typeof DistributionResult>;

export const CancellationInput = z.object({
  reason: z.string().trim().min(3).max(500),
  passNumbers: z.array(z.number().int().min(1).max(50)).min(1).optional(),
});
export type CancellationInput = z.infer<typeof CancellationInput>;
export const Cancelled = z.object({ cancelled: z.array(z.string()) });
export const ReplacementInput = z.object({ replacementSerial: serial });
export const Replacement = z.object({ serial: z.string(), passes: z.array(z.string()) });
export type Replacement = z.infer<typeof Replacement>;

export const OrientationInput = z.object({
  beneficiary: Beneficiary,
  /** The person agrees that what is typed here goes to the prescriber: nothing is sent without it. */
  consent: z.literal(true, { error: "L'accord de la personne est nécessaire pour transmettre ses données." }),
});
export const ORIENTATION_STATUSES = ['pending', 'handed', 'closed', 'lapsed'] as const;
/** An orientation as the prescriber (to act on it) and the referrer (to follow it) see it. */
export const Orientation = z.object({
  id: z.uuid(),
  createdAt: z.string(),
  referrerName: z.string(),
  status: z.enum(ORIENTATION_STATUSES),
  /** What the referrer typed, while the orientation waits; erased at its outcome. */
  person: Beneficiary.nullable(),
  carnetSerial: z.string().nullable(),
  closedReason: z.string().nullable(),
  closedAt: z.string().nullable(),
});
export type Orientation = z.infer<typeof Orientation>;
export const OrientationQuery = z.object({ status: z.enum(ORIENTATION_STATUSES).optional() });
export const OrientationParams = z.object({ orientationId: z.uuid() });
export const OrientationClosure = z.object({ reason: z.string().trim().min(3).max(500) });
export const OrientationResult = z.object({ orientationId: z.uuid(), prescribers: z.array(Distributor) });
export type OrientationResult = z.infer<typeof OrientationResult>;

export const RedemptionInput = z.object({
  venueId: z.uuid(),
  serviceId: z.string().max(100).optional(),
  /** The workshop the passes pay for (its theme becomes the redemption's), and its dated session. */
  workshopId: z.uuid().optional(),
  sessionId: z.uuid().optional(),
  /** Why the number of passes differs from the workshop's price. */
  countReason: z.string().trim().max(300).optional(),
  codes: z.array(z.string().max(200)).min(1).max(50),
});
export type RedemptionInput = z.infer<typeof RedemptionInput>;
export const RedemptionResult = z.object({
  redemptionId: z.uuid(),
  passes: z.array(z.string()),
  amountCents: z.number(),
});
export type RedemptionResult = z.infer<typeof RedemptionResult>;
export const RedemptionParams = z.object({ redemptionId: z.uuid() });

/** A venue's validations of a day, each with whether it may still be undone. */
export const VenueRedemption = z.object({
  id: z.uuid(),
  createdAt: z.string(),
  programmeName: z.string(),
  passes: z.array(z.string()),
  amountCents: z.number().int(),
  workshopTitle: z.string().nullable(),
  service: z.string().nullable(),
  sessionStartsAt: z.string().nullable(),
  countReason: z.string().nullable(),
  undone: z.boolean(),
  undoable: z.boolean(),
});
export type VenueRedemption = z.infer<typeof VenueRedemption>;
export const VenueRedemptionQuery = z.object({
  day: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'date au format AAAA-MM-JJ')
    .optional(),
});

export const RedemptionLock = z.object({
  organisationId: z.uuid(),
  organisationName: z.string(),
  lockedUntil: z.string(),
});
export type RedemptionLock = z.infer<typeof RedemptionLock>;

export const PassCodeParams = z.object({ code: z.string().max(200) });
/** What a code says to anyone holding it. */
export const PassPublicView = z.object({
  programme: z.string(),
  /** Lets the page list the venues that accept the pass. */
  programmeId: z.uuid(),
  state: z.enum(PASS_STATES),
  faceValueCents: z.number(),
  expiresOn: z.string().nullable(),
  passesLeftInCarnet: z.number(),
  /** The pass was used: its holder may answer the questionnaire about the workshop. */
  evaluable: z.boolean(),
  /** An answer was given (it can be replaced). */
  evaluated: z.boolean(),
});
/** …and, to the venue that redeemed it, the serial and the redemption (to undo it). */
export const PassVenueView = PassPublicView.extend({
  serial: z.string(),
  redemptionId: z.uuid(),
  redeemedAt: z.string(),
});
export const PassView = z.union([PassVenueView, PassPublicView]);
export type PassView = z.infer<typeof PassView>;

/**
 * All Passnum holds about the person a carnet was handed to (RGPD access and portability):
 * shown to the programme's operators only, each reading in the audit log.
 */
export const PersonalData = z.object({
  beneficiaryId: z.uuid(),
  programme: z.string(),
  birthYear: z.number(),
  birthMonth: z.number().nullable(),
  communeInsee: z.string(),
  publicCategory: z.string(),
  sex: z.string().nullable(),
  consentReminders: z.boolean(),
  firstName: z.string().nullable(),
  lastName: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  firstSeenAt: z.string(),
  erasedAt: z.string().nullable(),
  carnets: z.array(
    z.object({
      serial: z.string(),
      distributedAt: z.string().nullable(),
      distributedBy: z.string().nullable(),
      passes: z.array(
        z.object({
          serial: z.string(),
          state: z.enum(PASS_STATES),
          redeemedAt: z.string().nullable(),
          venue: z.string().nullable(),
        }),
      ),
    }),
  ),
});
export type PersonalData = z.infer<typeof PersonalData>;
export const ErasureInput = z.object({ reason: z.string().trim().min(3).max(500) });
export const Erased = z.object({ beneficiaryId: z.uuid(), erasedAt: z.string() });
