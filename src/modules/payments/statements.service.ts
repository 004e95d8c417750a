import type { Db, Queryable } from '../../db/db.js';
import { AppError } from '../../errors.js';
import type { Actor } from '../accounts/actor.js';
import { type RequestContext, recordAudit } from '../audit/audit.service.js';
import { ACCOUNTS, post } from '../ledger/ledger.service.js';
import { rejectRedeemedPass } from '../vouchers/passes.store.js';
import type { LineRejection, Statement, StatementLine } from './payments.contract.js';
import { lastCompletePeriod, periodOf, type StatementPeriod, type StatementStatus } from './statement.rules.js';

const STATEMENT_COLUMNS = `s.id, s.programme_id AS "programmeId", s.venue_organisation_id AS "venueOrganisationId",
  o.name AS "venueName", s.reference, s.period_start::text AS "periodStart", s.period_end::text AS "periodEnd", s.status,
  COALESCE(s.amount_cents, (SELECT sum(l.amount_cents) FROM statement_lines l WHERE l.statement_id = s.id AND l.status = 'included'), 0)::bigint AS "amountCents",
  s.batch_id AS "batchId", s.paid_on::text AS "paidOn", s.bank_rejection AS "bankRejection"`;
const FROM = 'FROM statements s JOIN organisations o ON o.id = s.venue_organisation_id';

/**
 * Draws up the statements of a period: every redeemed pass of the programme not yet on a
 * statement, redeemed before the period's end, goes on its venue's statement for the period
 * (created as a draft, or completed while still a draft). Set-based, so 20,000 venues take one
 * pass over the data; serialised per programme; safe to run again (nothing is listed twice).
 */
export async function drawUpStatements(db: Db, ctx: RequestContext, programmeId: string, day?: string) {
  return db.tx(async (q) => {
    const programme = await q.query<{ code: string; statement_period: StatementPeriod }>(
      'SELECT code, statement_period FROM programmes WHERE id = $1',
      [programmeId],
    );
    const p = programme[0];
    if (!p) throw new AppError('PROGRAMME_NOT_FOUND');
    const period = day ? periodOf(day, p.statement_period) : lastCompletePeriod(today(), p.statement_period);
    await q.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`statements:${programmeId}`]);
    // What is due and on no statement yet, gathered before anything is written: checked while
    // the lines go in, the NOT EXISTS would scan the new lines once per line (a plan made while
    // statement_lines was small), quadratic at 40,000 lines.
    await q.query(
      `CREATE TEMP TABLE pending_lines ON COMMIT DROP AS
       SELECT rp.pass_id, r.id AS redemption_id, r.venue_organisation_id AS venue, p.value_cents
         FROM redemptions r JOIN redemption_passes rp ON rp.redemption_id = r.id AND rp.active
         JOIN passes p ON p.id = rp.pass_id AND p.state = 'redeemed'
        WHERE r.programme_id = $1 AND r.undone_at IS NULL AND r.created_at < ($2::date + 1)::timestamp AT TIME ZONE 'Europe/Paris'
          AND NOT EXISTS (SELECT 1 FROM statement_lines l WHERE l.pass_id = rp.pass_id AND l.status <> 'returned')`,
      [programmeId, period.end],
    );
    const created = await q.query<{ id: string }>(
      `INSERT INTO statements (programme_id, venue_organisation_id, reference, period_start, period_end)
       SELECT $1, venue, 'REL-' || $3 || '-' || to_char($4::date, 'YYYYMMDD') || '-' || lpad(nextval('statement_numbers')::text, 6, '0'),
              $4, $2
         FROM (SELECT DISTINCT venue FROM pending_lines) v
       ON CONFLICT (programme_id, venue_organisation_id, period_start) DO NOTHING RETURNING id`,
      [programmeId, period.end, p.code, period.start],
    );
    const lines = await q.query<{ redemption_id: string; statement_id: string }>(
      `INSERT INTO statement_lines (statement_id, pass_id, redemption_id, programme_id, amount_cents)
       SELECT s.id, x.pass_id, x.redemption_id, $1, x.value_cents
         FROM pending_lines x
         JOIN statements s ON s.programme_id = $1 AND s.venue_organisation_id = x.venue AND s.period_start = $2 AND s.status = 'draft'
       RETURNING redemption_id, statement_id`,
      [programmeId, period.start],
    );
    // A redemption on a statement can no longer be undone by the venue.
    await q.query(
      `UPDATE redemptions r SET statement_id = x.statement_id
         FROM (SELECT DISTINCT ON (redemption_id) redemption_id, statement_id FROM unnest($1::uuid[], $2::uuid[]) AS u(redemption_id, statement_id)) x
        WHERE r.id = x.redemption_id AND r.statement_id IS NULL`,
      [lines.map((l) => l.redemption_id), lines.map((l) => l.statement_id)],
    );
    const result = {
      periodStart: period.start,
      periodEnd: period.end,
      statementsCreated: created.length,
      linesAdded: lines.length,
    };
    await recordAudit(q, ctx, {
      programmeId,
      action: 'statements.draw-up',
      entityType: 'programme',
      entityId: programmeId,
      after: result,
    });
    return result;
  });
}

