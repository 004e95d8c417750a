import type { UsageRow } from './impact.contract.js';

/** Age bands of the national indicators: the young the Région targets, working age, seniors. */
export function ageBand(age: number): { key: string; label: string } {
  if (age < 26) return { key: '0-25', label: 'Moins de 26 ans' };
  if (age < 45) return { key: '26-44', label: '26 à 44 ans' };
  if (age < 65) return { key: '45-64', label: '45 à 64 ans' };
  return { key: '65+', label: '65 ans et plus' };
}

/** The département of a commune's INSEE code (2A/2B for Corsica, three digits overseas). */
export const departementOf = (insee: string) => (insee.startsWith('97') ? insee.slice(0, 3) : insee.slice(0, 2));

export const rate = (used: number, distributed: number) => (distributed === 0 ? null : used / distributed);

/** Adds rows into groups by key, in one pass; the result is sorted by handed-out passes, then label. */
export class UsageGroups {
  private readonly rows = new Map<string, UsageRow>();

  add(key: string, label: string, distributed: number, used: number): void {
    const row = this.rows.get(key) ?? { key, label, distributed: 0, used: 0, rate: null };
    row.distributed += distributed;
    row.used += used;
    this.rows.set(key, row);
  }

  list(order: 'size' | 'key' = 'size'): UsageRow[] {
    const rows = [...this.rows.values()].map((r) => ({ ...r, rate: rate(r.used, r.distributed) }));
    return order === 'key'
      ? rows.sort((a, b) => a.key.localeCompare(b.key))
      : rows.sort((a, b) => b.distributed - a.distributed || a.label.localeCompare(b.label, 'fr'));
  }
}
