import { csvString } from '../../csv.js';
import type { Db, Queryable } from '../../db/db.js';
import { AppError } from '../../errors.js';
import type { Actor } from '../accounts/actor.js';
import { type RequestContext, recordAudit } from '../audit/audit.service.js';
import { ACCOUNTS, post } from '../ledger/ledger.service.js';
import { queueEmail } from '../mail/outbox.js';
import type { IbanSealer } from '../venues/iban.crypto.js';
import { reimburseBatchPasses } from '../vouchers/passes.store.js';
import type { BatchPaymentInput, PaymentBatch } from './payments.contract.js';
import { sepaCreditTransfer } from './sepa.js';

const BATCH_COLUMNS = `b.id, b.programme_id AS "programmeId", b.reference, b.status, b.execution_date::text AS "executionDate",
  b.amount_cents AS "amountCents", (SELECT count(*)::int FROM statements s WHERE s.batch_id = b.id) AS statements,
  b.paid_on::text AS "paidOn", to_json(b.created_at) #>> '{}' AS "createdAt"`;

export async function getBatch(q: Queryable, id: string): Promise<PaymentBatch> {
  const rows = await q.query<PaymentBatch>(`SELECT ${BATCH_COLUMNS} FROM payment_batches b WHERE b.id = $1`, [id]);
  if (!rows[0]) throw new AppError('BATCH_NOT_FOUND');
  return rows[0];
}

export async function listBatches(q: Queryable, programmeId: string): Promise<PaymentBatch[]> {
  return q.query<PaymentBatch>(
    `SELECT ${BATCH_COLUMNS} FROM payment_batches b WHERE b.programme_id = $1 ORDER BY b.created_at DESC LIMIT 200`,
    [programmeId],
  );
}

export async function programmeOfBatch(q: Queryable, id: string): Promise<string | null> {
  const rows = await q.query<{ programme_id: string }>('SELECT programme_id FROM payment_batches WHERE id = $1', [id]);
  return rows[0]?.programme_id ?? null;
}

/**
 * Gathers the programme's validated statements into a payment batch. The request key makes a
 * double click, a retry or a replay after a crash return the same batch; a statement enters a
 * batch only through a conditional update, so it can never be in two. Statements of venues
 * without confirmed bank details wait for them.
 */
export async function createBatch(
  db: Db,
  ctx: RequestContext & { actor: Actor },
  programmeId: string,
  input: { requestKey: string; executionDate: string },
) {
  return db.tx(async (q) => {
    await q.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`batches:${programmeId}`]);
    const existing = await q.query<{ id: string }>(
      'SELECT id FROM payment_batches WHERE programme_id = $1 AND request_key = $2',
      [programmeId, input.requestKey],
    );
    if (existing[0]) return { batch: await getBatch(q, existing[0].id), replayed: true };
    const settings = await q.query<{ code: string; debtor_iban: Uint8Array | null }>(
      'SELECT code, debtor_iban_sealed AS debtor_iban FROM programmes WHERE id = $1',
      [programmeId],
    );
    if (!settings[0]?.debtor_iban) throw new AppError('PAYMENT_SETTINGS_MISSING');
    const payable = await q.query<{ id: string; amount_cents: number; bank_account_id: string }>(
      `SELECT s.id, s.amount_cents, b.id AS bank_account_id
         FROM statements s JOIN bank_accounts b ON b.organisation_id = s.venue_organisation_id AND b.status = 'confirmed'
        WHERE s.programme_id = $1 AND s.status = 'validated' AND s.batch_id IS NULL AND s.amount_cents > 0
        ORDER BY s.reference FOR UPDATE OF s`,
      [programmeId],
    );
    if (payable.length === 0) throw new AppError('NOTHING_TO_PAY');
    const amount = payable.reduce((sum, s) => sum + Number(s.amount_cents), 0);
    const created = await q.query<{ id: string }>(
      `INSERT INTO payment_batches (programme_id, reference, request_key, execution_date, amount_cents, created_by)
       VALUES ($1, 'PN' || $2 || '-' || lpad(nextval('batch_numbers')::text, 6, '0'), $3, $4, $5, $6) RETURNING id`,
      [programmeId, settings[0].code, input.requestKey, input.executionDate, amount, ctx.actor.userId],
    );
    const batchId = (created[0] as { id: string }).id;
    const moved = await q.query(
      `UPDATE statements s SET status = 'in_batch', batch_id = $1, bank_account_id = x.bank
         FROM unnest($2::uuid[], $3::uuid[]) AS x(id, bank)
        WHERE s.id = x.id AND s.status = 'validated' AND s.batch_id IS NULL RETURNING s.id`,
      [batchId, payable.map((s) => s.id), payable.map((s) => s.bank_account_id)],
    );
    if (moved.length !== payable.length) throw new Error('a statement changed while the batch was built');
    await recordAudit(q, ctx, {
      programmeId,
      action: 'payment-batch.create',
      entityType: 'payment_batch',
      entityId: batchId,
      after: { statements: payable.length, amountCents: amount, executionDate: input.executionDate },
    });
    return { batch: await getBatch(q, batchId), replayed: false };
  });
}

