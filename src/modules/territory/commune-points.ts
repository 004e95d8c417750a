import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';

/** A commune's representative point and population (fixtures/communes/communes-2024.csv, INSEE 2024). */
export interface CommunePoint {
  code: string;
  name: string;
  latitude: number;
  longitude: number;
  population: number;
}

const FILE = fileURLToPath(new URL('../../../fixtures/communes/communes-2024.csv', import.meta.url));
let points: Map<string, CommunePoint> | null = null;

/** The point of a commune by INSEE code, from the file read once. */
export function communePoint(code: string): CommunePoint | undefined {
  if (!points) {
    const rows = parse(readFileSync(FILE), { columns: true, skip_empty_lines: true }) as Record<string, string>[];
    points = new Map(
      rows.map((r) => [
        r.code_insee as string,
        {
          code: r.code_insee as string,
          name: r.nom as string,
          latitude: Number(r.latitude),
          longitude: Number(r.longitude),
          population: Number(r.population_2021),
        },
      ]),
    );
  }
  return points.get(code);
}
