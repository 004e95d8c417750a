import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Queryable } from '../src/db/db.js';

/** The machine a run was measured on, as the section's title says it. */
export function machine(pgSettings: string): string {
  const pgVersion = execFileSync('psql', ['--version']).toString().trim();
  const cpu = os.cpus()[0]?.model ?? 'inconnu';
  return `${os.cpus().length} × ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(0)} Gio, Node ${process.version}, ${pgVersion} (${pgSettings})`;
}

/** The commit measured (and whether the tree had changes not committed). */
export function commit(): string {
  try {
    const sha = execFileSync('git', ['rev-parse', '--short', 'HEAD']).toString().trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no']).toString().trim();
    return dirty ? `${sha} + modifications` : sha;
  } catch {
    return 'inconnu';
  }
}

/** Adds a section of measures at the top of BENCHMARKS.md (the most recent first). */
export function prependSection(title: string, lines: string[], note = ''): void {
  const header = `## ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC — ${title}
${note ? `\n${note}\n` : ''}
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
    `# Mesures de performance\n\nProduit par \`npm run bench\` et \`npm run bench:national\` (le plus récent en premier).\n\n${header}\n${previous}`,
  );
}

/** Median and 99th percentile of durations in ms. */
export function percentiles(times: number[]): { p50: number; p99: number } {
  const sorted = [...times].sort((a, b) => a - b);
  const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
  return { p50: q(0.5), p99: q(0.99) };
}

/** Resident memory of a process in MiB (now and its peak), read from /proc. */
export function rssOf(pid: number): { now: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string) => Number(status.match(new RegExp(`${field}:\\s+(\\d+)`))?.[1] ?? 0);
  return { now: kib('VmRSS') / 1024, peak: kib('VmHWM') / 1024 };
}

/**
 * The database's own bulk-load baseline: the pass rows of some orders exported, then loaded again
 * by a raw COPY into the same table with its indexes (codes hashed again and numbers shifted to
 * stay unique) in a transaction rolled back — it leaves nothing behind, where a DELETE of a
 * million passes would check every referencing table. Returns the COPY's seconds.
 */
export function rawPassCopySeconds(psqlArgs: string[], orderIds: string[], file: string): number {
  const orders = orderIds.map((o) => `'${o}'`).join(',');
  execFileSync('psql', [
    ...psqlArgs,
    '-c',
    `\\copy (SELECT p.programme_id, p.carnet_id, p.number + 100, sha256(p.code_hash), p.code_sealed, p.value_cents, p.state FROM passes p JOIN carnets c ON c.id = p.carnet_id WHERE c.order_id IN (${orders})) TO '${file}' CSV`,
  ]);
  const t = performance.now();
  execFileSync('psql', [
    ...psqlArgs,
    '-v',
    'ON_ERROR_STOP=1',
    '-c',
    'BEGIN',
    '-c',
    `\\copy passes (programme_id, carnet_id, number, code_hash, code_sealed, value_cents, state) FROM '${file}' CSV`,
    '-c',
    'ROLLBACK',
  ]);
  return (performance.now() - t) / 1000;
}

/** An order of 10,000 carnets queued for the issuance job, as the orders service leaves it (set-up, not measured). */
export async function queueOrder(db: Queryable, programmeId: string): Promise<string> {
  const orderId = randomUUID();
  const jobId = randomUUID();
  await db.query(`INSERT INTO jobs (id, programme_id, kind, payload) VALUES ($1, $2, 'issue-order', $3)`, [
    jobId,
    programmeId,
    JSON.stringify({ orderId }),
  ]);
  await db.query(
    `INSERT INTO carnet_orders (id, programme_id, carnets, value_cents, job_id) VALUES ($1, $2, 10000, 50000000, $3)`,
    [orderId, programmeId, jobId],
  );
  return orderId;
}

/**
 * Waits until a freshly started server has queued today's daily jobs (expiry, statements,
 * reminders, erasure…) and no job is left to run — the e-mails the reminders queue included — so
 * that what is measured next does not share the server with them. Returns the seconds from
 * `startedAt` to the last job finished since (0 if another server had already run today's).
 */
export async function dailyJobsDone(q: Queryable, startedAt: Date, dailyKinds: number): Promise<number> {
  const day = new Date().toISOString().slice(0, 10);
  for (;;) {
    const [jobs] = await q.query<{ daily: number; pending: number; last: Date | null }>(
      `SELECT count(*) FILTER (WHERE dedupe_key LIKE '%:' || $2)::int AS daily,
              count(*) FILTER (WHERE status IN ('queued', 'running') AND (run_after IS NULL OR run_after <= now()))::int AS pending,
              max(finished_at) FILTER (WHERE finished_at >= $1) AS last
         FROM jobs WHERE created_at >= $1 OR dedupe_key LIKE '%:' || $2 OR status IN ('queued', 'running')`,
      [startedAt, day],
    );
    if (jobs && jobs.daily >= dailyKinds && jobs.pending === 0) {
      return jobs.last ? Math.max(0, (jobs.last.getTime() - startedAt.getTime()) / 1000) : 0;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
