import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Config } from '../config.js';
import { openPglite } from './db.js';
import { lockEmbedded, openDatabase } from './open.js';

/**
 * Backups of the embedded database: a consistent copy of its data directory (PGlite's own dump,
 * a gzipped tar), taken with the database locked so no server writes meanwhile. A server on
 * PostgreSQL is backed up with PostgreSQL's tools (pg_dump, or base backups with WAL archiving
 * for point-in-time recovery): see the README.
 */
export class BackupRefused extends Error {}

function embeddedOnly(config: Config): void {
  if (config.databaseUrl) {
    throw new BackupRefused(
      'Refusé : sur un serveur PostgreSQL, sauvegardez avec pg_dump ou une sauvegarde de base avec archivage des WAL (voir le README, « Sauvegardes »).',
    );
  }
}

/** Writes a backup of the embedded database to `file`; returns its size in bytes. */
export async function backupEmbedded(config: Config, file: string): Promise<number> {
  embeddedOnly(config);
  const opened = await openDatabase(config, 'backup');
  try {
    const dump = opened.db.dumpDataDir;
    if (!dump) throw new BackupRefused('Refusé : cette base ne se sauvegarde pas par ce moyen.');
    const bytes = await dump.call(opened.db);
    writeFileSync(file, bytes);
    return bytes.length;
  } finally {
    await opened.close();
  }
}

/**
 * Restores a backup into the configured data directory, which must not hold a database yet:
 * a restore never overwrites data (move the old directory aside first).
 */
export async function restoreEmbedded(config: Config, file: string): Promise<void> {
  embeddedOnly(config);
  const target = join(config.dataDir, 'pgdata');
  if (existsSync(target) && readdirSync(target).length > 0) {
    throw new BackupRefused(
      `Refusé : ${resolve(target)} contient déjà une base. Déplacez ce dossier (ou choisissez un autre PASSNUM_DATA_DIR) avant de restaurer.`,
    );
  }
  if (!existsSync(file)) throw new BackupRefused(`Refusé : le fichier ${resolve(file)} n'existe pas.`);
  const bytes = readFileSync(file);
  // The data directory is locked like any opener's while the copy is laid down.
  mkdirSync(config.dataDir, { recursive: true });
  const lock = lockEmbedded(config.dataDir, { pid: process.pid, command: 'restore' });
  try {
    const db = await openPglite(target, new Blob([bytes]));
    await db.query('SELECT 1');
    await db.close();
  } finally {
    lock.release();
  }
}
