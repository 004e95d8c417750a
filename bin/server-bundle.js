// The server as one JavaScript file for `passnum start`: tsx compiling every module in the running
// process (and keeping its esbuild worker) costs about 95 MiB of memory per server process
// (measured: 240 MiB at rest from sources, 144 MiB from the bundle). esbuild builds it in well
// under a second; packages stay in node_modules. Rebuilt only when a source is newer than it.
import { existsSync, mkdirSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
// One level under the root, as src/paths.ts expects of the file its code runs from.
export const BUNDLE = join(ROOT, 'dist', 'passnum.mjs');

function newestMtime(path) {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  return readdirSync(path).reduce((m, f) => Math.max(m, newestMtime(join(path, f))), st.mtimeMs);
}

/** The bundle's path, built first if missing or older than a source file. */
export async function serverBundle() {
  if (existsSync(BUNDLE) && newestMtime(join(ROOT, 'src')) <= statSync(BUNDLE).mtimeMs) return BUNDLE;
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    entryPoints: [join(ROOT, 'src', 'cli', 'main.ts')],
    outfile: BUNDLE,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    write: false,
    logLevel: 'warning',
  });
  await esbuild.stop();
  mkdirSync(dirname(BUNDLE), { recursive: true });
  // Several servers may start together (tests, a cluster): each writes its own file and renames
  // it over the bundle, so none ever imports a half-written one.
  for (const file of result.outputFiles) {
    const temporary = `${file.path}.${process.pid}.tmp`;
    writeFileSync(temporary, file.contents);
    renameSync(temporary, file.path);
  }
  return BUNDLE;
}
