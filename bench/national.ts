/**
 * `npm run bench:national`: the national data set (`passnum simulate --scale national`: 99
 * programmes, 10 million passes) and what is measured on it: the simulation itself, issuance of
 * 1,000,000 passes beside a raw COPY of the same rows, the dashboards, the budget, the coverage
 * diagnostic and the directory over HTTP, the month's statements of every venue, a SEPA file, the
 * memory of the print PDF of 10,000 carnets and of the exports while they are downloaded.
 *
 * The simulation takes about 25 minutes on a 2-core machine (twice that when it is shared): with BENCH_NATIONAL_DATABASE_URL
 * naming a database already simulated (seed 1, the bench's secret), it is measured there instead
 * (and kept); otherwise a database of its own is made, simulated, measured and dropped.
 */
import { writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import pg from 'pg';
import { loadConfig } from '../src/config.js';
import { openPostgres } from '../src/db/db.js';
import { migrate } from '../src/db/migrate.js';
import { actorByUserId } from '../src/modules/accounts/accounts.service.js';
import { ledgerViolations } from '../src/modules/ledger/ledger.service.js';
import { batchSepaXml, createBatch } from '../src/modules/payments/batches.service.js';
import { drawUpStatements } from '../src/modules/payments/statements.service.js';
import { simulateNational } from '../src/modules/simulation/national.service.js';
import { ibanSealer } from '../src/modules/venues/iban.crypto.js';
import { createJobRunner, DAILY_JOBS } from '../src/server.js';
import { spawnServer, stopServer } from '../test/spawn-server.js';
import {
  commit,
  dailyJobsDone,
  machine,
  percentiles,
  prependSection,
  queueOrder,
  rawPassCopySeconds,
  rssOf,
} from './report.js';

const BASE = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const GIVEN = process.env.BENCH_NATIONAL_DATABASE_URL;
const SECRET = 'benchmark-secret-0123456789abcdef0123456789';
const QUERIES = 30;
const OPERATOR = 'operateur@mednum-bfc.demo';
const FUNDER = 'financeur@region-bfc.demo';

// The commit measured, read before anything runs: a commit made during a long run is not it.
const measured = commit();
const lines: string[] = [];
const log = (measure: string, result: string, target: string) => {
  const line = `| ${measure} | ${result} | ${target} |`;
  console.log(line);
  lines.push(line);
};
const fr = (n: number) => Math.round(n).toLocaleString('fr-FR');

const admin = new pg.Client({ connectionString: BASE });
await admin.connect();
const settings = await admin.query<{ name: string; setting: string }>(
  `SELECT name, current_setting(name) AS setting FROM pg_settings
    WHERE name IN ('autovacuum', 'synchronous_commit', 'shared_buffers', 'max_wal_size') ORDER BY name`,
);
const pgSettings = settings.rows.map((r) => `${r.name}=${r.setting}`).join(', ');
const dbName = GIVEN ? new URL(GIVEN).pathname.slice(1) : `passnum_national_${Date.now()}`;
const url = new URL(BASE);
url.pathname = `/${dbName}`;
const databaseUrl = GIVEN ?? url.href;
if (!GIVEN) await admin.query(`CREATE DATABASE ${dbName}`);

let simSeconds = 0;
try {
  const db = await openPostgres(databaseUrl);
  await migrate(db);
  if (!GIVEN) {
    const t0 = performance.now();
    let shown = -1;
    const result = await simulateNational(db, {
      databaseUrl,
      secret: SECRET,
      seed: 1,
      progress: (step, f) => {
        const pct = Math.floor(f * 100);
        if (pct !== shown) {
          shown = pct;
          process.stderr.write(`\r${String(pct).padStart(3)} % ${step.padEnd(50)}`);
        }
      },
    });
    process.stderr.write('\n');
    simSeconds = (performance.now() - t0) / 1000;
    log(
      'Simulation nationale (`passnum simulate --scale national --seed 1`), COPY, une transaction par programme',
      `${((performance.now() - t0) / 60_000).toFixed(1)} min pour ${result.programmes} programmes, ${fr(result.passes)} pass (${fr(result.passes / ((performance.now() - t0) / 1000))} pass/s avec leurs personnes, carnets, validations, relevés, journal) ; pic de RSS du processus ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} Mio`,
      'reprise possible, une seule fois par base',
    );
  }
  if (GIVEN) {
    // Simulated beforehand (`passnum simulate --scale national`): its duration as the run recorded it.
    const [run] = await db.query<{ seconds: number; seed: string }>(
      `SELECT extract(epoch FROM finished_at - started_at)::float8 AS seconds, seed::text FROM simulations WHERE scale = 'national'`,
    );
    if (!run?.seconds) throw new Error('BENCH_NATIONAL_DATABASE_URL: no finished national simulation in this database');
    simSeconds = run.seconds;
    log(
      `Simulation nationale (\`passnum simulate --scale national --seed ${run.seed}\`, lancée à part), COPY, une transaction par programme`,
      `${(run.seconds / 60).toFixed(1)} min (début et fin relevés dans la table simulations)`,
      'reprise possible, une seule fois par base',
    );
  }
  const [facts] = await db.query<Record<string, number>>(
    `SELECT (SELECT count(*) FROM programmes WHERE code LIKE 'N%')::int AS programmes,
            (SELECT count(*) FROM passes)::int AS passes, (SELECT count(*) FROM carnets)::int AS carnets,
            (SELECT count(*) FROM beneficiaries)::int AS people, (SELECT count(*) FROM redemptions)::int AS redemptions,
            (SELECT count(*) FROM ledger_entries)::int AS entries, (SELECT count(*) FROM statements)::int AS statements,
            (SELECT count(*) FROM venues)::int AS venues, (SELECT count(*) FROM evaluations)::int AS answers,
            (SELECT count(*) FROM reminder_enrolments)::int AS enrolments,
            (pg_database_size(current_database()) / 1048576)::int AS mib`,
  );
  const f = facts as Record<string, number>;
  log(
    'Données nationales',
    `${f.programmes} programmes, ${fr(f.passes ?? 0)} pass, ${fr(f.carnets ?? 0)} carnets, ${fr(f.people ?? 0)} personnes, ${fr(f.redemptions ?? 0)} validations, ${fr(f.entries ?? 0)} écritures, ${fr(f.statements ?? 0)} relevés, ${fr(f.venues ?? 0)} lieux, ${fr(f.answers ?? 0)} avis, ${fr(f.enrolments ?? 0)} carnets tirés pour les relances ; base de ${((f.mib ?? 0) / 1024).toFixed(1)} Gio`,
    '10 000 000 pass, 2 000 000 personnes, 20 000 lieux',
  );

  // The programmes measured: the largest, and the one closest to Bourgogne-Franche-Comté's 50,000 passes.
  const sizes = await db.query<{ id: string; code: string; passes: number }>(
    `SELECT g.id, g.code, sum(u.passes)::int AS passes FROM programmes g JOIN carnet_usage u ON u.programme_id = g.id
      WHERE g.code LIKE 'N%' GROUP BY g.id, g.code ORDER BY passes DESC`,
  );
  const largest = sizes[0] as (typeof sizes)[number];
  const bfcSized = [...sizes].sort(
    (a, b) => Math.abs(a.passes - 50_000) - Math.abs(b.passes - 50_000),
  )[0] as (typeof sizes)[number];
  await db.query(
    `INSERT INTO user_roles (programme_id, user_id, role)
     SELECT p, u.id, CASE WHEN u.email = $2 THEN 'operator' ELSE 'funder' END
       FROM unnest($1::uuid[]) AS p, users u WHERE u.email IN ($2, $3)
     ON CONFLICT DO NOTHING`,
    [[largest.id, bfcSized.id], OPERATOR, FUNDER],
  );
  await db.query('ANALYZE');

  const start = () =>
    spawnServer({ ...process.env, DATABASE_URL: databaseUrl, NODE_ENV: 'test', PASSNUM_SECRET: SECRET });
  const serverStarted = new Date();
  let server = await start();
  // The daily jobs a server runs when it starts (on a new simulation: expiry, the month's
  // statements, reminders and their e-mails for 99 programmes) are measured on their own, not
  // mixed with the dashboards below.
  writeFileSync(`/proc/${server.child.pid}/clear_refs`, '5');
  const dailySeconds = await dailyJobsDone(db, serverStarted, DAILY_JOBS.length);
  log(
    'Tâches du jour lancées par le serveur à son démarrage (échéances, relevés du mois, relances et leurs courriels, effacements)',
    `${dailySeconds.toFixed(0)} s ; RSS du serveur au plus haut ${rssOf(server.child.pid as number).peak.toFixed(0)} Mio`,
    'RSS < 300 Mio',
  );
  const agent = new http.Agent({ keepAlive: true });
  const request = (method: string, path: string, body?: object, cookie = '') =>
    new Promise<{ status: number; body: Buffer; headers: http.IncomingHttpHeaders }>((resolve, reject) => {
      const req = http.request(
        `${server.url}${path}`,
        { method, agent, headers: { ...(body ? { 'content-type': 'application/json' } : {}), cookie } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks), headers: res.headers }),
          );
          // A response cut short (the server ended the stream on an error) fails the run instead of hanging it.
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body ? JSON.stringify(body) : undefined);
    });
  const login = async (email: string, password: string) => {
    const res = await request('POST', '/api/v1/auth/login', { email, password });
    return String(res.headers['set-cookie']).split(';')[0] ?? '';
  };
  const operator = await login(OPERATOR, 'Passnum-demo-operator-bfc');
  const funder = await login(FUNDER, 'Passnum-demo-funder-bfc');
  const timed = async (path: string, cookie: string, n = QUERIES, warm = 5) => {
    const times: number[] = [];
    for (let i = 0; i < n + warm; i++) {
      const t = performance.now();
      const res = await request('GET', path, undefined, cookie);
      if (res.status !== 200) throw new Error(`${path}: ${res.status} ${res.body.toString().slice(0, 300)}`);
      if (i >= warm) times.push(performance.now() - t);
    }
    return percentiles(times);
  };
  for (const [label, p, cookie, target] of [
    ['Tableau de bord de l’opérateur, le plus grand programme', largest, operator, 'cible < 500 ms'],
    ['Tableau de bord du financeur, le plus grand programme', largest, funder, 'cible < 500 ms'],
    ['Tableau de bord de l’opérateur, programme de la taille de BFC', bfcSized, operator, 'cible < 100 ms'],
  ] as const) {
    const r = await timed(`/api/v1/programmes/${p.id}/dashboard`, cookie);
    log(
      `${label} (${p.code}, ${fr(p.passes)} pass) dans une base de ${fr(f.passes ?? 0)} pass, HTTP`,
      `p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms (${QUERIES} requêtes après 5)`,
      target,
    );
  }
  {
    const r = await timed(`/api/v1/programmes/${largest.id}/budget`, funder);
    log(
      `Budget par financeur, le plus grand programme (${largest.code}), HTTP`,
      `p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms`,
      'cible < 100 ms',
    );
  }
  {
    const r = await timed(`/api/v1/programmes/${largest.id}/coverage`, operator, 5, 2);
    log(
      `Diagnostic de couverture, le plus grand programme (${largest.code}), HTTP`,
      `médiane ${r.p50.toFixed(0)} ms (5 requêtes après 2)`,
      'cible < 2 s',
    );
  }
  {
    const times: number[] = [];
    const communes = await db.query<{ lat: number; lon: number }>(
      `SELECT latitude AS lat, longitude AS lon FROM venues WHERE source = 'simulation-national' ORDER BY md5(id::text) LIMIT 200`,
    );
    for (const [i, c] of [...communes, ...communes.slice(0, 20)].entries()) {
      const t = performance.now();
      const res = await request('GET', `/api/v1/public/venues?near=${c.lat},${c.lon}&radiusKm=30`);
      if (res.status !== 200) throw new Error(`directory: ${res.status}`);
      if (i >= 20) times.push(performance.now() - t);
    }
    const r = percentiles(times);
    log(
      `Annuaire près d’un point, 30 km, parmi ${fr(f.venues ?? 0)} lieux, HTTP`,
      `p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms (200 requêtes après 20)`,
      'cible < 20 ms',
    );
  }

  /** A download over HTTP with the server's peak memory while it lasts (its peak counter reset first). */
  const download = async (
    label: string,
    path: string,
    cookie: string,
    target: string,
    count?: (b: Buffer) => string,
  ) => {
    const pid = server.child.pid as number;
    const before = rssOf(pid).now;
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    const t = performance.now();
    const res = await request('GET', path, undefined, cookie);
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${res.body.toString().slice(0, 300)}`);
    const seconds = (performance.now() - t) / 1000;
    const peak = rssOf(pid).peak;
    const size =
      res.body.length < 2 ** 20
        ? `${(res.body.length / 1024).toFixed(0)} Kio`
        : `${(res.body.length / 2 ** 20).toFixed(1)} Mio`;
    log(
      label,
      `${size}${count ? `, ${count(res.body)}` : ''} en ${seconds.toFixed(1)} s ; RSS du serveur ${before.toFixed(0)} Mio avant, pic ${peak.toFixed(0)} Mio pendant`,
      target,
    );
  };
  await download(
    `Export XLSX du tableau de bord, le plus grand programme (${largest.code})`,
    `/api/v1/programmes/${largest.id}/dashboard.xlsx`,
    operator,
    'flux ; RSS < 300 Mio',
  );
  await download(
    'Données ouvertes des lieux (CSV, standard national)',
    '/api/v1/public/venues.csv',
    '',
    'flux ; RSS < 300 Mio',
    (b) => `${fr(b.toString('utf8').split('\n').length - 2)} lignes`,
  );

  // The server is stopped while the orders are issued here: its own job runner would take them.
  await stopServer(server);

  // Issuance of 1,000,000 passes (20 orders of 10,000 carnets) through the real job, in a programme
  // of the bench's own (the simulated ones keep their figures for the next run), its territory the
  // largest one's.
  const [benchProgramme] = await db.query<{ id: string }>(
    `INSERT INTO programmes (code, name, operator_organisation_id, territory, envelope_cents, start_date, validity_months,
                             eligibility, prescription_mode)
     SELECT $1, 'Programme du banc national', operator_organisation_id, territory, 2000000000, current_date, 12, '[{}]', 'open'
       FROM programmes WHERE id = $2 RETURNING id`,
    [`B${Date.now().toString(36).toUpperCase().slice(-8)}`, largest.id],
  );
  const issuing = (benchProgramme as { id: string }).id;
  await db.query(
    `INSERT INTO user_roles (programme_id, user_id, role) SELECT $1, id, 'operator' FROM users WHERE email = $2`,
    [issuing, OPERATOR],
  );
  const config = loadConfig({
    NODE_ENV: 'test',
    PASSNUM_SECRET: SECRET,
    LOG_LEVEL: 'silent',
    DATABASE_URL: databaseUrl,
  });
  const orders: string[] = [];
  for (let i = 0; i < 20; i++) {
    orders.push(await queueOrder(db, issuing));
  }
  const t1 = performance.now();
  await createJobRunner({ config, db, mailer: null }).drain();
  const issueSeconds = (performance.now() - t1) / 1000;
  const pgArgs = ['-h', url.hostname, '-p', url.port || '5432', '-U', url.username || 'postgres', dbName];
  const copyFile = `${os.tmpdir()}/passnum-national-passes-${process.pid}.csv`;
  const copySeconds = rawPassCopySeconds(pgArgs, orders, copyFile);
  log(
    `Émission de 1 000 000 pass (20 commandes de 10 000 carnets, tâche complète) dans une base de ${fr(f.passes ?? 0)} pass`,
    `${issueSeconds.toFixed(1)} s, ${fr(1_000_000 / issueSeconds)} pass/s ; COPY brut des mêmes lignes : ${copySeconds.toFixed(1)} s, ${fr(1_000_000 / copySeconds)} lignes/s ; rapport ${(copySeconds / issueSeconds).toFixed(2)}`,
    'rapport ≥ 0,5',
  );
  log(
    'Simulation nationale comparée au COPY brut mesuré ci-dessus',
    `${fr((f.passes ?? 0) / simSeconds)} pass/s (chacun avec sa part de personnes, carnets, validations, relevés, écritures, avis) contre ${fr(1_000_000 / copySeconds)} lignes de pass/s en COPY brut ; rapport ${((f.passes ?? 0) / simSeconds / (1_000_000 / copySeconds)).toFixed(2)}`,
    'repère, sans cible : la simulation écrit 4 à 5 lignes par pass',
  );
  server = await start();
  const printer = await login(OPERATOR, 'Passnum-demo-operator-bfc');
  await download(
    'Fichier d’impression PDF d’une commande de 10 000 carnets (50 000 QR codes)',
    `/api/v1/orders/${orders[0]}/print.pdf`,
    printer,
    'flux ; RSS < 300 Mio',
    (b) => `${fr((b.toString('latin1').match(/\/Type \/Page\b/g) ?? []).length)} pages`,
  );
  await stopServer(server);

  // The month's statements of every venue of every programme, then one programme's payment batch and SEPA file.
  const system = { actor: null, requestId: 'bench' };
  const programmes = await db.query<{ id: string }>(`SELECT id FROM programmes WHERE code LIKE 'N%'`);
  let statements = 0;
  let statementLines = 0;
  const t3 = performance.now();
  for (const p of programmes) {
    const drawn = await drawUpStatements(db, system, p.id, new Date().toISOString().slice(0, 10));
    statements += drawn.statementsCreated;
    statementLines += drawn.linesAdded;
  }
  log(
    `Relevés du mois de tous les lieux des ${programmes.length} programmes`,
    `${((performance.now() - t3) / 1000).toFixed(1)} s pour ${fr(statements)} relevés, ${fr(statementLines)} lignes`,
    'en secondes',
  );
  const operatorActor = await actorByUserId(
    db,
    (await db.query<{ id: string }>('SELECT id FROM users WHERE email = $1', [OPERATOR]))[0]?.id ?? '',
  );
  if (!operatorActor) throw new Error('bench: no operator');
  const t4 = performance.now();
  const { batch } = await createBatch(db, { actor: operatorActor, requestId: 'bench' }, largest.id, {
    requestKey: 'bench-national',
    executionDate: new Date().toISOString().slice(0, 10),
  });
  const batchSeconds = (performance.now() - t4) / 1000;
  const t5 = performance.now();
  const { xml } = await batchSepaXml(db, ibanSealer(SECRET), batch.id);
  log(
    `Lot de paiement du plus grand programme (${fr(batch.statements)} relevés validés), puis son fichier SEPA`,
    `lot ${batchSeconds.toFixed(2)} s, fichier ${((performance.now() - t5) / 1000).toFixed(2)} s (${(xml.length / 2 ** 20).toFixed(1)} Mio)`,
    'en secondes',
  );
  let violations = 0;
  const t6 = performance.now();
  for (const p of programmes) violations += (await ledgerViolations(db, p.id)).length;
  log(
    `Contrôle du journal des ${programmes.length} programmes (soldes tenus = journal = états des pass)`,
    `${violations} écart(s), en ${((performance.now() - t6) / 1000).toFixed(1)} s`,
    '0 écart',
  );
  await db.close();
} finally {
  if (!GIVEN) await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await admin.end();
}

prependSection(`données nationales — ${machine(pgSettings)}`, lines, `Commit ${measured}. \`npm run bench:national\`.`);
console.log('\nÉcrit dans BENCHMARKS.md');
