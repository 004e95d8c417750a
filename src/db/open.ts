import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Config } from '../config.js';
import { type Db, openPglite, openPostgres } from './db.js';

export class DatabaseBusyError extends Error {}

interface LockInfo {
  pid: number;
  command: string;
  url?: string;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * PGlite allows one process per data directory: a lock file says who holds it, so a second
 * process refuses clearly instead of corrupting the database. A lock left by a dead process
 * is taken over.
 */
export function lockEmbedded(dataDir: string, info: LockInfo): { release(): void; update(info: LockInfo): void } {
  const path = join(dataDir, 'passnum.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, JSON.stringify(info));
      closeSync(fd);
      return { release: () => rmSync(path, { force: true }), update: (i) => writeFileSync(path, JSON.stringify(i)) };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      let holder: LockInfo | null = null;
      try {
        holder = JSON.parse(readFileSync(path, 'utf8')) as LockInfo;
      } catch {
        holder = null;
      }
      if (holder && holder.pid !== process.pid && alive(holder.pid)) {
        const where = holder.url ? ` (${holder.url})` : '';
        throw new DatabaseBusyError(
          `La base embarquée (${resolve(dataDir)}) est déjà ouverte par « passnum ${holder.command} », processus ${holder.pid}${where}. ` +
            'Arrêtez-le d’abord, ou passez par l’API du serveur en marche.',
        );
      }
      rmSync(path, { force: true });
    }
  }
  throw new DatabaseBusyError(`Impossible de verrouiller la base embarquée ${resolve(dataDir)}.`);
}

export interface OpenedDb {
  db: Db;
  /** Where read-heavy pages read: the replica of DATABASE_READ_URL, else the same database. */
  readDb: Db;
  close(): Promise<void>;
  /** Tells other processes where the server that holds the embedded database listens. */
  announce(url: string): void;
}

/** Opens the configured database: PostgreSQL when DATABASE_URL is set, else embedded PGlite. */
export async function openDatabase(config: Config, command: string): Promise<OpenedDb> {
  if (config.databaseUrl) {
    const db = await openPostgres(config.databaseUrl);
    const readDb = config.databaseReadUrl ? await openPostgres(config.databaseReadUrl) : db;
    return {
      db,
      readDb,
      close: async () => {
        if (readDb !== db) await readDb.close();
        await db.close();
      },
      announce: () => undefined,
    };
  }
  mkdirSync(config.dataDir, { recursive: true });
  const lock = lockEmbedded(config.dataDir, { pid: process.pid, command });
  try {
    const db = await openPglite(join(config.dataDir, 'pgdata'));
    return {
      db,
      readDb: db,
      close: async () => {
        await db.close();
        lock.release();
      },
      announce: (url) => lock.update({ pid: process.pid, command, url }),
    };
  } catch (err) {
    lock.release();
    throw err;
  }
}
