import { randomBytes } from 'node:crypto';
import { basename } from 'node:path';
import { Command } from 'commander';
import { type Config, loadConfig } from '../config.js';
import { BackupRefused, backupEmbedded, restoreEmbedded } from '../db/backup.js';
import { migrate } from '../db/migrate.js';
import { DatabaseBusyError, type OpenedDb, openDatabase } from '../db/open.js';
import { AppError } from '../errors.js';
import { createAdmin } from '../modules/accounts/admin.service.js';
import { demoAccountsListing } from '../modules/demo/demo.data.js';
import { seedDemo } from '../modules/demo/demo.seed.js';
import { ledgerViolations } from '../modules/ledger/ledger.service.js';
import { listAllProgrammes } from '../modules/programmes/programmes.service.js';
import { simulateNational } from '../modules/simulation/national.service.js';
import { isScale } from '../modules/simulation/simulation.rules.js';
import { simulate } from '../modules/simulation/simulation.service.js';
import { sealPlaintextIbans } from '../modules/venues/iban.crypto.js';
import { readImportFile } from '../modules/venues/import.reader.js';
import { importVenues } from '../modules/venues/import.service.js';
import { expirePasses } from '../modules/vouchers/lifecycle.service.js';
import { createOrder, getOrder } from '../modules/vouchers/orders.service.js';
import { createJobRunner } from '../server.js';
import { startServer } from './start.js';
import { buildWeb } from './web-build.js';

const program = new Command('passnum').description('Passnum — plateforme des Pass numériques').showHelpAfterError();

/** Opens the database for a one-shot command, migrated, and always closes it. */
async function withDatabase<T>(command: string, fn: (opened: OpenedDb, config: Config) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const opened = await openDatabase(config, command);
  try {
    await migrate(opened.db);
    return await fn(opened, config);
  } finally {
    await opened.close();
  }
}

program
  .command('start')
  .description(
    'Démarre le serveur (construit l’interface web si besoin, migre la base, données de démo sur une base embarquée vide)',
  )
  .action(async () => {
    await startServer();
  });

program
  .command('migrate')
  .description('Applique les migrations de la base de données')
  .action(async () => {
    const applied = await withDatabase('migrate', async ({ db }) => {
      const done = await migrate(db);
      await sealPlaintextIbans(db, loadConfig().secret);
      return done;
    });
    console.log(applied.length ? `Migrations appliquées : ${applied.join(', ')}` : 'La base est à jour.');
  });

program
  .command('seed-demo')
  .description('Charge les données de démonstration (jamais en production)')
  .action(async () => {
    if (loadConfig().env === 'production') {
      throw new Error(
        'Refusé : les données de démonstration ne sont jamais chargées en production (NODE_ENV=production).',
      );
    }
    await withDatabase('seed-demo', ({ db }) => seedDemo(db));
    console.log('Données de démonstration chargées. Comptes : passnum demo-accounts');
  });

program
  .command('simulate')
  .description(
    'Remplit une base de démonstration avec la vie synthétique et réaliste d’un programme (jamais en production)',
  )
  .requiredOption(
    '--scale <échelle>',
    'lozere (3 600 pass, quelques secondes), region (50 000 pass) ou national (10 millions de pass, PostgreSQL, environ 25 minutes sur 2 cœurs)',
  )
  .option('--seed <nombre>', 'graine : la même graine donne le même programme', '1')
  .action(async (opts: { scale: string; seed: string }) => {
    if (loadConfig().env === 'production') {
      throw new Error('Refusé : une simulation ne se lance jamais en production (NODE_ENV=production).');
    }
    const seed = Number.parseInt(opts.seed, 10);
    if (!Number.isSafeInteger(seed) || seed < 0) throw new Error('La graine est un nombre entier positif.');
    let shown = 0;
    const progress = (step: string, f: number) => {
      // Steps overlap (the next programme is drawn while one is written): the bar never goes back.
      shown = Math.max(shown, f);
      process.stderr.write(
        `\r${bar(shown)} ${String(Math.round(shown * 100)).padStart(3)} % ${step.padEnd(48).slice(0, 48)}`,
      );
    };
    const started = Date.now();
    if (opts.scale === 'national') {
      const counts = await withDatabase('simulate', ({ db }, config) =>
        simulateNational(db, { databaseUrl: config.databaseUrl ?? '', secret: config.secret, seed, progress }),
      );
      process.stderr.write('\n');
      console.log(
        `Simulation nationale (graine ${seed}) : ${counts.programmes} programmes, ${counts.passes} pass dont ${counts.used} utilisés, ${counts.venues} lieux, en ${counts.seconds.toFixed(0)} s.`,
      );
      return;
    }
    if (!isScale(opts.scale)) throw new Error(`Échelle inconnue « ${opts.scale} » : lozere, region ou national.`);
    const scale = opts.scale;
    const counts = await withDatabase('simulate', ({ db }, config) =>
      simulate(
        db,
        { config, drainJobs: () => createJobRunner({ config, db, mailer: null }).drain() },
        scale,
        seed,
        progress,
      ),
    );
    process.stderr.write('\n');
    console.log(
      `Simulation ${scale} (graine ${seed}) : ${counts.carnets} carnets remis, ${counts.used} pass utilisés, ${counts.venues} lieux, en ${((Date.now() - started) / 1000).toFixed(1)} s.`,
    );
  });

