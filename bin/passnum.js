#!/usr/bin/env node
// The `passnum` command. tsx runs the TypeScript sources directly, so a fresh clone needs no
// build step between `npm ci` and a running platform; the long-running server (`start`) runs from
// a bundle built here on the fly instead (bin/server-bundle.js says why), unless
// PASSNUM_FROM_SOURCES=1 asks for the sources.
import { pathToFileURL } from 'node:url';

async function bundled() {
  if (process.argv[2] !== 'start' || process.env.PASSNUM_FROM_SOURCES === '1') return null;
  const { serverBundle } = await import('./server-bundle.js');
  try {
    return await serverBundle();
  } catch (err) {
    // A read-only installation still starts, from the sources, at the cost of the memory.
    console.error(`Serveur lancé depuis les sources : le fichier compilé n’a pu être écrit (${err.message}).`);
    return null;
  }
}

const bundle = await bundled();
if (bundle) {
  await import(pathToFileURL(bundle).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
}
