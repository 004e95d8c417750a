import { z } from 'zod';

/**
 * The error body every refusal uses, referenced by the routes' response schemas. Apart from the
 * catalogue (errors.ts) so that the web, which reads the catalogue, does not bundle zod.
 */
export const ErrorResponse = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});
export type ErrorBody = z.infer<typeof ErrorResponse>;
