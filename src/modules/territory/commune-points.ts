import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { fromRoot } from '../../paths.js';
import type { Territory } from '../programmes/programmes.contract.js';
import { inTerritory } from './communes.js';

/** A commune's representative point and population (fixtures/communes/communes-2024.csv, INSEE 2024). */
export interface CommunePoint {
  code: string;
  name: string;
  departement: string;
  region: string;
  latitude: number;
  longitude: number;
  population: number;
  /** Unemployed people aged 15 to 64 (INSEE 2021). */
  unemployed: number;
}

const FILE = fromRoot('fixtures/communes/communes-2024.csv');
let points: Map<string, CommunePoint> | null = null;

function all(): Map<string, CommunePoint> {
  if (!points) {
    const rows = parse(readFileSync(FILE), { columns: true, skip_empty_lines: true }) as Record<string, string>[];
    points = new Map(
      rows.map((r) => [
        r.code_insee as string,
        {
          code: r.code_insee as string,
          name: r.nom as string,
          departement: r.code_departement as string,
          region: r.code_region as string,
          latitude: Number(r.latitude),
          longitude: Number(r.longitude),
          population: Number(r.population_2021) || 0,
          unemployed: Number(r.pop_15_64_chomeurs_2021) || 0,
        },
      ]),
    );
  }
  return points;
}

/** The point of a commune by INSEE code, from the file read once. */
export function communePoint(code: string): CommunePoint | undefined {
  return all().get(code);
}

/** Every commune of a territory (régions, départements or communes named), by INSEE code. */
export function communePointsIn(t: Territory): CommunePoint[] {
  return [...all().values()].filter((c) => inTerritory(t, c));
}
