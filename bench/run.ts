/**
 * `npm run bench`: issuance of 50,000 passes and redemptions over HTTP at 1, 16 and 64
 * concurrent clients against PostgreSQL, beside `pgbench -N` on the same server, written to
 * BENCHMARKS.md with the machine and the date. Uses a database of its own, dropped at the end.
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { loadConfig } from '../src/config.js';
import { openPostgres } from '../src/db/db.js';
import { migrate } from '../src/db/migrate.js';
import { DEMO_ORGANISATIONS, DEMO_PROGRAMMES } from '../src/modules/demo/demo.data.js';
import { seedDemo } from '../src/modules/demo/demo.seed.js';
import { codeKeys, decryptCode } from '../src/modules/vouchers/code.crypto.js';
import { createJobRunner } from '../src/server.js';
import { spawnServer, stopServer } from '../test/spawn-server.js';

const BASE = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const SECRET = 'benchmark-secret-0123456789abcdef0123456789';
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 3000);

const dbName = `passnum_bench_${Date.now()}`;
const admin = new pg.Client({ connectionString: BASE });
await admin.connect();
await admin.query(`CREATE DATABASE ${dbName}`);
const url = new URL(BASE);
url.pathname = `/${dbName}`;
const databaseUrl = url.href;
const lines: string[] = [];
const log = (s: string) => {
  console.log(s);
  lines.push(s);
};

try {
  const db = await openPostgres(databaseUrl);
  await migrate(db);
  await seedDemo(db);
  const config = loadConfig({ NODE_ENV: 'test', PASSNUM_SECRET: SECRET, LOG_LEVEL: 'silent' });
  const jobs = createJobRunner({ config, db });

  // Issuance: 10,000 carnets of 5 passes, through the real job.
  const orderId = randomUUID();
  const jobId = randomUUID();
  await db.query(`INSERT INTO jobs (id, programme_id, kind, payload) VALUES ($1, $2, 'issue-order', $3)`, [
    jobId,
    DEMO_PROGRAMMES.bfc,
    JSON.stringify({ orderId }),
  ]);
  await db.query(
    `INSERT INTO carnet_orders (id, programme_id, carnets, value_cents, job_id) VALUES ($1, $2, 10000, 50000000, $3)`,
    [orderId, DEMO_PROGRAMMES.bfc, jobId],
  );
  const t0 = performance.now();
  await jobs.drain();
  const issueSeconds = (performance.now() - t0) / 1000;
  const issued = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM passes');
  log(
    `| Émission de ${issued[0]?.n} pass (10 000 carnets, tâche complète) | ${issueSeconds.toFixed(2)} s | cible < 3 s |`,
  );

  // Set-up for redemptions (not measured): hand the passes out and qualify the demo venue.
  await db.query(`UPDATE carnets SET beneficiary_id = NULL, distributed_at = now(), distributed_by = $1`, [
    DEMO_ORGANISATIONS.mlDijon.id,
  ]);
  await db.query(`UPDATE passes SET state = 'distributed'`);
  await db.query(
    `INSERT INTO ledger_entries (programme_id, event, from_account, to_account, amount_cents, ref_type, ref_id)
     SELECT $1, 'bench', 'stock:operator', 'distributed', sum(value_cents), 'bench', 'bench' FROM passes`,
    [DEMO_PROGRAMMES.bfc],
  );
  const keys = codeKeys(SECRET);
  const sealed = await db.query<{ code_sealed: Uint8Array }>('SELECT code_sealed FROM passes ORDER BY id');
  const codes = sealed.map((r) => decryptCode(keys, r.code_sealed));
  await db.close();

  // BENCH_SERVER_NODE_ARGS, e.g. "--cpu-prof", profiles the server under load.
  const nodeArgs = process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const server = await spawnServer(
    { ...process.env, DATABASE_URL: databaseUrl, NODE_ENV: 'test', PASSNUM_SECRET: SECRET },
    nodeArgs,
  );
  const base = server.url;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 128 });
  const request = (method: string, path: string, body: object, headers: Record<string, string> = {}) =>
    new Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }>((resolve, reject) => {
      const payload = JSON.stringify(body);
      const req = http.request(
        `${base}${path}`,
        { method, agent, headers: { 'content-type': 'application/json', ...headers } },
        (res) => {
          let data = '';
          res.on('data', (c) => {
            data += c;
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: data, headers: res.headers }));
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  const login = await request('POST', '/api/v1/auth/login', {
    email: 'lieu@epn-dijon.demo',
    password: 'Passnum-demo-venue-bfc',
  });
  const cookie = String(login.headers['set-cookie']).split(';')[0] ?? '';

  let next = 0;
  const results: { concurrency: number; rps: number; p50: number; p99: number; errors: number }[] = [];
  for (const concurrency of [1, 16, 64]) {
    const latencies: number[] = [];
    let errors = 0;
    const start = performance.now();
    const worker = async () => {
      while (latencies.length + errors < REQUESTS) {
        const code = codes[next++];
        if (!code) return;
        const t1 = performance.now();
        const res = await request(
          'POST',
          '/api/v1/redemptions',
          { venueId: DEMO_ORGANISATIONS.epnDijon.id, codes: [code] },
          { cookie, 'idempotency-key': `bench-${code}` },
        );
        if (res.status === 201) latencies.push(performance.now() - t1);
        else errors++;
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    const seconds = (performance.now() - start) / 1000;
    latencies.sort((a, b) => a - b);
    const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0;
    results.push({ concurrency, rps: latencies.length / seconds, p50: q(0.5), p99: q(0.99), errors });
  }
  await stopServer(server);
  for (const r of results) {
    log(
      `| Validations HTTP, ${r.concurrency} client(s) | ${r.rps.toFixed(0)} /s, p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms${r.errors ? `, ${r.errors} erreurs` : ''} | cible ≥ 1 000 /s, p99 < 50 ms |`,
    );
  }

  // pgbench -N on the same server: the single-row update rate to compare with.
  const pgArgs = ['-h', url.hostname, '-p', url.port || '5432', '-U', url.username || 'postgres'];
  execFileSync('pgbench', [...pgArgs, '-i', '-q', '-s', '1', dbName], { stdio: 'ignore' });
  const out = execFileSync('pgbench', [...pgArgs, '-N', '-c', '16', '-j', '2', '-T', '10', dbName]).toString();
  const tps = Number(out.match(/tps = ([\d.]+)/)?.[1] ?? 0);
  log(
    `| pgbench -N, 16 clients, 10 s (même serveur) | ${tps.toFixed(0)} tps | validations ≥ ${(tps / 3).toFixed(0)} /s visées |`,
  );
} finally {
  await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await admin.end();
}

const pgVersion = execFileSync('psql', ['--version']).toString().trim();
const cpu = os.cpus()[0]?.model ?? 'inconnu';
const header = `## ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC — ${os.cpus().length} × ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(0)} Gio, Node ${process.version}, ${pgVersion}

| Mesure | Résultat | Cible |
|---|---|---|
${lines.join('\n')}
`;
const file = fileURLToPath(new URL('../BENCHMARKS.md', import.meta.url));
let previous = '';
try {
  previous = readFileSync(file, 'utf8').replace(/^# .*\n+(Produit par.*\n+)?/, '');
} catch {
  previous = '';
}
writeFileSync(
  file,
  `# Mesures de performance\n\nProduit par \`npm run bench\` (le plus récent en premier).\n\n${header}\n${previous}`,
);
console.log(`\nÉcrit dans BENCHMARKS.md`);