export const DRAW_UP_STATEMENTS_JOB = 'draw-up-statements';

/**
 * The daily run: each programme's statements for its last complete period. Running it every day
 * costs nothing when they exist already, and catches up after a missed day.
 */
export async function drawUpAllStatements(db: Db): Promise<{ programmes: number; statements: number }> {
  const programmes = await db.query<{ id: string }>('SELECT id FROM programmes ORDER BY code');
  let statements = 0;
  for (const p of programmes) {
    statements += (await drawUpStatements(db, { actor: null, requestId: null }, p.id)).statementsCreated;
  }
  return { programmes: programmes.length, statements };
}

const today = () => new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Paris' });

/** A statement with what its PDF prints besides: the programme's name. */
export async function statementForPrint(
  q: Queryable,
  id: string,
): Promise<{ statement: Statement; programmeName: string }> {
  const statement = await getStatement(q, id);
  const [programme] = await q.query<{ name: string }>('SELECT name FROM programmes WHERE id = $1', [
    statement.programmeId,
  ]);
  return { statement, programmeName: programme?.name ?? '' };
}

export async function getStatement(q: Queryable, id: string, forUpdate = false): Promise<Statement> {
  const rows = await q.query<Statement>(
    `SELECT ${STATEMENT_COLUMNS} ${FROM} WHERE s.id = $1 ${forUpdate ? 'FOR UPDATE OF s' : ''}`,
    [id],
  );
  const statement = rows[0];
  if (!statement) throw new AppError('STATEMENT_NOT_FOUND');
  statement.lines = await q.query<StatementLine>(
    `SELECT c.serial || '-' || p.number AS serial, to_json(r.created_at) #>> '{}' AS "redeemedAt", r.service_id AS "serviceId",
            w.title AS "workshopTitle", l.amount_cents AS "amountCents", l.status, l.reject_reason AS "rejectReason"
       FROM statement_lines l JOIN passes p ON p.id = l.pass_id JOIN carnets c ON c.id = p.carnet_id
       JOIN redemptions r ON r.id = l.redemption_id LEFT JOIN workshops w ON w.id = r.workshop_id
      WHERE l.statement_id = $1 ORDER BY r.created_at, serial`,
    [id],
  );
  return statement;
}

export async function listStatements(
  q: Queryable,
  filter: { programmeId?: string; venueId?: string; status?: StatementStatus },
): Promise<Statement[]> {
  return q.query<Statement>(
    `SELECT ${STATEMENT_COLUMNS} ${FROM}
      WHERE ($1::uuid IS NULL OR s.programme_id = $1) AND ($2::uuid IS NULL OR s.venue_organisation_id = $2)
        AND ($3::text IS NULL OR s.status = $3)
      ORDER BY s.period_start DESC, o.name LIMIT 500`,
    [filter.programmeId ?? null, filter.venueId ?? null, filter.status ?? null],
  );
}

