/**
 * `npm run bench`: issuance of 50,000 passes and redemptions over HTTP (each level after a warm-up) at 1, 16 and 64
 * concurrent clients against PostgreSQL, beside `pgbench -N` on the same server, written to
 * BENCHMARKS.md with the machine and the date. Uses a database of its own, dropped at the end.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import pg from 'pg';
import { loadConfig } from '../src/config.js';
import { openPostgres } from '../src/db/db.js';
import { migrate } from '../src/db/migrate.js';
import { actorByUserId } from '../src/modules/accounts/accounts.service.js';
import { DEMO_ACCOUNTS, DEMO_ORGANISATIONS, DEMO_PROGRAMMES } from '../src/modules/demo/demo.data.js';
import { seedDemo } from '../src/modules/demo/demo.seed.js';
import { ledgerViolations } from '../src/modules/ledger/ledger.service.js';
import { batchSepaXml, createBatch } from '../src/modules/payments/batches.service.js';
import { drawUpStatements } from '../src/modules/payments/statements.service.js';
import { foldKeptTotals } from '../src/modules/system/kept-totals.js';
import { ibanSealer } from '../src/modules/venues/iban.crypto.js';
import { codeKeys, decryptCode } from '../src/modules/vouchers/code.crypto.js';
import { createJobRunner } from '../src/server.js';
import { spawnServer, stopServer } from '../test/spawn-server.js';
import { commit, machine, prependSection, queueOrder, rawPassCopySeconds } from './report.js';

const BASE = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const SECRET = 'benchmark-secret-0123456789abcdef0123456789';
/**
 * Redemptions measured at each concurrency level: more where they go faster, so that each level
 * lasts some seconds (a p99 taken over one second hangs on a single slow batch of twenty).
 */
const LEVELS = [
  { concurrency: 1, requests: 3000 },
  { concurrency: 16, requests: 5000 },
  { concurrency: 64, requests: 10_000 },
];
const WARM_UP = Number(process.env.BENCH_WARM_UP ?? 3000);
const DIRECTORY_VENUES = 50_000;
const DIRECTORY_QUERIES = 500;
const PAID_VENUES = 20_000;
const DASHBOARD_QUERIES = 30;

/**
 * CPU time (ms) used so far by the server process, every PostgreSQL process and this client,
 * read from /proc: where a redemption's cost goes when all three share the machine's cores.
 */
function cpuTimes(serverPid: number | undefined): { server: number; postgres: number; client: number } | null {
  // utime + stime, and with `reaped` the children's a process waited for: a backend that ends
  // between two readings (a pooled connection renewed) leaves its time to the postmaster's
  // cutime + cstime instead of taking it out of the sum (a negative figure was printed).
  const ticks = (pid: number | string, reaped = false) => {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    const own = Number(fields[11]) + Number(fields[12]);
    return (reaped ? own + Number(fields[13]) + Number(fields[14]) : own) * (1000 / 100);
  };
  try {
    const postgres = execFileSync('pgrep', ['-x', 'postgres'])
      .toString()
      .trim()
      .split('\n')
      .reduce((sum, pid) => {
        try {
          return sum + ticks(pid, true);
        } catch {
          return sum;
        }
      }, 0);
    const self = process.cpuUsage();
    return { server: serverPid ? ticks(serverPid) : 0, postgres, client: (self.user + self.system) / 1000 };
  } catch {
    return null;
  }
}

