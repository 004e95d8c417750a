import { describe, expect, it } from 'vitest';
import { InFlightBatcher } from './batcher.js';

/** A statement stand-in that records its batches and answers when told to. */
function recorder(fail?: (req: string) => boolean) {
  const batches: string[][] = [];
  const waiting: (() => void)[] = [];
  const flight = { now: 0, max: 0 };
  const run = (requests: string[]) => {
    batches.push(requests);
    flight.max = Math.max(flight.max, ++flight.now);
    return new Promise<string[]>((resolve, reject) => {
      waiting.push(() => {
        flight.now--;
        const bad = requests.find((r) => fail?.(r));
        if (bad) reject(new Error(`refused ${bad}`));
        else resolve(requests.map((r) => `done ${r}`));
      });
    });
  };
  const answerAll = async () => {
    while (waiting.length > 0) {
      waiting.shift()?.();
      await new Promise((r) => setImmediate(r));
    }
  };
  return { batches, flight, run, answerAll };
}

describe('the in-flight batcher', () => {
  it('sends a lone request at once and gathers those arriving while it is in flight', async () => {
    const r = recorder();
    const b = new InFlightBatcher({ run: r.run, maxBatch: 10, maxInFlight: 1 });
    const all = ['a', 'b', 'c', 'd'].map((x) => b.submit(x));
    expect(r.batches).toEqual([['a']]);
    await r.answerAll();
    expect(await Promise.all(all)).toEqual(['done a', 'done b', 'done c', 'done d']);
    expect(r.batches).toEqual([['a'], ['b', 'c', 'd']]);
  });

  it('never puts two requests sharing a key in one batch, and keeps their order', async () => {
    const r = recorder();
    const b = new InFlightBatcher({ run: r.run, keys: (x: string) => [x[0] as string], maxBatch: 10, maxInFlight: 1 });
    const all = ['p1', 'p2', 'q1', 'p3', 'q2', 'r1'].map((x) => b.submit(x));
    await r.answerAll();
    await Promise.all(all);
    expect(r.batches).toEqual([['p1'], ['p2', 'q1', 'r1'], ['p3', 'q2']]);
  });

  it('holds back a request sharing a key with one already in the database until its outcome', async () => {
    const r = recorder();
    const b = new InFlightBatcher({ run: r.run, keys: (x: string) => [x[0] as string], maxBatch: 10, maxInFlight: 3 });
    const first = b.submit('p1');
    const others = ['p2', 'q1'].map((x) => b.submit(x));
    // Two slots are free, yet p2 waits for p1: only q1 goes alongside.
    expect(r.batches).toEqual([['p1'], ['q1']]);
    await r.answerAll();
    await Promise.all([first, ...others]);
    expect(r.batches).toEqual([['p1'], ['q1'], ['p2']]);
  });

  it('caps the batch size and the statements in flight', async () => {
    const r = recorder();
    const b = new InFlightBatcher({ run: r.run, maxBatch: 2, maxInFlight: 2 });
    const all = ['a', 'b', 'c', 'd', 'e', 'f'].map((x) => b.submit(x));
    // Two slots: the first two go alone at once, the others wait for a slot, two by two.
    expect(r.batches).toEqual([['a'], ['b']]);
    await r.answerAll();
    await Promise.all(all);
    expect(r.batches.slice(2)).toEqual([
      ['c', 'd'],
      ['e', 'f'],
    ]);
    expect(r.flight.max).toBe(2);
    expect(r.batches.flat().sort()).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
  });

  it('reruns a failed batch one by one, so only the failing request fails', async () => {
    const r = recorder((x) => x === 'bad');
    const b = new InFlightBatcher({ run: r.run, maxBatch: 10, maxInFlight: 1 });
    const first = b.submit('first');
    const rest = ['ok1', 'bad', 'ok2'].map((x) => b.submit(x).catch((e: Error) => e.message));
    await r.answerAll();
    expect(await first).toBe('done first');
    expect(await Promise.all(rest)).toEqual(['done ok1', 'refused bad', 'done ok2']);
    expect(r.batches).toEqual([['first'], ['ok1', 'bad', 'ok2'], ['ok1'], ['bad'], ['ok2']]);
  });
});
