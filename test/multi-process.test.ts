import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ORGANISATIONS, DEMO_PROGRAMMES } from '../src/modules/demo/demo.data.js';
import { ledgerViolations } from '../src/modules/ledger/ledger.service.js';
import { BFC } from './actors.js';
import { type TestApp, testApp } from './helpers.js';
import { type SpawnedServer, spawnServer, stopServer } from './spawn-server.js';
import { call, codesOfCarnet, issueCarnets, youngJobSeeker } from './vouchers-helpers.js';

const OPERATOR = BFC.operator;
const VENUE = BFC.venue;

const SECRET = 'multi-process-test-secret-0123456789abcdef';

describe.skipIf(!process.env.DATABASE_URL)('two server processes over one PostgreSQL', () => {
  let t: TestApp;
  let servers: SpawnedServer[] = [];
  let cookie = '';

  beforeAll(async () => {
    t = await testApp({ env: { PASSNUM_SECRET: SECRET } });
    const url = t.db.kind === 'postgres' ? (t.db as { processUrl?: string }).processUrl : undefined;
    if (!url) throw new Error('no process URL');
    const env = { ...process.env, DATABASE_URL: url, NODE_ENV: 'test', PASSNUM_SECRET: SECRET };
    servers = await Promise.all([spawnServer(env), spawnServer(env)]);
    cookie = await t.cookieOf(VENUE);
  });
  afterAll(async () => {
    await Promise.all(servers.map(stopServer));
    await t?.close();
  });

  async function distributedCodes(name: string): Promise<string[]> {
    const [serial] = await issueCarnets(t, OPERATOR, DEMO_PROGRAMMES.bfc, 1);
    await call(t, OPERATOR, 'POST', `/api/v1/carnets/${serial}/allocation`, {
      distributorId: DEMO_ORGANISATIONS.mlDijon.id,
    });
    await call(t, BFC.distributor, 'POST', `/api/v1/carnets/${serial}/distribution`, youngJobSeeker(name));
    return codesOfCarnet(t.db, SECRET, serial as string);
  }

  /** Sends each request to one of the two processes in turn, all at once. */
  async function redeemEverywhere(
    sets: string[][],
    idempotencyKey?: string,
  ): Promise<{ status: number; passes: string[]; redemptionId?: string }[]> {
    return Promise.all(
      sets.map(async (codes, i) => {
        const res = await fetch(`${servers[i % 2]?.url}/api/v1/redemptions`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            cookie,
            ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
          },
          body: JSON.stringify({ venueId: DEMO_ORGANISATIONS.epnDijon.id, codes }),
        });
        const body = (await res.json()) as { passes?: string[]; redemptionId?: string };
        return { status: res.status, passes: body.passes ?? [], redemptionId: body.redemptionId };
      }),
    );
  }

  it('lets exactly one of 50 concurrent redemptions of one code succeed across both processes', async () => {
    const [code] = await distributedCodes('Processus');
    const results = await redeemEverywhere(Array.from({ length: 50 }, () => [code as string]));
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(49);
  });

  it('gives every copy of one request, sent 20 times at once to both processes with one Idempotency-Key, the same answer', async () => {
    const [code] = await distributedCodes('ProcessusCle');
    const results = await redeemEverywhere(
      Array.from({ length: 20 }, () => [code as string]),
      'same-key-on-both-processes',
    );
    expect(results.map((r) => r.status)).toEqual(Array.from({ length: 20 }, () => 201));
    expect(new Set(results.map((r) => r.redemptionId)).size).toBe(1);
  });

  it('spends each pass once across 50 overlapping multi-pass redemptions on both processes', async () => {
    const pool = [...(await distributedCodes('ProcessusA')), ...(await distributedCodes('ProcessusB'))];
    const sets = Array.from({ length: 50 }, (_, i) => [pool[i % 10], pool[(i + 4) % 10]] as string[]);
    const results = await redeemEverywhere(sets);
    expect(results.every((r) => r.status === 201 || r.status === 409)).toBe(true);
    const won = results.flatMap((r) => r.passes);
    expect(new Set(won).size).toBe(won.length);
    expect(await ledgerViolations(t.db, DEMO_PROGRAMMES.bfc)).toEqual([]);
  });
});
