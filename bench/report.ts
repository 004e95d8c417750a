import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';

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
