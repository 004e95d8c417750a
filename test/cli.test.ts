import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { openPglite } from '../src/db/db.js';
import { ledgerViolations } from '../src/modules/ledger/ledger.service.js';
import type { Programme } from '../src/modules/programmes/programmes.contract.js';
import { BFC } from './actors.js';
import { PASSNUM_BIN, spawnServer, stopServer } from './spawn-server.js';

const BIN = PASSNUM_BIN;
const run = promisify(execFile);
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** Each test gets its own data directory: no test depends on another's database. */
function freshEnv(): NodeJS.ProcessEnv & { PASSNUM_DATA_DIR: string } {
  const dataDir = mkdtempSync(join(tmpdir(), 'passnum-cli-'));
  dirs.push(dataDir);
  // The embedded database only: these tests are about PGlite's one-process rule and start-up.
  const { DATABASE_URL: _ignored, ...rest } = process.env;
  return {
    ...rest,
    PASSNUM_DATA_DIR: dataDir,
    PORT: '0',
    HOST: '127.0.0.1',
    PASSNUM_SKIP_WEB_BUILD: '1',
    LOG_LEVEL: 'warn',
  };
}

async function cli(env: NodeJS.ProcessEnv, ...args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { env });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('the passnum command', () => {
  it('prints the demo accounts as JSON without opening any database', async () => {
    const env = freshEnv();
    const res = await cli(env, 'demo-accounts', '--json');
    expect(res.code).toBe(0);
    const accounts = JSON.parse(res.stdout);
    expect(new Set(accounts.map((a: { role: string }) => a.role))).toEqual(
      new Set(['admin', 'operator', 'funder', 'distributor', 'referrer', 'venue']),
    );
    expect(accounts[1]).toEqual({
      email: BFC.operator,
      password: 'Passnum-demo-operator-bfc',
      role: 'operator',
      organisationId: '00000000-0000-4000-8000-000000000103',
      organisation: 'Mission régionale MedNum BFC',
      programmeId: '00000000-0000-4000-8000-000000000b01',
      programme: 'Pass Numérique Bourgogne-Franche-Comté',
    });
    expect(existsSync(join(env.PASSNUM_DATA_DIR, 'pgdata'))).toBe(false);
  });

  it('starts on an empty embedded database with demo data, refuses a second opener, stops cleanly on SIGTERM and keeps the data', async () => {
    const env = freshEnv();
    const server = await spawnServer(env);
    expect(server.output()).toMatch(/admin@passnum\.demo/);
    const health = await fetch(`${server.url}/api/v1/health`);
    expect(await health.json()).toEqual({ status: 'ok', database: 'pglite' });

    const busy = await cli(env, 'programmes', 'list');
    expect(busy.code).toBe(2);
    expect(busy.stderr).toMatch(/déjà ouverte par « passnum start »/);

    expect(await stopServer(server)).toBe(0);
    expect(existsSync(join(env.PASSNUM_DATA_DIR, 'passnum.lock'))).toBe(false);

    const list = await cli(env, 'programmes', 'list', '--json');
    expect(list.code).toBe(0);
    expect(JSON.parse(list.stdout).map((p: { code: string }) => p.code)).toEqual(['BFC22', 'LOZ']);
  });

  it('takes over the lock of a killed server', async () => {
    const env = freshEnv();
    const server = await spawnServer(env);
    const exited = new Promise((resolve) => server.child.once('exit', resolve));
    server.child.kill('SIGKILL');
    await exited;
    expect(existsSync(join(env.PASSNUM_DATA_DIR, 'passnum.lock'))).toBe(true);
    const list = await cli(env, 'programmes', 'list', '--json');
    expect(list.code).toBe(0);
    expect(JSON.parse(list.stdout)).toHaveLength(2);
  });

  it('keeps every acknowledged write when the embedded server is killed (SIGKILL) in a burst of writes', async () => {
    const env = freshEnv();
    const server = await spawnServer(env);
    const login = await fetch(`${server.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: BFC.operator, password: 'Passnum-demo-operator-bfc' }),
    });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const acknowledged: string[] = [];
    const write = async (i: number) => {
      const res = await fetch(`${server.url}/api/v1/me/tokens`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie },
        body: JSON.stringify({ name: `drill-${i}` }),
      }).catch(() => null);
      if (res?.status === 201) acknowledged.push(`drill-${i}`);
    };
    // Four writers at once; the server is killed as soon as 40 writes are acknowledged.
    let next = 0;
    const writer = async () => {
      while (acknowledged.length < 40 && next < 200) await write(next++);
    };
    const exited = new Promise((resolve) => server.child.once('exit', resolve));
    await Promise.all([writer(), writer(), writer(), writer()]);
    server.child.kill('SIGKILL');
    await exited;
    const db = await openPglite(join(env.PASSNUM_DATA_DIR, 'pgdata'));
    try {
      const kept = await db.query<{ name: string }>("SELECT name FROM api_tokens WHERE name LIKE 'drill-%'");
      const names = new Set(kept.map((k) => k.name));
      expect(acknowledged.length).toBeGreaterThanOrEqual(40);
      expect(acknowledged.filter((a) => !names.has(a))).toEqual([]);
    } finally {
      await db.close();
    }
  }, 300_000);

  it('refuses to seed demo data in production', async () => {
    const res = await run(process.execPath, [BIN, 'seed-demo'], {
      env: {
        ...freshEnv(),
        NODE_ENV: 'production',
        PASSNUM_SECRET: 'x'.repeat(40),
        PASSNUM_ALLOW_EMBEDDED_DATABASE: 'true',
      },
    }).catch((e: { code: number; stderr: string }) => e);
    expect('code' in res && res.code).toBe(2);
    expect('stderr' in res && res.stderr).toMatch(/jamais chargées en production/);
  });

  it('refuses to start in production on the embedded database unless explicitly allowed', async () => {
    const env = { ...freshEnv(), NODE_ENV: 'production', PASSNUM_SECRET: 'x'.repeat(40) };
    const refused = await cli(env, 'start');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/DATABASE_URL .* est obligatoire/);
    expect(refused.stderr).toMatch(/PASSNUM_ALLOW_EMBEDDED_DATABASE=true/);
    expect(existsSync(join(env.PASSNUM_DATA_DIR, 'passnum.lock'))).toBe(false);
  });

  it('creates an admin who can then sign in', async () => {
    const env = freshEnv();
    const created = await cli(
      env,
      'create-admin',
      '--email',
      'Chef@Hub.fr',
      '--name',
      'Camille',
      '--organisation',
      'Hub',
      '--siret',
      '732 829 320 00074',
    );
    expect(created.code).toBe(0);
    const password = created.stdout.match(/Mot de passe \(affiché une seule fois\) : (\S+)/)?.[1];
    expect(password).toBeTruthy();
    const again = await cli(
      env,
      'create-admin',
      '--email',
      'chef@hub.fr',
      '--name',
      'C',
      '--organisation',
      'Hub',
      '--siret',
      '73282932000074',
    );
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/existe déjà/);
    const server = await spawnServer(env);
    try {
      const res = await fetch(`${server.url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'chef@hub.fr', password }),
      });
      expect(res.status).toBe(200);
      expect((await res.json()).user.isAdmin).toBe(true);
    } finally {
      await stopServer(server);
    }
  });

  it('orders carnets from the command line, shows the issuance, and refuses what the envelope cannot cover', async () => {
    const env = freshEnv();
    expect((await cli(env, 'seed-demo')).code).toBe(0);
    const ordered = await cli(env, 'order', '--programme', 'LOZ', '--carnets', '2');
    expect(ordered.code).toBe(0);
    expect(ordered.stdout).toMatch(/2 carnets émis, de LOZ-000001 à LOZ-000002/);
    expect(ordered.stderr).toMatch(/Émission : 100 %/);
    const checked = await cli(env, 'ledger', 'check');
    expect(checked.code, checked.stderr).toBe(0);
    expect(checked.stdout).toMatch(/LOZ : journal équilibré, égal aux pass\./);
    // One carnet more than what is left of the programme's envelope, from the programme's own figures.
    const [loz] = (JSON.parse((await cli(env, 'programmes', 'list', '--json')).stdout) as Programme[]).filter(
      (p) => p.code === 'LOZ',
    );
    const p = loz as Programme;
    const carnetCents = p.faceValueCents * p.passesPerCarnet;
    const left = p.envelopeCents - p.engineeringCents - 2 * carnetCents;
    const refused = await cli(
      env,
      'order',
      '--programme',
      'LOZ',
      '--carnets',
      String(Math.floor(left / carnetCents) + 1),
    );
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/ne couvre pas cette commande/);
  }, 300_000);

  it('backs the embedded database up and restores it whole: ledger balanced, every pass as it was', async () => {
    const env = freshEnv();
    expect((await cli(env, 'seed-demo')).code).toBe(0);
    expect((await cli(env, 'order', '--programme', 'LOZ', '--carnets', '3')).code).toBe(0);
    const snapshot = async (dataDir: string) => {
      const db = await openPglite(join(dataDir, 'pgdata'));
      try {
        const passes = await db.query(
          `SELECT p.id, p.state, encode(p.code_hash, 'hex') AS hash FROM passes p ORDER BY p.id`,
        );
        const programmes = await db.query<{ id: string }>('SELECT id FROM programmes');
        const violations = (await Promise.all(programmes.map((p) => ledgerViolations(db, p.id)))).flat();
        return { passes, violations };
      } finally {
        await db.close();
      }
    };
    const before = await snapshot(env.PASSNUM_DATA_DIR);
    expect(before.passes.length).toBeGreaterThan(0);
    const file = join(env.PASSNUM_DATA_DIR, 'sauvegarde.tar.gz');
    const saved = await cli(env, 'backup', '--out', file);
    expect(saved.code, saved.stderr).toBe(0);
    expect(saved.stdout).toMatch(/Sauvegarde écrite/);

    const elsewhere = freshEnv();
    const restored = await cli(elsewhere, 'restore', '--from', file);
    expect(restored.code, restored.stderr).toBe(0);
    const after = await snapshot(elsewhere.PASSNUM_DATA_DIR);
    expect(after.violations).toEqual([]);
    expect(after.passes).toEqual(before.passes);
    // A restore never overwrites a database, and a PostgreSQL server is backed up with its own tools.
    const again = await cli(elsewhere, 'restore', '--from', file);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/contient déjà une base/);
    const onServer = await cli({ ...env, DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' }, 'backup', '--out', file);
    expect(onServer.code).toBe(2);
    expect(onServer.stderr).toMatch(/pg_dump/);
  }, 300_000);

  it('previews and applies a directory import from the command line', async () => {
    const env = freshEnv();
    expect((await cli(env, 'seed-demo')).code).toBe(0);
    const file = fileURLToPath(new URL('../fixtures/france-services/liste-fs-20221201.csv', import.meta.url));
    const args = ['import-venues', '--programme', 'LOZ', '--format', 'france-services', '--file', file];
    const preview = await cli(env, ...args);
    expect(preview.code, preview.stderr).toBe(0);
    // The demo already imported the list: nothing new, and the preview writes nothing.
    expect(preview.stdout).toMatch(/^Aperçu \(rien enregistré\) : 2683 lignes, 0 nouveaux lieux, 0 mis à jour/);
    const applied = await cli(env, ...args, '--apply');
    expect(applied.stdout).toMatch(/^Import enregistré : 2683 lignes, 0 nouveaux lieux/);
    const unknown = await cli(env, 'import-venues', '--programme', 'XX', '--file', file);
    expect(unknown.code).not.toBe(0);
  }, 300_000);

  it('has --help on each command', async () => {
    const env = freshEnv();
    for (const cmd of [
      ['migrate'],
      ['seed-demo'],
      ['create-admin'],
      ['programmes', 'list'],
      ['demo-accounts'],
      ['order'],
      ['expire'],
      ['import-venues'],
      ['ledger', 'check'],
    ]) {
      const res = await cli(env, ...cmd, '--help');
      expect(res.code, cmd.join(' ')).toBe(0);
      expect(res.stdout).toMatch(/Usage: passnum/);
    }
  });
});
