import { createRequire } from 'node:module';

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
  if (!byCode) {
    const raw = createRequire(import.meta.url)('@etalab/decoupage-administratif/data/communes.json') as RawCommune[];
    byCode = new Map(
      raw
        .filter((c) => c.type === 'commune-actuelle' && c.departement && c.region)
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
  return byCode.get(code);
}
