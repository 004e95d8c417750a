import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

export type CopyValue = string | number | boolean | Date | Uint8Array | null;

/**
 * One row in COPY's text format. The values written here never hold a tab, a newline or a
 * backslash of their own (names, codes, ISO dates, numbers); bytea goes as hex, its leading
 * backslash doubled as the format wants.
 */
export function copyLine(values: readonly CopyValue[]): string {
  return values
    .map((v) => {
      if (v === null) return '\\N';
      if (v instanceof Date) return v.toISOString();
      if (v instanceof Uint8Array) return `\\\\x${Buffer.from(v).toString('hex')}`;
      return String(v);
    })
    .join('\t');
}

function* chunks(lines: readonly string[]): Generator<string> {
  for (let i = 0; i < lines.length; i += 4096) yield `${lines.slice(i, i + 4096).join('\n')}\n`;
}

/** Loads rows into a table through PostgreSQL's COPY, on the client's open transaction. */
export async function copyRows(
  client: pg.ClientBase,
  table: string,
  columns: readonly string[],
  lines: readonly string[],
): Promise<void> {
  if (lines.length === 0) return;
  const stream = client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`));
  await pipeline(Readable.from(chunks(lines)), stream);
}
