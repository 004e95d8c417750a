import { createRequire } from 'node:module';
import type { Territory } from '../programmes/programmes.contract.js';

export interface Commune {
  code: string;
  name: string;
  departement: string;
  region: string;
  postcodes: string[];
}

interface RawCommune {
  code: string;
  nom: string;
  type: string;
  departement?: string;
  region?: string;
  codesPostaux?: string[];
}

let byCode: Map<string, Commune> | null = null;

/** The official list of communes (INSEE, via @etalab/decoupage-administratif), loaded once. */
export function communeByCode(code: string): Commune | undefined {
  return communes().get(code);
}

function communes(): Map<string, Commune> {
  if (!byCode) {
    const raw = createRequire(import.meta.url)('@etalab/decoupage-administratif/data/communes.json') as RawCommune[];
    byCode = new Map(
      raw
        // Paris, Lyon and Marseille's arrondissements have INSEE codes of their own, used in addresses.
        .filter(
          (c) => (c.type === 'commune-actuelle' || c.type === 'arrondissement-municipal') && c.departement && c.region,
        )
        .map((c) => [
          c.code,
          {
            code: c.code,
            name: c.nom,
            departement: c.departement as string,
            region: c.region as string,
            postcodes: c.codesPostaux ?? [],
          },
        ]),
    );
  }
  return byCode;
}

const comparable = (s: string) =>
  s
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

/** Communes whose name starts with the text, or whose postcode or INSEE code does; shortest names first. */
export function searchCommunes(text: string, limit = 10): Commune[] {
  const wanted = comparable(text);
  if (wanted.length < 2) return [];
  const found: Commune[] = [];
  for (const c of communes().values()) {
    if (
      /^\d/.test(wanted)
        ? c.code.startsWith(wanted) || c.postcodes.some((p) => p.startsWith(wanted))
        : comparable(c.name).startsWith(wanted)
    ) {
      found.push(c);
    }
  }
  return found.sort((a, b) => a.name.length - b.name.length || a.name.localeCompare(b.name, 'fr')).slice(0, limit);
}

/** Does the programme's territory (regions, départements or communes) hold the commune? */
export function inTerritory(t: Territory, c: Pick<Commune, 'code' | 'departement' | 'region'>): boolean {
  return t.communes.includes(c.code) || t.departements.includes(c.departement) || t.regions.includes(c.region);
}

let regionOfDepartement: Map<string, string> | null = null;

/**
 * Whether an INSEE code lies in the territory even when the commune is no longer in the official
 * list (merged since the source file was made): its département tells.
 */
export function territoryHoldsCode(t: Territory, code: string): boolean {
  const commune = communeByCode(code);
  if (commune) return inTerritory(t, commune);
  if (!regionOfDepartement) {
    const raw = createRequire(import.meta.url)('@etalab/decoupage-administratif/data/departements.json') as {
      code: string;
      region: string;
    }[];
    regionOfDepartement = new Map(raw.map((d) => [d.code, d.region]));
  }
  const departement = code.startsWith('97') ? code.slice(0, 3) : code.slice(0, 2);
  const region = regionOfDepartement.get(departement);
  return t.departements.includes(departement) || (region !== undefined && t.regions.includes(region));
}

let regionNames: Map<string, string> | null = null;

/** A region's name from its INSEE code ("27" → "Bourgogne-Franche-Comté"). */
export function regionName(code: string): string | undefined {
  if (!regionNames) {
    const raw = createRequire(import.meta.url)('@etalab/decoupage-administratif/data/regions.json') as {
      code: string;
      nom: string;
    }[];
    regionNames = new Map(raw.map((r) => [r.code, r.nom]));
  }
  return regionNames.get(code);
}

export interface Area {
  code: string;
  name: string;
}

let areas: { regions: Area[]; departements: (Area & { region: string })[] } | null = null;

/** Régions and départements of the official list, by code, for choosing a programme's territory. */
export function listAreas(): { regions: Area[]; departements: (Area & { region: string })[] } {
  if (!areas) {
    const load = <T>(file: string) =>
      createRequire(import.meta.url)(`@etalab/decoupage-administratif/data/${file}`) as T;
    const regions = load<{ code: string; nom: string }[]>('regions.json');
    const departements = load<{ code: string; nom: string; region: string }[]>('departements.json');
    areas = {
      regions: regions.map((r) => ({ code: r.code, name: r.nom })),
      departements: departements.map((d) => ({ code: d.code, name: d.nom, region: d.region })),
    };
  }
  return areas;
}
