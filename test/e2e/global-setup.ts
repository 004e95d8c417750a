import { buildWeb, webIsStale } from '../../src/cli/web-build.js';

/** The browser tests run against the built front end: build it once if it is missing or stale. */
export default async function setup(): Promise<void> {
  if (webIsStale()) await buildWeb();
}
