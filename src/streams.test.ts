import { PassThrough, Writable } from 'node:stream';
import { setImmediate } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { closeWith, writeInTurn } from './streams.js';

/** A download whose client reads nothing: its buffer fills, then it is cancelled. */
function stalledDownload(): Writable {
  return new Writable({ highWaterMark: 1024, write() {} });
}

describe('writing in turn behind a reader', () => {
  it('waits while the buffer is full and goes on when it drains', async () => {
    const out = new PassThrough({ highWaterMark: 4 });
    let done = false;
    const writing = writeInTurn(out, 'abcdefgh').then((ok) => {
      done = true;
      return ok;
    });
    for (let i = 0; i < 10; i++) await setImmediate();
    expect(done).toBe(false);
    out.read();
    expect(await writing).toBe(true);
  });

  it('says the reader left when the stream is destroyed during the wait, and leaves no listener', async () => {
    const out = stalledDownload();
    const listeners = () => out.listenerCount('drain') + out.listenerCount('close') + out.listenerCount('error');
    const before = listeners();
    const writing = writeInTurn(out, Buffer.alloc(4096));
    out.destroy();
    expect(await writing).toBe(false);
    expect(await writeInTurn(out, 'x')).toBe(false);
    expect(listeners()).toBe(before);
  });

  it('destroys a stream piped into a download when the download closes first', async () => {
    const source = new PassThrough();
    const out = stalledDownload();
    source.pipe(out);
    closeWith(source, out);
    out.destroy();
    await setImmediate();
    expect(source.destroyed).toBe(true);
  });
});
