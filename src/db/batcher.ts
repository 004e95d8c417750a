import type { Db } from './db.js';

export interface BatchSpec<Req, Res> {
  /** Runs requests in one statement; returns one result per request, in order. */
  run(requests: Req[]): Promise<Res[]>;
  /** Requests sharing a key never go in one batch: the later waits for the earlier's outcome. */
  keys?(request: Req): string[];
  maxBatch: number;
  /** Statements one process keeps in flight at once. */
  maxInFlight: number;
}

interface Pending<Req, Res> {
  request: Req;
  keys: string[];
  resolve: (result: Res) => void;
  reject: (err: unknown) => void;
}

/**
 * Gathers the requests that arrive while earlier ones are in the database into one statement:
 * under load a process sends one statement (one round trip, one commit) for many requests;
 * alone, a request goes at once and waits for nothing (no timer). If a statement fails, its
 * requests run one by one, so one request's failure is never another's. Only this process's
 * requests are gathered: nothing is shared between processes, which meet in PostgreSQL.
 */
export class InFlightBatcher<Req, Res> {
  private queue: Pending<Req, Res>[] = [];
  private inFlight = 0;
  /** Keys of the requests in the database now: a request sharing one waits for their outcome. */
  private busyKeys = new Map<string, number>();

  constructor(private readonly spec: BatchSpec<Req, Res>) {}

  submit(request: Req): Promise<Res> {
    return new Promise((resolve, reject) => {
      this.queue.push({ request, keys: this.spec.keys?.(request) ?? [], resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.inFlight < this.spec.maxInFlight && this.queue.length > 0) {
      const batch = this.take();
      if (batch.length === 0) return;
      this.inFlight++;
      this.mark(batch, 1);
      void this.run(batch).finally(() => {
        this.inFlight--;
        this.mark(batch, -1);
        this.pump();
      });
    }
  }

  private mark(batch: Pending<Req, Res>[], delta: 1 | -1): void {
    for (const k of batch.flatMap((p) => p.keys)) {
      const n = (this.busyKeys.get(k) ?? 0) + delta;
      if (n > 0) this.busyKeys.set(k, n);
      else this.busyKeys.delete(k);
    }
  }

  /** The oldest requests sharing no key with one in flight or before them, in arrival order. */
  private take(): Pending<Req, Res>[] {
    const taken: Pending<Req, Res>[] = [];
    const rest: Pending<Req, Res>[] = [];
    const used = new Set<string>(this.busyKeys.keys());
    for (const p of this.queue) {
      const free = taken.length < this.spec.maxBatch && !p.keys.some((k) => used.has(k));
      (free ? taken : rest).push(p);
      // Also for a request left waiting: a later one never overtakes it on a shared key.
      for (const k of p.keys) used.add(k);
    }
    this.queue = rest;
    return taken;
  }

  private async run(batch: Pending<Req, Res>[]): Promise<void> {
    try {
      const results = await this.spec.run(batch.map((p) => p.request));
      for (const [i, p] of batch.entries()) p.resolve(results[i] as Res);
    } catch (err) {
      if (batch.length === 1) {
        batch[0]?.reject(err);
        return;
      }
      for (const p of batch) {
        await this.spec.run([p.request]).then(
          (r) => p.resolve(r[0] as Res),
          (e: unknown) => p.reject(e),
        );
      }
    }
  }
}

const registry = new WeakMap<Db, Map<string, InFlightBatcher<never, unknown>>>();

/** The named batcher of a database handle: one per process, database and kind of request. */
export function batcherOf<Req, Res>(
  db: Db,
  name: string,
  spec: (db: Db) => BatchSpec<Req, Res>,
): InFlightBatcher<Req, Res> {
  let byName = registry.get(db);
  if (!byName) {
    byName = new Map();
    registry.set(db, byName);
  }
  let b = byName.get(name) as InFlightBatcher<Req, Res> | undefined;
  if (!b) {
    b = new InFlightBatcher(spec(db));
    byName.set(name, b as unknown as InFlightBatcher<never, unknown>);
  }
  return b;
}