const dbName = `passnum_bench_${Date.now()}`;
const admin = new pg.Client({ connectionString: BASE });
await admin.connect();
await admin.query(`CREATE DATABASE ${dbName}`);
// Settings that move the figures, recorded with them (autovacuum off: statistics only from ANALYZE).
const settings = await admin.query<{ name: string; setting: string }>(
  `SELECT name, current_setting(name) AS setting FROM pg_settings
    WHERE name IN ('autovacuum', 'synchronous_commit', 'shared_buffers', 'max_wal_size') ORDER BY name`,
);
const pgSettings = settings.rows.map((r) => `${r.name}=${r.setting}`).join(', ');
const url = new URL(BASE);
url.pathname = `/${dbName}`;
const databaseUrl = url.href;
// The commit measured, read before anything runs: a commit made during a long run is not it.
const measured = commit();
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

  // More passes for the multi-process redemptions below, in a programme of their own so that the
  // BFC programme measured by the dashboard keeps its 50,000 passes; the demo venue is qualified
  // for it and its account plays the venue there.
  const [spare] = await db.query<{ id: string }>(
    `INSERT INTO programmes (code, name, operator_organisation_id, territory, envelope_cents, start_date, validity_months,
                             eligibility, prescription_mode)
     VALUES ('BENCH', 'Programme du banc', $1, '{"regions":["27"],"departements":[],"communes":[]}', 100000000,
             current_date, 12, '[{}]', 'open') RETURNING id`,
    [DEMO_ORGANISATIONS.mednumBfc.id],
  );
  const spareId = (spare as { id: string }).id;
  await db.query(
    `INSERT INTO venue_qualifications (programme_id, organisation_id, status) VALUES ($1, $2, 'qualified')`,
    [spareId, DEMO_ORGANISATIONS.epnDijon.id],
  );
  await db.query(
    `INSERT INTO user_roles (programme_id, user_id, role) SELECT $1, id, 'venue' FROM users WHERE email = 'lieu@epn-dijon.demo'`,
    [spareId],
  );

  // Issuance: 10,000 carnets of 5 passes through the real job, three times (the BFC programme,
  // then twice the spare one), each beside the database's own baseline: the same 50,000 pass rows
  // loaded by a raw COPY into the same table with its indexes (codes hashed again and numbers
  // shifted to stay unique), then removed. Medians of the three.
  const pgArgs = ['-h', url.hostname, '-p', url.port || '5432', '-U', url.username || 'postgres'];
  const copyFile = `${os.tmpdir()}/passnum-bench-passes-${process.pid}.csv`;
  const issueOnce = async (programmeId: string) => {
    const orderId = await queueOrder(db, programmeId);
    const t0 = performance.now();
    await jobs.drain();
    const issue = (performance.now() - t0) / 1000;
    const copy = rawPassCopySeconds([...pgArgs, dbName], [orderId], copyFile);
    return { issue, copy };
  };
  const runs = [await issueOnce(DEMO_PROGRAMMES.bfc), await issueOnce(spareId), await issueOnce(spareId)];
  const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)] ?? 0;
  const issueSeconds = median(runs.map((r) => r.issue));
  const copySeconds = median(runs.map((r) => r.copy));
  const issuedCount = 50_000;
  log(
    `| Émission de ${issuedCount} pass (10 000 carnets, tâche complète), médiane de 3 | ${issueSeconds.toFixed(2)} s, ${(issuedCount / issueSeconds).toFixed(0)} pass/s ; COPY brut des mêmes lignes : ${copySeconds.toFixed(2)} s, ${(issuedCount / copySeconds).toFixed(0)} lignes/s ; rapport ${(copySeconds / issueSeconds).toFixed(2)} (les 3 : ${runs.map((r) => (r.copy / r.issue).toFixed(2)).join(', ')}) | cible < 3 s, rapport ≥ 0,5 |`,
  );

  // Set-up for redemptions (not measured): hand the passes out and qualify the demo venue.
  // Each carnet handed to its own person, over the last eleven months, in eight communes of the
  // région: the dashboard measured below has cohorts, communes and age bands to group.
  await db.query(
    `WITH c AS (SELECT id, row_number() OVER (ORDER BY sequence) AS n FROM carnets WHERE programme_id = $1),
          b AS (INSERT INTO beneficiaries (programme_id, fingerprint, birth_year, birth_month, commune_insee, public_category)
                SELECT $1, decode(md5('bench' || n), 'hex'), 1998 + (n % 10)::int, 1 + (n % 12)::int,
                       (ARRAY['21231','25056','71270','89024','39198','58194','70550','90010'])[1 + (n % 8)::int],
                       'demandeur_emploi'
                  FROM c RETURNING id, fingerprint)
     UPDATE carnets SET beneficiary_id = b.id, distributed_at = now() - make_interval(days => (c.n % 330)::int),
                        distributed_by = $2
       FROM c JOIN b ON b.fingerprint = decode(md5('bench' || c.n), 'hex')
      WHERE carnets.id = c.id`,
    [DEMO_PROGRAMMES.bfc, DEMO_ORGANISATIONS.mlDijon.id],
  );
  await db.query(`UPDATE passes SET state = 'distributed'`);
  await db.query(
    `INSERT INTO ledger_entries (programme_id, event, from_account, to_account, amount_cents, ref_type, ref_id)
     SELECT programme_id, 'bench', 'stock:operator', 'distributed', sum(value_cents), 'bench', 'bench' FROM passes
      GROUP BY programme_id`,
  );
  // Set-up for the directory (not measured): 50,000 qualified venues spread over mainland France.
  await db.query(
    `WITH o AS (
       INSERT INTO organisations (name, siret, kinds)
       SELECT 'Lieu ' || i, '9' || lpad(i::text, 13, '0'), ARRAY['venue'] FROM generate_series(1, $1::int) i RETURNING id, name)
     INSERT INTO venues (organisation_id, source, name, address, postcode, commune_insee, commune_name, latitude, longitude, services)
     SELECT id, 'bench', name, '1 place de la Mairie', '21000', '21231', 'Dijon', 42.5 + random() * 8, -4.5 + random() * 12,
            CASE WHEN random() < 0.5 THEN ARRAY['Aide aux démarches administratives'] ELSE ARRAY['Utilisation sécurisée du numérique'] END
       FROM o`,
    [DIRECTORY_VENUES],
  );
  await db.query(
    `INSERT INTO venue_qualifications (programme_id, organisation_id, status)
     SELECT $1, organisation_id, 'qualified' FROM venues WHERE source = 'bench'`,
    [DEMO_PROGRAMMES.bfc],
  );
  // A programme under way: 20,000 venues have each redeemed a pass already (set-based, with
  // their ledger entries and idempotency answers), the history the payments measures below draw
  // on. It is there before the statistics are taken: analysed empty, the redemption tables would
  // keep PostgreSQL on plans for empty tables (a sequential scan behind each foreign-key check)
  // in the server's first connections for as long as the run lasts, which no running platform sees.
  await db.query(
    `WITH v AS (SELECT organisation_id, row_number() OVER (ORDER BY id) AS n FROM venues WHERE source = 'bench' LIMIT $2),
          p AS (SELECT id, value_cents, row_number() OVER (ORDER BY id) AS n FROM passes WHERE state = 'distributed' AND programme_id = $1 LIMIT $2),
          m AS (SELECT gen_random_uuid() AS rid, v.organisation_id AS venue, p.id AS pass_id, p.value_cents FROM v JOIN p USING (n)),
          r AS (INSERT INTO redemptions (id, programme_id, venue_organisation_id, amount_cents, passes)
                SELECT rid, $1, venue, value_cents, 1 FROM m),
          l AS (INSERT INTO redemption_passes (redemption_id, pass_id, programme_id) SELECT rid, pass_id, $1 FROM m),
          e AS (INSERT INTO ledger_entries (programme_id, event, from_account, to_account, amount_cents, ref_type, ref_id)
                SELECT $1, 'redemption', 'distributed', 'owed:' || venue, value_cents, 'redemption', rid::text FROM m),
          k AS (INSERT INTO idempotency_keys (caller, key, request_hash, status_code, response)
                SELECT venue::text, 'history-' || pass_id, 'bench', 201, '{}'::jsonb FROM m)
     UPDATE passes SET state = 'redeemed' WHERE id IN (SELECT pass_id FROM m)`,
    [DEMO_PROGRAMMES.bfc, PAID_VENUES],
  );
  const keys = codeKeys(SECRET);
  const sealed = await db.query<{ code_sealed: Uint8Array }>(
    `SELECT code_sealed FROM passes WHERE state = 'distributed' ORDER BY id`,
  );
  const codes = sealed.map((r) => decryptCode(keys, r.code_sealed));

  // Vacuumed and checkpointed now, so that neither autovacuum nor the checkpointer writing the
  // set-up's pages runs during (and is counted in) the measured phases.
  await db.query('VACUUM ANALYZE');
  await db.query('CHECKPOINT');
  await db.close();

  // BENCH_SERVER_NODE_ARGS, e.g. "--cpu-prof", profiles the server under load.
  const nodeArgs = process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const server = await spawnServer(
    { ...process.env, DATABASE_URL: databaseUrl, NODE_ENV: 'test', PASSNUM_SECRET: SECRET },
    nodeArgs,
  );
  const base = server.url;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 128 });
  const request = (
    method: string,
    path: string,
    body: object,
    headers: Record<string, string> = {},
    on: string = base,
  ) =>
    new Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }>((resolve, reject) => {
      const payload = JSON.stringify(body);
      const req = http.request(
        `${on}${path}`,
        { method, agent, headers: method === 'GET' ? headers : { 'content-type': 'application/json', ...headers } },
        (res) => {
          let data = '';
          res.on('data', (c) => {
            data += c;
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: data, headers: res.headers }));
        },
      );
      req.on('error', reject);
      req.end(method === 'GET' ? undefined : payload);
    });
  const login = await request('POST', '/api/v1/auth/login', {
    email: 'lieu@epn-dijon.demo',
    password: 'Passnum-demo-venue-bfc',
  });
  const cookie = String(login.headers['set-cookie']).split(';')[0] ?? '';

  let next = 0;
  /** `count` redemptions from `concurrency` clients at once; the latency of each success. */
  const redeemMany = async (concurrency: number, count: number, servers: string[] = [base]) => {
    const latencies: number[] = [];
    let errors = 0;
    // Each client talks to one server process, round-robin, as behind a load balancer.
    const worker = async (i: number) => {
      const on = servers[i % servers.length] as string;
      while (latencies.length + errors < count) {
        const code = codes[next++];
        if (!code) return;
        const t1 = performance.now();
        const res = await request(
          'POST',
          '/api/v1/redemptions',
          { venueId: DEMO_ORGANISATIONS.epnDijon.id, codes: [code] },
          { cookie, 'idempotency-key': `bench-${code}` },
          on,
        );
        if (res.status === 201) latencies.push(performance.now() - t1);
        else errors++;
      }
    };
    await Promise.all(Array.from({ length: concurrency }, (_, i) => worker(i)));
    return { latencies, errors };
  };
  const results: {
    concurrency: number;
    requests: number;
    rps: number;
    p50: number;
    p99: number;
    errors: number;
    cpu: string;
  }[] = [];
  for (const { concurrency, requests } of LEVELS) {
    // Warm-up, not measured: a fresh server takes some 2,000 redemptions to reach its steady
    // state (V8 optimising the hot code, connections and their plans made); measured after it.
    await redeemMany(concurrency, WARM_UP);
    const cpu0 = cpuTimes(server.child.pid);
    const start = performance.now();
    const { latencies, errors } = await redeemMany(concurrency, requests);
    const seconds = (performance.now() - start) / 1000;
    latencies.sort((a, b) => a - b);
    const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0;
    const cpu1 = cpuTimes(server.child.pid);
    const per = (a: number, b: number) => ((b - a) / Math.max(1, latencies.length)).toFixed(2);
    const cpu =
      cpu0 && cpu1
        ? `; CPU par validation : serveur ${per(cpu0.server, cpu1.server)} ms, PostgreSQL ${per(cpu0.postgres, cpu1.postgres)} ms, client ${per(cpu0.client, cpu1.client)} ms`
        : '';
    results.push({ concurrency, requests, rps: latencies.length / seconds, p50: q(0.5), p99: q(0.99), errors, cpu });
  }
  // Peak memory of the server process under that load (VmHWM: the resident set's high-water mark).
  const peakRssMiB = (pid: number | undefined) => {
    try {
      const m = readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmHWM:\s+(\d+) kB/);
      return m ? Number(m[1]) / 1024 : null;
    } catch {
      return null;
    }
  };
  const rssAfterRedemptions = peakRssMiB(server.child.pid);

  // More processes over the same PostgreSQL: 64 clients spread over 1, 2 and 4 server processes.
  const extra = await Promise.all(
    [1, 2, 3].map(() =>
      spawnServer({ ...process.env, DATABASE_URL: databaseUrl, NODE_ENV: 'test', PASSNUM_SECRET: SECRET }, nodeArgs),
    ),
  );
  const multi: { processes: number; rps: number; p99: number; errors: number }[] = [];
  for (const processes of [1, 2, 4]) {
    const servers = [base, ...extra.map((e) => e.url)].slice(0, processes);
    await redeemMany(64, 2000, servers);
    const start = performance.now();
    const { latencies, errors } = await redeemMany(64, 8000, servers);
    const seconds = (performance.now() - start) / 1000;
    latencies.sort((a, b) => a - b);
    multi.push({
      processes,
      rps: latencies.length / seconds,
      p99: latencies[Math.floor(0.99 * latencies.length)] ?? 0,
      errors,
    });
  }
  const rssExtra = extra.map((e) => peakRssMiB(e.child.pid)).filter((v): v is number => v !== null);
  await Promise.all(extra.map((e) => stopServer(e)));
  // After the runs, the proof that no pass was spent twice and that the journal still balances.
  const checker = await openPostgres(databaseUrl);
  const [spent] = await checker.query<{ twice: number; orphans: number; redeemed: number }>(
    `SELECT (SELECT count(*)::int FROM (SELECT pass_id FROM redemption_passes WHERE active GROUP BY pass_id HAVING count(*) > 1) d) AS twice,
            (SELECT count(*)::int FROM passes p WHERE p.state = 'redeemed'
               AND NOT EXISTS (SELECT 1 FROM redemption_passes rp WHERE rp.pass_id = p.id AND rp.active)) AS orphans,
            (SELECT count(*)::int FROM passes WHERE state = 'redeemed') AS redeemed`,
  );
  const violations = [
    ...(await ledgerViolations(checker, DEMO_PROGRAMMES.bfc)),
    ...(await ledgerViolations(checker, spareId)),
  ];
  await checker.close();

  // Directory searches over HTTP, one client: random points of mainland France, 30 km radius.
  const searches: [string, string][] = [
    ['près d’un point, 30 km', ''],
    [
      'près d’un point, 30 km, service et programme',
      `&service=${encodeURIComponent('Aide aux démarches administratives')}&programmeId=${DEMO_PROGRAMMES.bfc}`,
    ],
  ];
  for (const [label, filters] of searches) {
    const times: number[] = [];
    let found = 0;
    for (let i = 0; i < DIRECTORY_QUERIES; i++) {
      const lat = (43.5 + Math.random() * 6).toFixed(4);
      const lon = (-1 + Math.random() * 7).toFixed(4);
      const t1 = performance.now();
      const res = await request('GET', `/api/v1/public/venues?near=${lat},${lon}&radiusKm=30${filters}`, {});
      times.push(performance.now() - t1);
      if (res.status !== 200) throw new Error(`directory search: ${res.status} ${res.body}`);
      found += (JSON.parse(res.body) as { items: unknown[] }).items.length;
    }
    times.sort((a, b) => a - b);
    const q = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))] ?? 0;
    log(
      `| Annuaire (${DIRECTORY_VENUES.toLocaleString('fr-FR')} lieux), ${label}, HTTP | p50 ${q(0.5).toFixed(1)} ms, p99 ${q(0.99).toFixed(1)} ms (${(found / DIRECTORY_QUERIES).toFixed(0)} résultats par page en moyenne) | cible < 20 ms |`,
    );
  }
  // The operator's dashboard and budget of a programme the size of BFC (50,000 passes, nearly
  // all used by now), over HTTP, one client, after the deltas (journal, spending) are folded in as the
  // running server does every minute.
  const folder = await openPostgres(databaseUrl);
  await foldKeptTotals(folder);
  await folder.query('ANALYZE');
  await folder.close();
  const operatorLogin = await request('POST', '/api/v1/auth/login', {
    email: 'operateur@mednum-bfc.demo',
    password: 'Passnum-demo-operator-bfc',
  });
  const operatorCookie = String(operatorLogin.headers['set-cookie']).split(';')[0] ?? '';
  for (const [label, path] of [
    ['Tableau de bord de l’opérateur', `/api/v1/programmes/${DEMO_PROGRAMMES.bfc}/dashboard`],
    ['Budget (soldes tenus, part de chaque financeur)', `/api/v1/programmes/${DEMO_PROGRAMMES.bfc}/budget`],
  ] as const) {
    const times: number[] = [];
    for (let i = 0; i < DASHBOARD_QUERIES + 5; i++) {
      const t1 = performance.now();
      const res = await request('GET', path, {}, { cookie: operatorCookie });
      if (res.status !== 200) throw new Error(`${path}: ${res.status} ${res.body}`);
      if (i >= 5) times.push(performance.now() - t1);
    }
    times.sort((a, b) => a - b);
    const q = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))] ?? 0;
    log(
      `| ${label}, programme de 50 000 pass (10 000 carnets), HTTP | p50 ${q(0.5).toFixed(1)} ms, p99 ${q(0.99).toFixed(1)} ms (${DASHBOARD_QUERIES} requêtes après 5) | cible < 100 ms |`,
    );
  }
  // The coverage diagnostic of the whole région: 3,697 communes against the 50,000 places of the
  // set-up (qualified for this programme), over HTTP.
  {
    const times: number[] = [];
    let communes = 0;
    for (let i = 0; i < 7; i++) {
      const t1 = performance.now();
      const res = await request(
        'GET',
        `/api/v1/programmes/${DEMO_PROGRAMMES.bfc}/coverage`,
        {},
        { cookie: operatorCookie },
      );
      if (res.status !== 200) throw new Error(`coverage: ${res.status} ${res.body}`);
      if (i >= 2) times.push(performance.now() - t1);
      communes = (JSON.parse(res.body) as { communes: unknown[] }).communes.length;
    }
    times.sort((a, b) => a - b);
    log(
      `| Diagnostic de couverture de la région (${communes.toLocaleString('fr-FR')} communes, ${DIRECTORY_VENUES.toLocaleString('fr-FR')} lieux qualifiés), HTTP | médiane ${(times[2] ?? 0).toFixed(0)} ms (5 requêtes après 2) | cible < 2 s |`,
    );
  }
  await stopServer(server);

  // Payments: the 20,000 venues of the set-up, one redeemed pass each, get paid (not measured).
  const pay = await openPostgres(databaseUrl);
  const sealer = ibanSealer(SECRET);
  const iban = sealer.seal('FR7630006000011234567890189');
  await pay.query(
    `INSERT INTO bank_accounts (organisation_id, holder, iban_sealed, iban_masked, bic, status)
     SELECT organisation_id, name, $1, $2, 'AGRIFRPP882', 'confirmed' FROM venues WHERE source = 'bench'`,
    [iban.sealed, iban.masked],
  );
  await pay.query(
    `UPDATE programmes SET debtor_name = 'MedNum BFC', debtor_iban_sealed = $2, debtor_iban_masked = $3,
            debtor_bic = 'AGRIFRPP882'
      WHERE id = $1`,
    [DEMO_PROGRAMMES.bfc, iban.sealed, iban.masked],
  );
  await pay.query('ANALYZE');
  const system = { actor: null, requestId: 'bench' };
  const t2 = performance.now();
  const drawn = await drawUpStatements(pay, system, DEMO_PROGRAMMES.bfc, new Date().toISOString().slice(0, 10));
  const drawSeconds = (performance.now() - t2) / 1000;
  await pay.query(
    `UPDATE statements s SET status = 'validated',
            amount_cents = (SELECT sum(amount_cents) FROM statement_lines l WHERE l.statement_id = s.id)`,
  );
  const operator = await actorByUserId(
    pay,
    DEMO_ACCOUNTS.find((a) => a.email === 'operateur@mednum-bfc.demo')?.id ?? '',
  );
  if (!operator) throw new Error('bench: no operator');
  const t3 = performance.now();
  const { batch } = await createBatch(pay, { actor: operator, requestId: 'bench' }, DEMO_PROGRAMMES.bfc, {
    requestKey: 'bench',
    executionDate: new Date().toISOString().slice(0, 10),
  });
  const batchSeconds = (performance.now() - t3) / 1000;
  const t4 = performance.now();
  const { xml } = await batchSepaXml(pay, sealer, batch.id);
  const xmlSeconds = (performance.now() - t4) / 1000;
  await pay.close();
  log(
    `| Relevés de ${drawn.statementsCreated.toLocaleString('fr-FR')} lieux (${drawn.linesAdded.toLocaleString('fr-FR')} lignes) | ${drawSeconds.toFixed(2)} s | en secondes |`,
  );
  log(
    `| Lot de paiement de ${batch.statements.toLocaleString('fr-FR')} relevés, puis son fichier SEPA (${(xml.length / 2 ** 20).toFixed(1)} Mio) | lot ${batchSeconds.toFixed(2)} s, fichier ${xmlSeconds.toFixed(2)} s | en secondes |`,
  );
  for (const r of results) {
    log(
      `| Validations HTTP, ${r.concurrency} client(s), ${r.requests} après ${WARM_UP} d’échauffement | ${r.rps.toFixed(0)} /s, p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms${r.errors ? `, ${r.errors} erreurs` : ''}${r.cpu} | cible ≥ 1 000 /s, p99 < 50 ms |`,
    );
  }

  const one = multi[0]?.rps ?? 1;
  for (const m of multi) {
    log(
      `| Validations HTTP, 64 clients répartis sur ${m.processes} processus serveur, 8000 après 2000 d’échauffement | ${m.rps.toFixed(0)} /s (× ${(m.rps / one).toFixed(2)}), p99 ${m.p99.toFixed(1)} ms${m.errors ? `, ${m.errors} erreurs` : ''} | × 1,6 à 2 processus si les cœurs le permettent |`,
    );
  }
  log(
    `| Après les validations multi-processus | ${spent?.twice ?? '?'} pass dépensé deux fois, ${spent?.orphans ?? '?'} pass « validé » sans validation, sur ${(spent?.redeemed ?? 0).toLocaleString('fr-FR')} ; journal : ${violations.length === 0 ? 'équilibré et égal aux pass' : violations.join(' ; ')} | 0, 0, équilibré |`,
  );
  log(
    `| Mémoire : pic de RSS d’un processus serveur | ${rssAfterRedemptions?.toFixed(0) ?? '?'} Mio après ses validations à 1, 16 et 64 clients ; ${rssExtra.map((r) => r.toFixed(0)).join(', ')} Mio pour les autres processus | cible < 300 Mio |`,
  );

  // pgbench -N on the same server: the single-row update rate to compare with.
  execFileSync('pgbench', [...pgArgs, '-i', '-q', '-s', '1', dbName], { stdio: 'ignore' });
  const out = execFileSync('pgbench', [...pgArgs, '-N', '-c', '16', '-j', '2', '-T', '10', dbName]).toString();
  const tps = Number(out.match(/tps = ([\d.]+)/)?.[1] ?? 0);
  log(
    `| pgbench -N, 16 clients, 10 s (même serveur) | ${tps.toFixed(0)} tps | validations ≥ ${(tps / 3).toFixed(0)} /s visées |`,
  );
} finally {
  // BENCH_KEEP_DATABASE=1 keeps the bench's database to look into a figure afterwards.
  if (process.env.BENCH_KEEP_DATABASE === '1') console.log(`Base du banc gardée : ${databaseUrl}`);
  else await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await admin.end();
}

prependSection(machine(pgSettings), lines, `Commit ${measured}.`);
console.log(`\nÉcrit dans BENCHMARKS.md`);
