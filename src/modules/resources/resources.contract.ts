import { z } from 'zod';

/** Shared resources, declared once: documents and tools with tags, searched in French. */

const tag = z
  .string()
  .trim()
  .toLowerCase()
  .min(1)
  .max(40)
  .regex(/^[\p{L}\p{N} '-]+$/u, 'un mot-clé fait de lettres, chiffres, espaces ou tirets');

export const ResourceInput = z
  .object({
    title: z.string().trim().min(1, 'donnez un titre').max(200),
    description: z.string().trim().max(5000).default(''),
    url: z.url({ protocol: /^https?$/, error: 'une adresse web commençant par http:// ou https://' }).optional(),
    file: z
      .object({
        name: z.string().trim().min(1).max(200),
        contentType: z.string().max(100).default('application/octet-stream'),
        contentBase64: z.string().min(1).max(7_000_000, 'un fichier de 5 Mio au plus'),
      })
      .optional(),
    tags: z.array(tag).max(10).default([]),
  })
  .refine((r) => r.url || r.file, { message: 'joignez un fichier ou donnez un lien', path: ['url'] });
export type ResourceInput = z.input<typeof ResourceInput>;

export const Resource = z.object({
  id: z.uuid(),
  title: z.string(),
  description: z.string(),
  url: z.string().nullable(),
  fileName: z.string().nullable(),
  tags: z.array(z.string()),
  organisationName: z.string(),
  createdOn: z.string(),
  /** May the reader remove it (its organisation shared it)? */
  mine: z.boolean(),
});
export type Resource = z.infer<typeof Resource>;

export const ResourceQuery = z.object({
  q: z.string().trim().max(200).default(''),
  tag: z.string().trim().toLowerCase().max(40).optional(),
});
export type ResourceQuery = z.input<typeof ResourceQuery>;

export const ResourceList = z.object({
  items: z.array(Resource),
  /** Every tag in use, with how many resources carry it: the filter's choices. */
  tags: z.array(z.object({ tag: z.string(), count: z.number().int() })),
});
export type ResourceList = z.infer<typeof ResourceList>;

export const ResourceParams = z.object({ resourceId: z.uuid() });
