import { z } from 'zod';

import { ErrorResponse } from '../errors.contract.js';

export { ErrorResponse };

export const errorResponses = (...statuses: number[]) =>
  Object.fromEntries(statuses.map((s) => [s, ErrorResponse])) as Record<number, typeof ErrorResponse>;

export const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'date au format AAAA-MM-JJ');

/** Path parameters shared by many operations. */
export const ProgrammeParams = z.object({ programmeId: z.uuid() });

/**
 * A file download's documented answer: its media type and a binary body. The serializer never
 * runs on it (the handler sends a stream, a buffer or a string with its own type).
 */
export const fileDownload = (mediaType: string, description: string) => ({
  produces: [mediaType],
  response: { 200: z.unknown().meta({ type: 'string', format: 'binary', description }) },
});

const idempotencyKey = z
  .string()
  .min(8)
  .max(100)
  .describe(
    "Clé choisie par le client (8 à 100 caractères), la même à chaque nouvel essai d'une même requête : l'action n'est faite qu'une fois et chaque essai reçoit la première réponse.",
  );
/** The Idempotency-Key header, documented once; a bad one is refused with its own stable code. */
export const IdempotencyHeaders = {
  required: z.object({ 'idempotency-key': idempotencyKey }),
  optional: z.object({ 'idempotency-key': idempotencyKey.optional() }),
};
