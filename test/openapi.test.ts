import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SwaggerParser from '@apidevtools/swagger-parser';
import openapiTS, { astToString } from 'openapi-typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, testApp } from './helpers.js';

type Operation = {
  operationId?: string;
  security?: unknown[];
  parameters?: { in: string; name: string }[];
  responses: Record<string, { content?: unknown }>;
};
type Doc = { servers?: unknown[]; paths: Record<string, Record<string, Operation>> };

let t: TestApp;
let doc: Doc;
beforeAll(async () => {
  t = await testApp({ seed: false });
  doc = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
});
afterAll(() => t?.close());

const operations = () =>
  Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ path, method, op })));

describe('the OpenAPI document, checked by the tools clients use', () => {
  it('passes swagger-parser validation', async () => {
    await expect(SwaggerParser.validate(structuredClone(doc) as never)).resolves.toBeTruthy();
  });

  it('passes `redocly lint` with no error', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'passnum-openapi-')), 'openapi.json');
    writeFileSync(file, JSON.stringify(doc));
    const cli = createRequire(import.meta.url).resolve('@redocly/cli/bin/cli.js');
    const run = spawnSync(process.execPath, [cli, 'lint', file, '--format=json'], {
      encoding: 'utf8',
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
      timeout: 120_000,
    });
    const report = JSON.parse(run.stdout.slice(run.stdout.indexOf('{'))) as {
      totals: { errors: number };
      problems: { ruleId: string; severity: string; message: string }[];
    };
    expect(report.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(report.totals.errors).toBe(0);
  }, 150_000);

  it('generates TypeScript types with openapi-typescript', async () => {
    const types = astToString(await openapiTS(structuredClone(doc) as never));
    expect(types).toContain('"/api/v1/redemptions"');
    expect(types).toContain('getProgrammesByProgrammeIdBudget');
  });

  it('names every operation once, documents its success, and marks public ones as needing no credentials', () => {
    const ids = operations().map(({ op }) => op.operationId);
    expect(ids.every(Boolean)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect(doc.servers?.length).toBeGreaterThan(0);
    const undocumented = operations().filter(({ op }) =>
      Object.entries(op.responses).every(
        ([status, r]) => !/^[23]/.test(status) || (!r.content && status !== '204' && status !== '302'),
      ),
    );
    expect(undocumented.map(({ method, path }) => `${method} ${path}`)).toEqual([]);
    for (const route of t.routes.filter((r) => 'public' in r.access)) {
      const path = route.url.replace(/:(\w+)/g, '{$1}');
      if (route.url === '/api/v1/openapi.json') continue; // the document itself is not in it
      expect(doc.paths[path]?.[route.method.toLowerCase()]?.security, `${route.method} ${route.url}`).toEqual([]);
    }
  });

  it('documents the Idempotency-Key header where it is read', () => {
    const header = (path: string) =>
      doc.paths[path]?.post?.parameters?.find((p) => p.in === 'header' && p.name === 'idempotency-key');
    expect(header('/api/v1/redemptions')).toBeTruthy();
    expect(header('/api/v1/programmes/{programmeId}/payment-batches')).toBeTruthy();
  });
});
