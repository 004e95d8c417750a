import { fileURLToPath } from 'node:url';

/**
 * The repository's root. Files on disk (migrations, fixtures, the web build) are named from here,
 * not from each module's own place: `passnum start` runs the server from a bundle in `dist/`, one
 * level under the root like this file, where every module's `import.meta.url` is the bundle's.
 */
const ROOT = new URL('../', import.meta.url);

/** The absolute path of a file or folder given relative to the repository's root. */
export const fromRoot = (relative: string): string => fileURLToPath(new URL(relative, ROOT));
