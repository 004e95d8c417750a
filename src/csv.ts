import { type Options, type Stringifier, stringify as stringifyStream } from 'csv-stringify';
import { stringify as stringifySync } from 'csv-stringify/sync';

/**
 * Spreadsheets run a cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return as a
 * formula, so a name typed by a venue or found in an imported file could run one on an
 * operator's computer. Such a cell is prefixed with an apostrophe (OWASP's advice), except a
 * plain number or phone number (`-1.5`, `+33 4 66 …`): those cannot carry a formula, and the
 * national open-data standard requires telephones as `+33…` and coordinates as signed numbers.
 */
export function neutraliseCell(value: string): string {
  if (!/^[=+\-@\t\r]/.test(value)) return value;
  if (/^[+-]?[\d][\d .,]*$/.test(value)) return value;
  return `'${value}`;
}

const SAFE: Options = { cast: { string: neutraliseCell } };

/** Every CSV the platform writes goes through these two, so none escapes the neutralisation. */
export function csvString(rows: unknown[][] | Record<string, unknown>[], options: Options = {}): string {
  return stringifySync(rows, { ...options, ...SAFE });
}

export function csvStream(options: Options = {}): Stringifier {
  return stringifyStream({ ...options, ...SAFE });
}
