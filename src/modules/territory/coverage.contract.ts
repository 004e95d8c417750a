import { z } from 'zod';

/** The coverage diagnostic, declared once: how far each commune of a territory is from the offer. */

export const CoverageCommune = z.object({
  code: z.string(),
  name: z.string(),
  departement: z.string(),
  latitude: z.number(),
  longitude: z.number(),
  population: z.number().int(),
  /** Unemployed people aged 15 to 64 (INSEE 2021). */
  unemployed: z.number().int(),
  /** From the commune's centre to the nearest qualified venue of the programme; null when there is none. */
  venueKm: z.number().nullable(),
  /** …and to the nearest place of one of its distributors. */
  distributorKm: z.number().nullable(),
  distributed: z.number().int(),
  used: z.number().int(),
  distributedPerThousand: z.number().nullable(),
  usedPerThousand: z.number().nullable(),
});
export type CoverageCommune = z.infer<typeof CoverageCommune>;

export const CoverageBand = z.object({
  km: z.number().int(),
  communes: z.number().int(),
  population: z.number().int(),
  unemployed: z.number().int(),
  /** Share of the territory's population within this distance of a qualified venue. */
  share: z.number().nullable(),
});

export const Coverage = z.object({
  population: z.number().int(),
  unemployed: z.number().int(),
  venues: z.number().int(),
  distributors: z.number().int(),
  /** Population (and unemployed) living within 10, 20 and 30 km of a qualified venue. */
  bands: z.array(CoverageBand),
  /** Every commune of the territory, farthest from a venue first, weighted by population. */
  communes: z.array(CoverageCommune),
});
export type Coverage = z.infer<typeof Coverage>;
