import { randomUUID } from 'node:crypto';
import type { Db, Queryable } from '../../db/db.js';
import { AppError } from '../../errors.js';
import { type RequestContext, recordAudit } from '../audit/audit.service.js';
import { enqueueJob, getJob, type Job, type JobContext } from '../jobs/jobs.service.js';
import { ACCOUNTS, balances, post } from '../ledger/ledger.service.js';
import { checkBudgetAlert } from '../payments/budget.service.js';
import { type CodeKeys, codeHash, encryptCode } from './code.crypto.js';
import { generateCode } from './code.rules.js';
import { insertIssuedPasses } from './passes.store.js';
import type { OrderSummary, OrderView } from './vouchers.contract.js';

export const ISSUE_ORDER_JOB = 'issue-order';

interface ProgrammeTerms {
  code: string;
  envelope_cents: number;
  engineering_cents: number;
  face_value_cents: number;
  passes_per_carnet: number;
  end_date: string | null;
}

/** The programme's terms; `lock` serialises orders of one programme against its envelope. */
async function programmeTerms(q: Queryable, programmeId: string, lock: boolean): Promise<ProgrammeTerms> {
  const rows = await q.query<ProgrammeTerms>(
    `SELECT code, envelope_cents, engineering_cents, face_value_cents, passes_per_carnet, end_date
       FROM programmes WHERE id = $1 ${lock ? 'FOR UPDATE' : ''}`,
    [programmeId],
  );
  if (!rows[0]) throw new AppError('PROGRAMME_NOT_FOUND');
  return rows[0];
}

/**
 * What the envelope (minus engineering) can still pay for: less the value already issued
 * (net of what expiry and cancellation gave back) and the orders still waiting for issuance.
 */
async function availableCents(q: Queryable, programmeId: string, p: ProgrammeTerms): Promise<number> {
  const ledger = await balances(q, programmeId);
  const pending = await q.query<{ value: number }>(
    `SELECT COALESCE(sum(o.value_cents), 0)::bigint AS value FROM carnet_orders o JOIN jobs j ON j.id = o.job_id
      WHERE o.programme_id = $1 AND o.first_sequence IS NULL AND j.status IN ('queued', 'running')`,
    [programmeId],
  );
  return p.envelope_cents - p.engineering_cents + (ledger.get(ACCOUNTS.programme) ?? 0) - (pending[0]?.value ?? 0);
}

/** An operator orders carnets; issuance itself runs as a background job. */
export async function createOrder(
  db: Db,
  ctx: RequestContext,
  programmeId: string,
  carnets: number,
): Promise<{ orderId: string; jobId: string }> {
  return db.tx(async (q) => {
    const p = await programmeTerms(q, programmeId, true);
    const value = carnets * p.passes_per_carnet * p.face_value_cents;
    const available = await availableCents(q, programmeId, p);
    if (value > available) {
      throw new AppError('ENVELOPE_EXCEEDED', { requestedCents: value, availableCents: available });
    }
    const orderId = randomUUID();
    const jobId = (await enqueueJob(q, {
      programmeId,
      kind: ISSUE_ORDER_JOB,
      payload: { orderId },
      createdBy: ctx.actor?.userId ?? null,
    })) as string;
    await q.query(
      `INSERT INTO carnet_orders (id, programme_id, carnets, value_cents, job_id, created_by) VALUES ($1, $2, $3, $4, $5, $6)`,
      [orderId, programmeId, carnets, value, jobId, ctx.actor?.userId ?? null],
    );
    await recordAudit(q, ctx, {
      programmeId,
      action: 'order.create',
      entityType: 'carnet_order',
      entityId: orderId,
      after: { carnets, valueCents: value },
    });
    return { orderId, jobId };
  });
}

export async function programmeOfOrder(q: Queryable, orderId: string): Promise<string | null> {
  const rows = await q.query<{ programme_id: string }>('SELECT programme_id FROM carnet_orders WHERE id = $1', [
    orderId,
  ]);
  return rows[0]?.programme_id ?? null;
}

export async function getOrder(q: Queryable, orderId: string): Promise<OrderView> {
  const rows = await q.query<{ programme_id: string; carnets: number; job_id: string }>(
    'SELECT programme_id, carnets, job_id FROM carnet_orders WHERE id = $1',
    [orderId],
  );
  const order = rows[0];
  if (!order) throw new AppError('ORDER_NOT_FOUND');
  const job = (await getJob(q, order.job_id)) as Job;
  const view: OrderView = {
    orderId,
    programmeId: order.programme_id,
    carnets: order.carnets,
    status: job.status,
    progress: job.progress,
    error: job.status === 'failed' ? job.error : null,
  };
  if (job.status === 'done') {
    const serials = await q.query<{ serial: string }>(
      'SELECT serial FROM carnets WHERE order_id = $1 ORDER BY sequence',
      [orderId],
    );
    view.carnetSerials = serials.map((s) => s.serial);
  }
  return view;
}

const CHUNK = 5_000;