/** A text progress bar of 24 cells. */
function bar(fraction: number): string {
  const full = Math.round(Math.max(0, Math.min(1, fraction)) * 24);
  return `[${'#'.repeat(full)}${'.'.repeat(24 - full)}]`;
}

program
  .command('create-admin')
  .description('Crée un administrateur de la plateforme (et son organisation si besoin)')
  .requiredOption('--email <email>', 'adresse électronique')
  .requiredOption('--name <nom>', 'nom affiché')
  .requiredOption('--organisation <nom>', "nom de l'organisation de rattachement")
  .requiredOption('--siret <siret>', "SIRET de l'organisation")
  .option(
    '--password <mot-de-passe>',
    'mot de passe (sinon généré et affiché une fois ; PASSNUM_ADMIN_PASSWORD est aussi lu)',
  )
  .action(async (opts: { email: string; name: string; organisation: string; siret: string; password?: string }) => {
    const password = opts.password ?? process.env.PASSNUM_ADMIN_PASSWORD ?? randomBytes(18).toString('base64url');
    const user = await withDatabase('create-admin', ({ db }) =>
      createAdmin(db, {
        email: opts.email,
        displayName: opts.name,
        password,
        organisationName: opts.organisation,
        siret: opts.siret,
      }),
    );
    console.log(`Administrateur créé : ${user.email}`);
    if (!opts.password && !process.env.PASSNUM_ADMIN_PASSWORD)
      console.log(`Mot de passe (affiché une seule fois) : ${password}`);
  });

program
  .command('programmes')
  .description('Programmes')
  .command('list')
  .description('Liste les programmes')
  .option('--json', 'sortie JSON')
  .action(async (opts: { json?: boolean }) => {
    const list = await withDatabase('programmes list', ({ db }) => listAllProgrammes(db));
    if (opts.json) {
      console.log(JSON.stringify(list, null, 2));
      return;
    }
    for (const p of list) {
      console.log(`${p.code.padEnd(8)} ${p.id}  ${p.name}  (${(p.envelopeCents / 100).toLocaleString('fr-FR')} €)`);
    }
  });

program
  .command('order')
  .description('Commande des carnets pour un programme et suit leur émission')
  .requiredOption('--programme <code>', 'code du programme (par exemple BFC22)')
  .requiredOption('--carnets <nombre>', 'nombre de carnets', (v) => Number.parseInt(v, 10))
  .action(async (opts: { programme: string; carnets: number }) => {
    const order = await withDatabase('order', async ({ db }, config) => {
      const programmes = await listAllProgrammes(db);
      const programme = programmes.find((p) => p.code === opts.programme || p.id === opts.programme);
      if (!programme) throw new AppError('PROGRAMME_NOT_FOUND');
      const { orderId } = await createOrder(db, { actor: null, requestId: null }, programme.id, opts.carnets);
      const jobs = createJobRunner({ config, db });
      const running = jobs.drain();
      let shown = -1;
      const show = async () => {
        const o = await getOrder(db, orderId);
        const pct = Math.floor(o.progress * 100);
        if (pct !== shown) process.stderr.write(`\rÉmission : ${String(pct).padStart(3)} %`);
        shown = pct;
        return o;
      };
      const timer = setInterval(() => void show(), 250);
      await running;
      clearInterval(timer);
      const done = await show();
      process.stderr.write('\n');
      return done;
    });
    if (order.status !== 'done') throw new Error(`Émission en échec : ${order.error ?? 'raison inconnue'}`);
    console.log(
      `Commande ${order.orderId} : ${order.carnets} carnets émis, de ${order.carnetSerials?.[0]} à ${order.carnetSerials?.at(-1)}.`,
    );
  });

