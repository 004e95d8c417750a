import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERRORS } from '../src/errors.js';
import { DEMO_ACCOUNTS, DEMO_ORGANISATIONS, DEMO_PROGRAMMES } from '../src/modules/demo/demo.data.js';
import { ledgerViolations } from '../src/modules/ledger/ledger.service.js';
import { type TestApp, testApp } from './helpers.js';

/**
 * Property-based fuzzing of every JSON operation of the OpenAPI document, as every role and as
 * nobody: bodies, query strings and path parameters drawn from each operation's own schema, then
 * bent (wrong types, missing and extra fields, huge and odd strings). Whatever comes in, the
 * answer is never a 500, never a stack trace, always the documented error shape with a code of
 * the catalogue; and afterwards nothing is half-written: every journal balances.
 */
type Schema = {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: unknown[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  minimum?: number;
  maximum?: number;
  format?: string;
};
type Operation = {
  parameters?: { in: string; name: string; schema: Schema; required?: boolean }[];
  requestBody?: { content?: Record<string, { schema: Schema }> };
};

const odd = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom(
    '',
    ' ',
    "'; DROP TABLE passes; --",
    '<img src=x onerror=alert(1)>',
    '../../etc/passwd',
    '%00',
    '\u0000',
    '𝕏'.repeat(50),
    'A'.repeat(5000),
  ),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
);

/** Values of a schema, mostly well formed, sometimes bent. */
function arbitraryOf(schema: Schema | undefined, depth = 0): fc.Arbitrary<unknown> {
  if (!schema || depth > 4) return odd;
  const options = schema.anyOf ?? schema.oneOf;
  if (options?.length) return fc.oneof(...options.map((s) => arbitraryOf(s, depth + 1)));
  if (schema.enum?.length) return fc.oneof(fc.constantFrom(...schema.enum), odd);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  const exact: fc.Arbitrary<unknown> =
    type === 'object'
      ? fc.record(
          Object.fromEntries(Object.entries(schema.properties ?? {}).map(([k, s]) => [k, arbitraryOf(s, depth + 1)])),
          { requiredKeys: [] },
        )
      : type === 'array'
        ? fc.array(arbitraryOf(schema.items, depth + 1), { maxLength: 4 })
        : type === 'integer'
          ? fc.integer({ min: schema.minimum ?? -10, max: Math.min(schema.maximum ?? 1_000_000, 1_000_000) })
          : type === 'number'
            ? fc.double({ noNaN: true })
            : type === 'boolean'
              ? fc.boolean()
              : schema.format === 'uuid'
                ? fc.oneof(
                    fc.uuid(),
                    fc.constantFrom(DEMO_PROGRAMMES.bfc, DEMO_PROGRAMMES.lozere, DEMO_ORGANISATIONS.epnDijon.id),
                  )
                : fc.string({ maxLength: 30 });
  return fc.oneof({ weight: 4, arbitrary: exact }, { weight: 1, arbitrary: odd });
}

let t: TestApp;
let doc: { paths: Record<string, Record<string, Operation>> };
const cookies: (string | null)[] = [null];

beforeAll(async () => {
  t = await testApp();
  doc = (await t.app.inject({ url: '/api/v1/openapi.json' })).json();
  for (const a of DEMO_ACCOUNTS) cookies.push(await t.cookieOf(a));
});
afterAll(() => t?.close());

// Signing out would end the session the other draws use; the rest is fair game.
const SKIPPED = new Set(['post /api/v1/auth/logout']);

describe('fuzzing every JSON operation, as every role', () => {
  it('never answers 500 or a stack trace, always the documented error shape, and leaves no partial write', async () => {
    const operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => ({ path, method, op })),
    );
    let requests = 0;
    for (const { path, method, op } of operations) {
      if (SKIPPED.has(`${method} ${path}`)) continue;
      const params = op.parameters ?? [];
      const bodySchema = op.requestBody?.content?.['application/json']?.schema;
      const input = fc.record({
        who: fc.integer({ min: 0, max: cookies.length - 1 }),
        path: fc.record(
          Object.fromEntries(params.filter((p) => p.in === 'path').map((p) => [p.name, arbitraryOf(p.schema)])),
        ),
        query: fc.record(
          Object.fromEntries(params.filter((p) => p.in === 'query').map((p) => [p.name, arbitraryOf(p.schema)])),
          { requiredKeys: [] },
        ),
        body: bodySchema ? arbitraryOf(bodySchema) : fc.constant(undefined),
      });
      await fc.assert(
        fc.asyncProperty(input, async ({ who, path: values, query, body }) => {
          const url =
            path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(String(values[name] ?? 'x'))) +
            `?${new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)])).toString()}`;
          const cookie = cookies[who];
          const res = await t.app.inject({
            method: method.toUpperCase() as 'GET',
            url,
            headers: {
              ...(cookie ? { cookie } : {}),
              ...(body === undefined ? {} : { 'content-type': 'application/json' }),
            },
            ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
          });
          requests++;
          const where = `${method.toUpperCase()} ${url} → ${res.statusCode} ${res.body.slice(0, 300)}`;
          expect(res.statusCode, where).toBeLessThan(500);
          expect(res.body, where).not.toMatch(/\n\s+at |node_modules|TypeError|SyntaxError/);
          if (res.statusCode >= 400) {
            const error = res.json().error;
            expect(typeof error?.message, where).toBe('string');
            expect(Object.keys(ERRORS), where).toContain(error?.code);
          }
        }),
        { numRuns: 20, seed: 20261129 },
      );
    }
    expect(requests).toBeGreaterThan(1600);
    for (const programmeId of [DEMO_PROGRAMMES.bfc, DEMO_PROGRAMMES.lozere]) {
      expect(await ledgerViolations(t.db, programmeId)).toEqual([]);
    }
    const halfSpent = await t.db.query(
      `SELECT p.id FROM passes p WHERE (p.state = 'redeemed') <>
         EXISTS (SELECT 1 FROM redemption_passes rp WHERE rp.pass_id = p.id AND rp.active)`,
    );
    expect(halfSpent).toEqual([]);
  }, 300_000);
});
