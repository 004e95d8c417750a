import { loadConfig } from '../config.js';
import { migrate } from '../db/migrate.js';
import { openDatabase } from '../db/open.js';
import { demoAccountsListing } from '../modules/demo/demo.data.js';
import { isEmpty, seedDemo } from '../modules/demo/demo.seed.js';
import { foldKeptTotals } from '../modules/system/kept-totals.js';
import { sealPlaintextIbans } from '../modules/venues/iban.crypto.js';
import { createJobRunner, createServer, scheduleDailyJobs } from '../server.js';
import { buildWebApart, WEB_DIST, webIsStale } from './web-build.js';

/** `npm start`: front end built if stale, database migrated (and seeded when new), server up. */
export async function startServer(): Promise<void> {
  const config = loadConfig();
  if (process.env.PASSNUM_SKIP_WEB_BUILD !== '1' && webIsStale()) buildWebApart();
  const opened = await openDatabase(config, 'start');
  const { db, readDb } = opened;
  await migrate(db);
  await sealPlaintextIbans(db, config.secret);
  const seeded = config.env !== 'production' && db.kind === 'pglite' && (await isEmpty(db));
  if (seeded) await seedDemo(db);
  const jobs = createJobRunner({ config, db });
  const { app } = await createServer({ config, db, readDb, webDist: WEB_DIST, jobs });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'arrêt en cours : fin des requêtes en cours');
    await app.close();
    await jobs.stop();
    await opened.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));

  const address = await app.listen({ port: config.port, host: config.host });
  const port = Number(new URL(address).port);
  const url = config.publicUrl.replace(`:${config.port}`, `:${port}`);
  opened.announce(url);
  jobs.start();
  const schedule = () =>
    scheduleDailyJobs(db).then(
      () => jobs.kick(),
      (err: unknown) => app.log.error({ err }, 'scheduling failed'),
    );
  void schedule();
  setInterval(schedule, 3_600_000).unref();
  // The deltas are folded into the kept balances and spending every minute, so reading them stays cheap.
  setInterval(() => {
    foldKeptTotals(db).catch((err: unknown) => app.log.error({ err }, 'compaction failed'));
  }, 60_000).unref();
  const lines = [
    '',
    `Passnum est en marche : ${url}`,
    `Base de données : ${db.kind === 'pglite' ? `PGlite embarquée (${config.dataDir})` : 'PostgreSQL'}`,
    `Documentation de l’API : ${url}/api/docs`,
  ];
  if (config.env !== 'production' && db.kind === 'pglite') {
    lines.push(seeded ? 'Données de démonstration chargées. Comptes :' : 'Comptes de démonstration :');
    for (const a of demoAccountsListing()) lines.push(`  ${a.role.padEnd(12)} ${a.email.padEnd(38)} ${a.password}`);
  }
  console.log(lines.join('\n'));
}
