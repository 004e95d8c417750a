import { readFileSync } from 'node:fs';

/**
 * A validator for the Table Schema of the national venue standard (vendored in fixtures/): for
 * each field, `required`, `pattern` (whole value), and the `number` and `date` types. It returns
 * every problem found, so a failing test names the field and the value.
 */
interface Field {
  name: string;
  type: string;
  constraints?: { required?: boolean; pattern?: string };
}

const schema = JSON.parse(
  readFileSync(new URL('../fixtures/standard-lieux-mediation-numerique/schema.json', import.meta.url), 'utf8'),
) as { fields: Field[] };

export const SCHEMA_FIELDS = schema.fields.map((f) => f.name);

export function tableSchemaProblems(row: Record<string, unknown>): string[] {
  const problems: string[] = [];
  for (const name of Object.keys(row)) {
    if (!SCHEMA_FIELDS.includes(name)) problems.push(`${name}: not in the schema`);
  }
  for (const field of schema.fields) {
    const raw = row[field.name];
    const value = raw === undefined || raw === null ? '' : String(raw);
    if (value === '') {
      if (field.constraints?.required) problems.push(`${field.name}: required`);
      continue;
    }
    if (field.type === 'number' && !Number.isFinite(Number(value)))
      problems.push(`${field.name}: not a number (${value})`);
    if (field.type === 'date' && !/^\d{4}-\d{2}-\d{2}$/.test(value))
      problems.push(`${field.name}: not a date (${value})`);
    const pattern = field.constraints?.pattern;
    if (pattern && !new RegExp(`^(?:${pattern})$`, 'u').test(value)) {
      problems.push(`${field.name}: "${value}" does not match ${pattern}`);
    }
  }
  return problems;
}
