import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fromRoot } from '../paths.js';

export const WEB_ROOT = fromRoot('web/');
export const WEB_DIST = join(WEB_ROOT, 'dist');

function newestMtime(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  return readdirSync(path).reduce((m, f) => Math.max(m, newestMtime(join(path, f))), st.mtimeMs);
}

/** The front end needs building when dist/ is missing or older than any of its sources. */
export function webIsStale(): boolean {
  const built = join(WEB_DIST, 'index.html');
  if (!existsSync(built)) return true;
  const sources = ['src', 'index.html', 'vite.config.ts'].map((f) => join(WEB_ROOT, f)).filter(existsSync);
  const lock = fromRoot('package-lock.json');
  return Math.max(...sources.map(newestMtime), existsSync(lock) ? statSync(lock).mtimeMs : 0) > statSync(built).mtimeMs;
}

/**
 * The build in a process of its own (`passnum build-web`): Vite and its plugins, once loaded,
 * would stay in the server's memory for its whole life.
 */
export function buildWebApart(): void {
  execFileSync(process.execPath, [fromRoot('bin/passnum.js'), 'build-web'], { stdio: 'inherit' });
}

export async function buildWeb(log: (msg: string) => void = console.log): Promise<void> {
  log('Construction de l’interface web (Vite)…');
  // react-dsfr generates its icon CSS at install time, which npm 11 skips: run it here instead.
  const dsfrBin = fromRoot('node_modules/@codegouvfr/react-dsfr/bin/react-dsfr.js');
  execFileSync(process.execPath, [dsfrBin, 'update-icons'], { stdio: 'ignore' });
  const { build } = await import('vite');
  // A production bundle even when started under NODE_ENV=test (tests) or development.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: join(WEB_ROOT, 'vite.config.ts'), logLevel: 'warn', mode: 'production' });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
  log('Interface web construite.');
}