/** A chunk of new passes: codes drawn, then hashed (to find them) and sealed (to print them). */
function sealChunk(keys: CodeKeys, size: number): { hashes: string[]; sealed: string[] } {
  const hashes: string[] = new Array(size);
  const sealed: string[] = new Array(size);
  for (let i = 0; i < size; i++) {
    const code = generateCode();
    hashes[i] = codeHash(keys, code).toString('hex');
    sealed[i] = encryptCode(keys, code).toString('hex');
  }
  return { hashes, sealed };
}

/**
 * Issues an order's carnets and passes, everything in one transaction: a crash leaves no partial
 * carnet, and a re-run of an order already issued does nothing. Progress is shown per chunk.
 */
export async function issueOrder(job: Job, ctx: JobContext, keys: CodeKeys): Promise<{ carnets: number }> {
  const { db } = ctx;
  const orderId = String(job.payload.orderId);
  const orders = await db.query<{ programme_id: string; carnets: number; first_sequence: number | null }>(
    'SELECT programme_id, carnets, first_sequence FROM carnet_orders WHERE id = $1',
    [orderId],
  );
  const order = orders[0];
  if (!order) throw new Error(`order ${orderId} not found`);
  if (order.first_sequence !== null) return { carnets: order.carnets };
  const terms = await programmeTerms(db, order.programme_id, false);

  const passCount = order.carnets * terms.passes_per_carnet;
  await db.tx(async (q) => {
    const again = await q.query<{ first_sequence: number | null }>(
      'SELECT first_sequence FROM carnet_orders WHERE id = $1 FOR UPDATE',
      [orderId],
    );
    if (again[0]?.first_sequence !== null) return;
    const seq = await q.query<{ last_sequence: number }>(
      `INSERT INTO carnet_sequences (programme_id, last_sequence) VALUES ($1, $2)
       ON CONFLICT (programme_id) DO UPDATE SET last_sequence = carnet_sequences.last_sequence + $2
       RETURNING last_sequence`,
      [order.programme_id, order.carnets],
    );
    const first = (seq[0] as { last_sequence: number }).last_sequence - order.carnets + 1;
    const carnetIds = Array.from({ length: order.carnets }, () => randomUUID());
    const sequences = carnetIds.map((_, i) => first + i);
    await q.query(
      `INSERT INTO carnets (id, programme_id, order_id, sequence, serial)
       SELECT id, $1, $2, s, $3 || '-' || lpad(s::text, 6, '0') FROM unnest($4::uuid[], $5::int[]) AS x(id, s)`,
      [order.programme_id, orderId, terms.code, carnetIds, sequences],
    );
    // Each chunk's codes are drawn, hashed and sealed here while PostgreSQL writes the previous
    // chunk: the Node process and the database work side by side instead of one after the other.
    let writing: Promise<void> = Promise.resolve();
    for (let start = 0; start < passCount; start += CHUNK) {
      const end = Math.min(passCount, start + CHUNK);
      const idx = Array.from({ length: end - start }, (_, k) => start + k);
      const codes = sealChunk(keys, end - start);
      await writing;
      if (start > 0) await ctx.progress(start / passCount);
      writing = insertIssuedPasses(q, {
        programmeId: order.programme_id,
        valueCents: terms.face_value_cents,
        expiresOn: terms.end_date,
        carnetIds: idx.map((i) => carnetIds[Math.floor(i / terms.passes_per_carnet)] as string),
        numbers: idx.map((i) => (i % terms.passes_per_carnet) + 1),
        hashes: codes.hashes,
        sealed: codes.sealed,
      });
      // Awaited at the next chunk or below; a failure meanwhile must not go unhandled.
      writing.catch(() => undefined);
    }
    await writing;
    await q.query('UPDATE carnet_orders SET first_sequence = $2 WHERE id = $1', [orderId, first]);
    await post(q, {
      programmeId: order.programme_id,
      event: 'issuance',
      refType: 'carnet_order',
      refId: orderId,
      transfers: [
        { from: ACCOUNTS.programme, to: ACCOUNTS.operatorStock, amountCents: passCount * terms.face_value_cents },
      ],
    });
    await recordAudit(
      q,
      { actor: null, requestId: null },
      {
        programmeId: order.programme_id,
        action: 'order.issue',
        entityType: 'carnet_order',
        entityId: orderId,
        after: { carnets: order.carnets, passes: passCount, firstSequence: first },
      },
    );
    await checkBudgetAlert(q, order.programme_id);
  });
  return { carnets: order.carnets };
}

export async function listOrders(q: Queryable, programmeId: string): Promise<OrderSummary[]> {
  return q.query<OrderSummary>(
    `SELECT o.id AS "orderId", o.carnets, o.value_cents AS "valueCents", j.status, j.progress,
            to_json(o.created_at) #>> '{}' AS "createdAt"
       FROM carnet_orders o JOIN jobs j ON j.id = o.job_id
      WHERE o.programme_id = $1 ORDER BY o.created_at DESC LIMIT 100`,
    [programmeId],
  );
}
