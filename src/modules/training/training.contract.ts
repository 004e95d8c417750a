import { z } from 'zod';

/** Training paths for aidants, declared once: paths, modules, sessions, enrolments, attestations. */

const Link = z.object({
  label: z.string().trim().min(1).max(200),
  url: z.url({ protocol: /^https?$/, error: 'une adresse web commençant par http:// ou https://' }),
});

export const PathInput = z.object({
  title: z.string().trim().min(1, 'donnez un titre au parcours').max(200),
  summary: z.string().trim().max(2000).default(''),
  published: z.boolean().default(false),
});
export type PathInput = z.input<typeof PathInput>;

export const ModuleInput = z.object({
  title: z.string().trim().min(1, 'donnez un titre au module').max(200),
  body: z.string().max(20000).default(''),
  links: z.array(Link).max(20).default([]),
});
export type ModuleInput = z.input<typeof ModuleInput>;

/** A file joined to a module, sent as base64 (5 Mio at most). */
export const FileInput = z.object({
  name: z.string().trim().min(1).max(200),
  contentType: z.string().max(100).default('application/octet-stream'),
  contentBase64: z.string().min(1).max(7_000_000, 'un fichier de 5 Mio au plus'),
});

export const SessionInput = z.object({
  startsAt: z.iso.datetime({ offset: true, error: 'une date et une heure (AAAA-MM-JJTHH:MM)' }),
  place: z.string().trim().min(1, 'indiquez le lieu').max(300),
  capacity: z.number().int().min(1, 'au moins une place').max(500),
});
export type SessionInput = z.infer<typeof SessionInput>;

export const TrainingSession = z.object({
  id: z.uuid(),
  startsAt: z.string(),
  place: z.string(),
  capacity: z.number().int(),
  enrolled: z.number().int(),
  waiting: z.number().int(),
  /** The reader's own place in it: enrolled, waiting (with rank), or nothing. */
  mine: z.object({ status: z.enum(['enrolled', 'waiting']), rank: z.number().int().nullable() }).nullable(),
});
export type TrainingSession = z.infer<typeof TrainingSession>;

export const TrainingPath = z.object({
  id: z.uuid(),
  title: z.string(),
  summary: z.string(),
  published: z.boolean(),
  organisationName: z.string(),
  /** May the reader edit it (the hub that publishes it)? */
  editable: z.boolean(),
  modules: z.array(
    z.object({
      id: z.uuid(),
      title: z.string(),
      body: z.string(),
      links: z.array(Link),
      files: z.array(z.object({ id: z.uuid(), name: z.string() })),
    }),
  ),
  sessions: z.array(TrainingSession),
});
export type TrainingPath = z.infer<typeof TrainingPath>;

export const Enrolment = z.object({
  status: z.enum(['enrolled', 'waiting']),
  /** Position on the waiting list (1 = next), null when enrolled. */
  rank: z.number().int().nullable(),
});
export type Enrolment = z.infer<typeof Enrolment>;

/** The trainer's list of a session: who comes, who waits, who attended. */
export const Attendee = z.object({
  userId: z.uuid(),
  name: z.string(),
  organisationName: z.string(),
  status: z.enum(['enrolled', 'waiting']),
  attended: z.boolean().nullable(),
});
export type Attendee = z.infer<typeof Attendee>;

export const AttendanceInput = z.object({ userId: z.uuid(), attended: z.boolean() });

export const Attestation = z.object({
  code: z.string(),
  pathTitle: z.string(),
  holderName: z.string(),
  organisationName: z.string(),
  issuedOn: z.string(),
});
export type Attestation = z.infer<typeof Attestation>;

/** Who is trained, by organisation and the commune of its places. */
export const TrainedRow = z.object({
  organisationName: z.string(),
  commune: z.string().nullable(),
  pathTitle: z.string(),
  people: z.number().int(),
});
export type TrainedRow = z.infer<typeof TrainedRow>;

export const PathParams = z.object({ pathId: z.uuid() });
export const ModuleParams = z.object({ moduleId: z.uuid() });
export const SessionParams = z.object({ sessionId: z.uuid() });
export const FileParams = z.object({ fileId: z.uuid() });
export const AttestationParams = z.object({ code: z.string().regex(/^[A-Z0-9]{20}$/, 'un code de 20 caractères') });
