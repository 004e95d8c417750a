import { once } from 'node:events';
import type { Writable } from 'node:stream';

/**
 * Resolves when `stream` drains or closes, then removes both listeners: a download of 10,000
 * carnets waits thousands of times, and the listener not fired must not stay each time.
 */
export async function drainOrClose(stream: Writable): Promise<void> {
  const settled = new AbortController();
  try {
    await Promise.race([
      once(stream, 'drain', { signal: settled.signal }),
      once(stream, 'close', { signal: settled.signal }),
    ]);
  } finally {
    settled.abort();
  }
}

/**
 * Writes a chunk and, when the stream's buffer is full, waits until the reader has taken it, so a
 * slow download never piles the whole file up in memory. False once the reader is gone: the
 * writer then stops instead of producing a file nobody reads.
 */
export async function writeInTurn(stream: Writable, chunk: unknown): Promise<boolean> {
  if (stream.destroyed) return false;
  if (!stream.write(chunk)) await drainOrClose(stream);
  return !stream.destroyed;
}

/** A stream piped into `out` is destroyed with it: a writer waiting on it learns the reader left. */
export function closeWith(source: Writable, out: Writable): void {
  out.once('close', () => {
    if (!source.writableFinished) source.destroy();
  });
}
