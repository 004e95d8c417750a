import type { Db, Queryable } from '../../db/db.js';

export type JobStatus = 'queued' | 'running' | 'done' | 'failed';

export interface Job {
  id: string;
  programmeId: string | null;
  kind: string;
  payload: Record<string, unknown>;
  status: JobStatus;
  progress: number;
  attempts: number;
  error: string | null;
}

export interface JobContext {
  db: Db;
  /** Records progress (0..1), visible to other processes at once. */
  progress(fraction: number): Promise<void>;
}

/** A job handler must be safe to run again: a crashed run is retried after its lease. */
export type JobHandler = (job: Job, ctx: JobContext) => Promise<unknown>;

/**
 * A running job holds a short lease that its process renews while it works (a heartbeat), so a
 * process that dies leaves work that another takes over within seconds, while a long issuance
 * by a living process is never taken from it.
 */
export const LEASE_SECONDS = 15;
const HEARTBEAT_MS = (LEASE_SECONDS * 1000) / 3;
/** How a kind of job is retried: how many runs in all, and the wait before run n+1. */
export interface RetryPolicy {
  attempts: number;
  backoffSeconds(attempt: number): number;
}
/** Most jobs are retried at once: a crash is the usual cause, not a service that is down. */
const IMMEDIATE: RetryPolicy = { attempts: 3, backoffSeconds: () => 0 };
const JOB_COLUMNS = `id, programme_id AS "programmeId", kind, payload, status, progress, attempts, error`;

export async function enqueueJob(
  q: Queryable,
  job: { programmeId: string | null; kind: string; payload: object; createdBy: string | null; dedupeKey?: string },
): Promise<string | null> {
  const rows = await q.query<{ id: string }>(
    `INSERT INTO jobs (programme_id, kind, payload, created_by, dedupe_key) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (dedupe_key) DO NOTHING RETURNING id`,
    [job.programmeId, job.kind, JSON.stringify(job.payload), job.createdBy, job.dedupeKey ?? null],
  );
  return rows[0]?.id ?? null;
}

export async function getJob(q: Queryable, id: string): Promise<Job | null> {
  const rows = await q.query<Job>(`SELECT ${JOB_COLUMNS} FROM jobs WHERE id = $1`, [id]);
  return rows[0] ?? null;
}

/** Takes the oldest waiting job (or one whose run crashed), so several processes share the queue. */
async function claim(db: Db, kinds: string[]): Promise<Job | null> {
  const rows = await db.query<Job>(
    `UPDATE jobs SET status = 'running', attempts = attempts + 1, started_at = now(),
            lease_until = now() + make_interval(secs => $2)
      WHERE id = (SELECT id FROM jobs
                   WHERE kind = ANY($1)
                     AND ((status = 'queued' AND (run_after IS NULL OR run_after <= now()))
                          OR (status = 'running' AND lease_until < now()))
                   ORDER BY created_at FOR UPDATE SKIP LOCKED LIMIT 1)
      RETURNING ${JOB_COLUMNS}`,
    [kinds, LEASE_SECONDS],
  );
  return rows[0] ?? null;
}

/** Extends the lease of a run this process still holds (its attempt number fences a takeover). */
async function renewLease(db: Db, job: Job): Promise<void> {
  await db.query(
    `UPDATE jobs SET lease_until = now() + make_interval(secs => $3)
      WHERE id = $1 AND status = 'running' AND attempts = $2`,
    [job.id, job.attempts, LEASE_SECONDS],
  );
}

export class JobRunner {
  private readonly handlers = new Map<string, { handler: JobHandler; retry: RetryPolicy }>();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(private readonly db: Db) {}

  register(kind: string, handler: JobHandler, retry: RetryPolicy = IMMEDIATE): this {
    this.handlers.set(kind, { handler, retry });
    return this;
  }

  /** Runs one job; returns false when none was waiting. */
  async runOne(): Promise<boolean> {
    const job = await claim(this.db, [...this.handlers.keys()]);
    if (!job) return false;
    const { handler, retry } = this.handlers.get(job.kind) as { handler: JobHandler; retry: RetryPolicy };
    const progress = async (p: number) => {
      await this.db.query('UPDATE jobs SET progress = $2 WHERE id = $1', [job.id, Math.max(0, Math.min(1, p))]);
    };
    const heartbeat = setInterval(() => {
      renewLease(this.db, job).catch(() => undefined);
    }, HEARTBEAT_MS);
    heartbeat.unref();
    try {
      const result = await handler(job, { db: this.db, progress });
      await this.db.query(
        `UPDATE jobs SET status = 'done', progress = 1, result = $2, finished_at = now(), lease_until = NULL WHERE id = $1`,
        [job.id, JSON.stringify(result ?? null)],
      );
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const final = job.attempts >= retry.attempts;
      await this.db.query(
        `UPDATE jobs SET status = $2, error = $3, lease_until = NULL, finished_at = CASE WHEN $2 = 'failed' THEN now() END,
                run_after = now() + make_interval(secs => $4)
          WHERE id = $1`,
        [job.id, final ? 'failed' : 'queued', message, final ? 0 : retry.backoffSeconds(job.attempts)],
      );
    } finally {
      clearInterval(heartbeat);
    }
    return true;
  }

  /** Runs jobs until none is waiting (tests, CLI). */
  async drain(): Promise<void> {
    while (await this.runOne()) {
      // keep going
    }
  }

  /** Polls the queue in the background; `kick` runs it at once after an enqueue. */
  start(intervalMs = 1000): void {
    this.timer = setInterval(() => this.kick(), intervalMs);
    this.timer.unref();
  }

  kick(): void {
    if (this.running) return;
    this.running = this.drain()
      .catch(() => undefined)
      .finally(() => {
        this.running = null;
      });
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }
}