/** The venue attests that the workshops of its statement took place: draft → submitted. */
export async function submitStatement(db: Db, ctx: RequestContext & { actor: Actor }, id: string) {
  return db.tx(async (q) => {
    const s = await getStatement(q, id, true);
    if (s.status !== 'draft') throw new AppError('STATEMENT_STATE', { status: s.status });
    await q.query(`UPDATE statements SET status = 'submitted', submitted_at = now(), submitted_by = $2 WHERE id = $1`, [
      id,
      ctx.actor.userId,
    ]);
    await recordAudit(q, ctx, {
      programmeId: s.programmeId,
      action: 'statement.submit',
      entityType: 'statement',
      entityId: id,
    });
    return getStatement(q, id);
  });
}

/**
 * The operator validates a submitted statement, possibly rejecting lines with a reason. The
 * amount is fixed here and never changes afterwards. A cancelled line's pass is cancelled and
 * its value goes back from what is owed to the venue to the programme.
 */
export async function validateStatement(
  db: Db,
  ctx: RequestContext & { actor: Actor },
  id: string,
  rejections: LineRejection[],
) {
  return db.tx(async (q) => {
    const s = await getStatement(q, id, true);
    if (s.status !== 'submitted') throw new AppError('STATEMENT_STATE', { status: s.status });
    const bySerial = new Map((s.lines ?? []).map((l) => [l.serial, l]));
    const unknown = rejections.filter((r) => bySerial.get(r.serial)?.status !== 'included');
    if (unknown.length > 0) throw new AppError('STATEMENT_LINE_UNKNOWN', { serials: unknown.map((r) => r.serial) });
    for (const r of rejections) {
      const rows = await q.query<{ pass_id: number; amount_cents: number }>(
        `UPDATE statement_lines l SET status = $3, reject_reason = $4
           FROM passes p JOIN carnets c ON c.id = p.carnet_id
          WHERE l.statement_id = $1 AND l.pass_id = p.id AND c.serial || '-' || p.number = $2
          RETURNING l.pass_id, l.amount_cents`,
        [id, r.serial, r.action === 'return' ? 'returned' : 'cancelled', r.reason],
      );
      const line = rows[0] as { pass_id: number; amount_cents: number };
      if (r.action === 'cancel') {
        await rejectRedeemedPass(q, line.pass_id, `Rejeté du relevé ${s.reference} : ${r.reason}`);
        await post(q, {
          programmeId: s.programmeId,
          event: 'statement-line-cancel',
          refType: 'statement',
          refId: id,
          transfers: [
            { from: ACCOUNTS.owedTo(s.venueOrganisationId), to: ACCOUNTS.programme, amountCents: line.amount_cents },
          ],
        });
      }
    }
    const total = await q.query<{ amount: number }>(
      `SELECT COALESCE(sum(amount_cents), 0)::bigint AS amount FROM statement_lines WHERE statement_id = $1 AND status = 'included'`,
      [id],
    );
    const amount = Number(total[0]?.amount ?? 0);
    await q.query(
      `UPDATE statements SET status = 'validated', amount_cents = $2, validated_at = now(), validated_by = $3 WHERE id = $1`,
      [id, amount, ctx.actor.userId],
    );
    await recordAudit(q, ctx, {
      programmeId: s.programmeId,
      action: 'statement.validate',
      entityType: 'statement',
      entityId: id,
      before: { status: s.status, amountCents: s.amountCents },
      after: { status: 'validated', amountCents: amount, rejections },
    });
    return getStatement(q, id);
  });
}

/** Who may see a statement: its programme's operators, and its venue. */
export async function statementOwners(
  q: Queryable,
  id: string,
): Promise<{ programmeId: string; venueId: string } | null> {
  const rows = await q.query<{ programmeId: string; venueId: string }>(
    'SELECT programme_id AS "programmeId", venue_organisation_id AS "venueId" FROM statements WHERE id = $1',
    [id],
  );
  return rows[0] ?? null;
}