interface TransferRow {
  reference: string;
  creditor: string;
  iban: Uint8Array;
  bic: string;
  amount_cents: number;
}

async function batchTransfers(q: Queryable, batchId: string) {
  const head = await q.query<{
    reference: string;
    created_at: Date;
    execution_date: string;
    debtor_name: string;
    debtor_iban: Uint8Array;
    debtor_bic: string;
  }>(
    `SELECT b.reference, b.created_at, b.execution_date::text AS execution_date, p.debtor_name,
            p.debtor_iban_sealed AS debtor_iban, p.debtor_bic
       FROM payment_batches b JOIN programmes p ON p.id = b.programme_id WHERE b.id = $1`,
    [batchId],
  );
  const batch = head[0];
  if (!batch) throw new AppError('BATCH_NOT_FOUND');
  const transfers = await q.query<TransferRow>(
    `SELECT s.reference, ba.holder AS creditor, ba.iban_sealed AS iban, ba.bic, s.amount_cents
       FROM statements s JOIN bank_accounts ba ON ba.id = s.bank_account_id
      WHERE s.batch_id = $1 ORDER BY s.reference`,
    [batchId],
  );
  return { batch, transfers };
}

/** The SEPA file of a batch: the same bytes at every download (all its inputs are stored). */
export async function batchSepaXml(
  q: Queryable,
  sealer: IbanSealer,
  batchId: string,
): Promise<{ reference: string; xml: string }> {
  const { batch, transfers } = await batchTransfers(q, batchId);
  const xml = sepaCreditTransfer({
    reference: batch.reference,
    createdAt: new Date(batch.created_at),
    executionDate: batch.execution_date,
    debtor: { name: batch.debtor_name, iban: sealer.open(batch.debtor_iban), bic: batch.debtor_bic },
    transfers: transfers.map((t) => ({
      endToEndId: t.reference,
      creditorName: t.creditor,
      iban: sealer.open(t.iban),
      bic: t.bic,
      amountCents: Number(t.amount_cents),
    })),
  });
  return { reference: batch.reference, xml };
}

export async function batchCsv(
  q: Queryable,
  sealer: IbanSealer,
  batchId: string,
): Promise<{ reference: string; csv: string }> {
  const { batch, transfers } = await batchTransfers(q, batchId);
  const csv = csvString(
    transfers.map((t) => [
      t.reference,
      t.creditor,
      sealer.open(t.iban),
      t.bic,
      (Number(t.amount_cents) / 100).toFixed(2),
    ]),
    { header: true, columns: ['releve', 'beneficiaire', 'iban', 'bic', 'montant_eur'], delimiter: ';' },
  );
  return { reference: batch.reference, csv };
}