program
  .command('import-venues')
  .description("Importe des lieux dans l'annuaire pour le territoire d'un programme (aperçu sans --apply)")
  .requiredOption('--programme <code>', 'code du programme (par exemple LOZ)')
  .requiredOption('--file <chemin>', 'fichier CSV ou JSON')
  .option('--format <format>', 'standard (standard national) ou france-services', 'standard')
  .option('--apply', "enregistre l'import (sans cette option : aperçu, rien n'est écrit)")
  .action(async (opts: { programme: string; file: string; format: string; apply?: boolean }) => {
    if (opts.format !== 'standard' && opts.format !== 'france-services') {
      throw new Error('Format inconnu : standard ou france-services.');
    }
    const format = opts.format;
    const { encoding, rows } = await readImportFile(opts.file);
    if (encoding !== 'utf-8') console.log(`Fichier lu en ${encoding} (il n'est pas en UTF-8).`);
    const report = await withDatabase('import-venues', async ({ db }) => {
      const programme = (await listAllProgrammes(db)).find((p) => p.code === opts.programme || p.id === opts.programme);
      if (!programme) throw new AppError('PROGRAMME_NOT_FOUND');
      return importVenues(db, { actor: null, requestId: null }, programme.id, {
        format,
        fileName: basename(opts.file),
        content: rows,
        dryRun: !opts.apply,
      });
    });
    console.log(
      `${report.dryRun ? 'Aperçu (rien enregistré)' : 'Import enregistré'} : ${report.rowsRead} lignes, ${report.created} nouveaux lieux, ${report.updated} mis à jour, ${report.unchanged} inchangés, ${report.outOfTerritory} hors territoire, ${report.rejected.length} rejetées.`,
    );
    for (const r of report.rejected) console.log(`  ligne ${r.line} (${r.id ?? '?'} ${r.name ?? ''}) : ${r.reason}`);
  });

program
  .command('expire')
  .description('Fait expirer les pass dont la validité est passée (leur valeur revient au programme)')
  .action(async () => {
    const n = await withDatabase('expire', ({ db }) => expirePasses(db));
    console.log(`${n} pass expiré(s).`);
  });

program
  .command('ledger')
  .description('Journal en partie double')
  .command('check')
  .description("Vérifie que le journal de chaque programme est équilibré et égal à l'état des pass")
  .action(async () => {
    const results = await withDatabase('ledger check', async ({ db }) => {
      const out: { code: string; violations: string[] }[] = [];
      for (const p of await listAllProgrammes(db))
        out.push({ code: p.code, violations: await ledgerViolations(db, p.id) });
      return out;
    });
    for (const r of results) {
      console.log(
        r.violations.length === 0
          ? `${r.code} : journal équilibré, égal aux pass.`
          : `${r.code} : ${r.violations.join(' ; ')}`,
      );
    }
    if (results.some((r) => r.violations.length > 0)) process.exitCode = 1;
  });

program
  .command('backup')
  .description('Sauvegarde la base embarquée dans un fichier (serveur arrêté) ; sur PostgreSQL, voir pg_dump')
  .requiredOption('--out <fichier>', 'fichier de sauvegarde à écrire (.tar.gz)')
  .action(async (opts: { out: string }) => {
    const bytes = await backupEmbedded(loadConfig(), opts.out);
    console.log(`Sauvegarde écrite : ${opts.out} (${(bytes / 1024 / 1024).toFixed(1)} Mio).`);
  });

program
  .command('restore')
  .description('Restaure une sauvegarde dans un dossier de base embarquée vide (PASSNUM_DATA_DIR)')
  .requiredOption('--from <fichier>', 'fichier écrit par « passnum backup »')
  .action(async (opts: { from: string }) => {
    const config = loadConfig();
    await restoreEmbedded(config, opts.from);
    console.log(
      `Sauvegarde restaurée dans ${config.dataDir}. Démarrez le serveur : les migrations manquantes s'appliqueront.`,
    );
  });

program
  .command('demo-accounts')
  .description('Affiche les comptes de démonstration (sans ouvrir la base)')
  .option('--json', 'sortie JSON')
  .action((opts: { json?: boolean }) => {
    const accounts = demoAccountsListing();
    if (opts.json) {
      console.log(JSON.stringify(accounts, null, 2));
      return;
    }
    console.table(
      accounts.map((a) => ({
        rôle: a.role,
        email: a.email,
        'mot de passe': a.password,
        programme: a.programme ?? '—',
      })),
    );
  });

program
  .command('build-web')
  .description('Construit l’interface web')
  .action(async () => {
    await buildWeb();
  });

try {
  await program.parseAsync(process.argv);
} catch (err) {
  const known =
    err instanceof DatabaseBusyError ||
    err instanceof BackupRefused ||
    err instanceof AppError ||
    (err instanceof Error && /^(Configuration invalide|Refusé)/.test(err.message));
  console.error(known ? (err as Error).message : err);
  process.exitCode = known ? 2 : 1;
}
