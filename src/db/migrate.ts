import { readdir, readFile } from 'node:fs/promises';
import { fromRoot } from '../paths.js';
import type { Db } from './db.js';

const MIGRATIONS_DIR = fromRoot('src/db/migrations/');
// Any fixed number: every process that migrates takes the same advisory lock, so two servers
// starting together over one PostgreSQL apply each migration once.
const MIGRATION_LOCK = 7_331_001;

/** Applies the versioned SQL migrations not yet applied, each in its own transaction. */
export async function migrate(db: Db): Promise<string[]> {
  await db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`);
  const files = (await readdir(MIGRATIONS_DIR)).filter((f) => f.endsWith('.sql')).sort();
  const applied: string[] = [];
  for (const file of files) {
    const version = file.replace(/\.sql$/, '');
    const sql = await readFile(MIGRATIONS_DIR + file, 'utf8');
    const done = await db.tx(async (q) => {
      await q.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      const rows = await q.query('SELECT 1 FROM schema_migrations WHERE version = $1', [version]);
      if (rows.length > 0) return false;
      await q.exec(sql);
      await q.query('INSERT INTO schema_migrations (version) VALUES ($1)', [version]);
      return true;
    });
    if (done) applied.push(version);
  }
  return applied;
}