/** The venue's users learn that the bank sent the transfer back, and why. */
async function tellVenueOfRejection(
  q: Queryable,
  programmeId: string,
  r: { reference: string; venue: string; reason: string },
): Promise<void> {
  const users = await q.query<{ email: string }>(
    'SELECT email FROM users WHERE organisation_id = $1 AND disabled_at IS NULL ORDER BY email',
    [r.venue],
  );
  for (const u of users) {
    await queueEmail(q, {
      programmeId,
      to: u.email,
      subject: `Virement rejeté par la banque — relevé ${r.reference}`,
      body: [
        'Bonjour,',
        '',
        `La banque a rejeté le virement de votre relevé ${r.reference}. Motif indiqué : ${r.reason}`,
        '',
        "Vérifiez vos coordonnées bancaires dans « Mon lieu » : le relevé sera payé dans un prochain lot, une fois le compte confirmé par l'opérateur.",
      ].join('\n'),
    });
  }
}

/**
 * The bank confirmed the batch: its statements are paid, their passes reimbursed, and what was
 * owed to each venue moves to "paid" in the journal. Statements the bank rejected (a bad IBAN)
 * go back to "validated", out of the batch, to be paid in a later one.
 */
export async function markBatchPaid(
  db: Db,
  ctx: RequestContext & { actor: Actor },
  batchId: string,
  input: BatchPaymentInput,
) {
  return db.tx(async (q) => {
    const rows = await q.query<{ status: string; programme_id: string }>(
      'SELECT status, programme_id FROM payment_batches WHERE id = $1 FOR UPDATE',
      [batchId],
    );
    const batch = rows[0];
    if (!batch) throw new AppError('BATCH_NOT_FOUND');
    if (batch.status !== 'created') throw new AppError('BATCH_STATE');
    const returned = await q.query<{ id: string; reference: string; venue: string; reason: string }>(
      `UPDATE statements s SET status = 'validated', batch_id = NULL, bank_account_id = NULL, bank_rejection = r.reason
         FROM unnest($2::uuid[], $3::text[]) AS r(id, reason)
        WHERE s.batch_id = $1 AND s.id = r.id
        RETURNING s.id, s.reference, s.venue_organisation_id AS venue, r.reason`,
      [batchId, input.rejected.map((r) => r.statementId), input.rejected.map((r) => r.reason)],
    );
    // A rejection naming a statement outside this batch is a mistake to show, not to skip.
    const unknown = input.rejected.map((r) => r.statementId).filter((id) => !returned.some((r) => r.id === id));
    if (unknown.length > 0) throw new AppError('STATEMENT_NOT_IN_BATCH', { statementIds: unknown });
    for (const r of returned) await tellVenueOfRejection(q, batch.programme_id, r);
    const paid = await q.query<{ id: string; venue: string; amount_cents: number }>(
      `UPDATE statements SET status = 'paid', paid_on = $2, bank_rejection = NULL WHERE batch_id = $1
       RETURNING id, venue_organisation_id AS venue, amount_cents`,
      [batchId, input.paidOn],
    );
    await reimburseBatchPasses(q, batchId);
    for (const s of paid) {
      await post(q, {
        programmeId: batch.programme_id,
        event: 'statement-paid',
        refType: 'statement',
        refId: s.id,
        transfers: [{ from: ACCOUNTS.owedTo(s.venue), to: ACCOUNTS.paid, amountCents: Number(s.amount_cents) }],
      });
    }
    await q.query(
      `UPDATE payment_batches SET status = 'paid', paid_on = $2,
              amount_cents = (SELECT COALESCE(sum(amount_cents), 0) FROM statements WHERE batch_id = $1) WHERE id = $1`,
      [batchId, input.paidOn],
    );
    await recordAudit(q, ctx, {
      programmeId: batch.programme_id,
      action: 'payment-batch.paid',
      entityType: 'payment_batch',
      entityId: batchId,
      after: {
        paidOn: input.paidOn,
        paid: paid.length,
        rejected: returned.map((r) => ({ statementId: r.id, reason: r.reason })),
      },
    });
    return getBatch(q, batchId);
  });
}
