import { PassThrough, Writable } from 'node:stream';
import { setImmediate } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { untilTaken, writePrintCsv, writePrintPdf } from './print.service.js';

describe('the print file and a slow download', () => {
  it('holds the next carnet back while more than 1 MiB waits for the reader, and goes on once it is taken', async () => {
    // The PDF written so far: 2 MiB nobody has read yet.
    const pdf = new PassThrough({ highWaterMark: 4 << 20 });
    pdf.write(Buffer.alloc(2 << 20));
    // The download: its buffer full, the client not reading.
    const callbacks: (() => void)[] = [];
    const download = new Writable({
      highWaterMark: 16 << 10,
      write(_chunk, _encoding, callback) {
        callbacks.push(callback);
      },
    });
    download.write(Buffer.alloc(32 << 10));
    expect(download.writableNeedDrain).toBe(true);

    let released = false;
    const waiting = untilTaken(pdf, download).then(() => {
      released = true;
    });
    for (let i = 0; i < 20; i++) await setImmediate();
    expect(released).toBe(false);

    // The client reads: the download drains and the PDF's backlog is taken.
    pdf.read();
    for (const callback of callbacks.splice(0)) callback();
    await waiting;
    expect(released).toBe(true);
    expect(pdf.readableLength).toBe(0);
  });

  it('leaves no listener on the download after each wait (10,000 carnets would pile them up)', async () => {
    const pdf = new PassThrough({ highWaterMark: 4 << 20 });
    const callbacks: (() => void)[] = [];
    const download = new Writable({
      highWaterMark: 16 << 10,
      write(_chunk, _encoding, callback) {
        callbacks.push(callback);
      },
    });
    const before = {
      drain: download.listenerCount('drain'),
      close: download.listenerCount('close'),
      error: download.listenerCount('error'),
    };
    for (let carnet = 0; carnet < 20; carnet++) {
      pdf.write(Buffer.alloc(2 << 20));
      download.write(Buffer.alloc(32 << 10));
      const waiting = untilTaken(pdf, download);
      pdf.read();
      for (const callback of callbacks.splice(0)) callback();
      await waiting;
    }
    expect({
      drain: download.listenerCount('drain'),
      close: download.listenerCount('close'),
      error: download.listenerCount('error'),
    }).toEqual(before);
  });

  it('does not wait when the backlog is small', async () => {
    const pdf = new PassThrough();
    pdf.write(Buffer.alloc(1024));
    await untilTaken(pdf, new PassThrough());
  });
});

/** A download whose client reads nothing: its buffer fills, then it is cancelled. */
function stalledDownload(): Writable {
  return new Writable({ highWaterMark: 1024, write() {} });
}

async function* carnets(n: number, made: { count: number }) {
  for (let i = 0; i < n; i++) {
    made.count++;
    yield {
      serial: `C-${i}`,
      passes: [1, 2, 3, 4, 5].map((number) => ({ number, code: `ABCD-EFGH-JKMN-PQR${number}` })),
    };
  }
}

describe('a print file whose download is cancelled', () => {
  it('stops the CSV instead of writing the 10,000 carnets for nobody', async () => {
    const out = stalledDownload();
    const made = { count: 0 };
    const writing = writePrintCsv(out, carnets(10_000, made), 'https://passnum.example.fr');
    for (let i = 0; i < 10; i++) await setImmediate();
    out.destroy();
    await writing;
    expect(made.count).toBeLessThan(100);
  });

  it('stops the PDF too', async () => {
    const out = stalledDownload();
    const made = { count: 0 };
    const terms = { programme: 'Programme', faceValueCents: 1000, validity: 'Valable un an' };
    const writing = writePrintPdf(out, carnets(10_000, made), terms, 'https://passnum.example.fr', 'territoire');
    while (made.count < 20) await setImmediate();
    out.destroy();
    await writing;
    expect(made.count).toBeLessThan(400);
  });
});
