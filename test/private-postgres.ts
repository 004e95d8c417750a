import { execFile, execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

/**
 * A PostgreSQL cluster of the test's own (initdb in a temporary folder, on a free port), for
 * drills that restart or stop the database: the machine's shared server is never touched. Runs
 * the cluster as the `postgres` user when the tests run as root, as PostgreSQL requires.
 */
export interface PrivatePostgres {
  url: string;
  port: number;
  /** Stops (crash-like in immediate mode) and starts the cluster, without blocking this process. */
  halt(mode: 'fast' | 'immediate'): Promise<void>;
  resume(): Promise<void>;
  stop(): void;
}

function binDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).sort() : [];
  const latest = versions.at(-1);
  if (!latest) throw new Error('PostgreSQL binaries not found under /usr/lib/postgresql');
  return join(root, latest, 'bin');
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export const privatePostgresAvailable = (): boolean => {
  try {
    binDir();
    return true;
  } catch {
    return false;
  }
};

/**
 * A temporary folder for a cluster, owned by `postgres` when the tests run as root, and a way to
 * run PostgreSQL's tools as that user there.
 */
function clusterFolder(prefix: string) {
  const bin = binDir();
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chownSync(dir, uid, gid);
    chmodSync(dir, 0o700);
  }
  const run = (tool: string, args: string[]) =>
    asRoot
      ? execFileSync('runuser', ['-u', 'postgres', '--', join(bin, tool), ...args], { stdio: 'pipe', timeout: 120_000 })
      : execFileSync(join(bin, tool), args, { stdio: 'pipe', timeout: 120_000 });
  return { bin, dir, data: join(dir, 'data'), asRoot, run };
}

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const { bin, dir, data, asRoot, run } = clusterFolder('passnum-pg-');
  run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync']);
  const port = await freePort();
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
  const ctlArgs = (...args: string[]) => ['-D', data, '-l', join(dir, 'log'), '-w', '-t', '120', ...args];
  const ctl = (...args: string[]) => run('pg_ctl', ctlArgs(...args));
  const ctlAsync = async (...args: string[]) => {
    const [cmd, argv] = asRoot
      ? ['runuser', ['-u', 'postgres', '--', join(bin, 'pg_ctl'), ...ctlArgs(...args)]]
      : [join(bin, 'pg_ctl'), ctlArgs(...args)];
    await promisify(execFile)(cmd as string, argv as string[], { timeout: 120_000 });
  };
  ctl('-o', options, 'start');
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    halt: (mode) => ctlAsync('-m', mode, 'stop'),
    resume: () => ctlAsync('-o', options, 'start'),
    stop: () => {
      try {
        ctl('-m', 'immediate', 'stop');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/**
 * A hot standby of a private cluster, by PostgreSQL's own streaming replication: pg_basebackup
 * -R -X stream into a folder of its own, started on another free port. (initdb's pg_hba.conf
 * already trusts replication connections from 127.0.0.1.)
 */
export async function startPrivateStandby(primary: PrivatePostgres): Promise<{ url: string; stop(): void }> {
  const { dir, data, run } = clusterFolder('passnum-standby-');
  run('pg_basebackup', [
    '-h',
    '127.0.0.1',
    '-p',
    String(primary.port),
    '-U',
    'postgres',
    '-D',
    data,
    '-R',
    '-X',
    'stream',
  ]);
  const port = await freePort();
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c hot_standby=on`;
  run('pg_ctl', ['-D', data, '-l', join(dir, 'log'), '-w', '-t', '120', '-o', options, 'start']);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop: () => {
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
