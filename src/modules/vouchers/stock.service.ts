import type { Db, Queryable } from '../../db/db.js';
import { AppError } from '../../errors.js';
import { type Actor, hasRole } from '../accounts/actor.js';
import { type RequestContext, recordAudit } from '../audit/audit.service.js';
import { ACCOUNTS, post } from '../ledger/ledger.service.js';
import type { Distributor, MovedCarnets, StockLine } from './vouchers.contract.js';

/** A whole carnet still in stock: handed to nobody, every pass still issued. */
const IN_STOCK = `c.beneficiary_id IS NULL
  AND NOT EXISTS (SELECT 1 FROM passes p WHERE p.carnet_id = c.id AND p.state <> 'issued')`;

export async function programmeOfCarnet(q: Queryable, serial: string): Promise<string | null> {
  const rows = await q.query<{ programme_id: string }>('SELECT programme_id FROM carnets WHERE serial = $1', [serial]);
  return rows[0]?.programme_id ?? null;
}

/** A distributor of the programme: an organisation playing that role with an agent holding it there. */
async function assertDistributor(q: Queryable, programmeId: string, organisationId: string): Promise<void> {
  const rows = await q.query(
    `SELECT 1 FROM organisations o
      WHERE o.id = $2 AND 'distributor' = ANY(o.kinds)
        AND EXISTS (SELECT 1 FROM user_roles r JOIN users u ON u.id = r.user_id
                     WHERE r.programme_id = $1 AND r.role = 'distributor' AND u.organisation_id = o.id)`,
    [programmeId, organisationId],
  );
  if (rows.length === 0) throw new AppError('NOT_A_DISTRIBUTOR');
}

export type CarnetSelection = { serials: string[] } | { count: number } | { fromSerial: string; toSerial: string };

/**
 * Moves carnets between the operator's stock and a distributor's (to = null: taken back).
 * Only whole carnets still in stock move; the ledger follows the value of their passes.
 */
export async function moveCarnets(
  db: Db,
  ctx: RequestContext,
  programmeId: string,
  selection: CarnetSelection,
  to: string | null,
  from: string | null,
): Promise<MovedCarnets> {
  return db.tx(async (q) => {
    if (to) await assertDistributor(q, programmeId, to);
    const where = `c.programme_id = $1 AND c.holder_organisation_id IS NOT DISTINCT FROM $2 AND ${IN_STOCK}`;
    let rows: { id: string; serial: string }[];
    if ('serials' in selection) {
      rows = await q.query(
        `SELECT c.id, c.serial FROM carnets c WHERE ${where} AND c.serial = ANY($3) ORDER BY c.sequence FOR UPDATE`,
        [programmeId, from, selection.serials],
      );
      if (rows.length !== selection.serials.length) {
        const found = new Set(rows.map((r) => r.serial));
        throw new AppError('CARNET_NOT_AVAILABLE', { serials: selection.serials.filter((s) => !found.has(s)) });
      }
    } else if ('count' in selection) {
      rows = await q.query(
        `SELECT c.id, c.serial FROM carnets c WHERE ${where} ORDER BY c.sequence LIMIT $3 FOR UPDATE SKIP LOCKED`,
        [programmeId, from, selection.count],
      );
      if (rows.length < selection.count) {
        throw new AppError(
          'CARNET_NOT_AVAILABLE',
          { requested: selection.count, available: rows.length },
          `Le stock ne compte que ${rows.length} carnet(s) disponible(s) : vous en demandez ${selection.count}.`,
        );
      }
    } else {
      rows = await q.query(
        `SELECT c.id, c.serial FROM carnets c WHERE ${where} AND c.serial BETWEEN $3 AND $4 ORDER BY c.sequence FOR UPDATE`,
        [programmeId, from, selection.fromSerial, selection.toSerial],
      );
      if (rows.length === 0) throw new AppError('CARNET_NOT_AVAILABLE', selection);
    }
    const ids = rows.map((r) => r.id);
    await q.query('UPDATE carnets SET holder_organisation_id = $2 WHERE id = ANY($1)', [ids, to]);
    const value = await q.query<{ v: number }>(
      'SELECT COALESCE(sum(value_cents), 0)::bigint AS v FROM passes WHERE carnet_id = ANY($1)',
      [ids],
    );
    const account = (org: string | null) => (org ? ACCOUNTS.stockOf(org) : ACCOUNTS.operatorStock);
    const serials = rows.map((r) => r.serial);
    await post(q, {
      programmeId,
      event: to ? 'allocation' : 'take_back',
      refType: 'carnets',
      refId: `${serials[0]}..${serials.at(-1)}`,
      transfers: [{ from: account(from), to: account(to), amountCents: value[0]?.v ?? 0 }],
    });
    await recordAudit(q, ctx, {
      programmeId,
      action: to ? 'stock.allocate' : 'stock.take_back',
      entityType: 'carnets',
      entityId: `${serials[0]}..${serials.at(-1)}`,
      before: { holder: from },
      after: { holder: to, serials },
    });
    return { serials };
  });
}

/** Carnets in stock per holder; a distributor sees its own line only. */
export async function stockOf(
  q: Queryable,
  programmeId: string,
  onlyOrganisation: string | null,
): Promise<StockLine[]> {
  return q.query<StockLine>(
    `SELECT c.holder_organisation_id AS "organisationId", COALESCE(o.name, 'Stock de l''opérateur') AS name, count(*)::int AS carnets
       FROM carnets c LEFT JOIN organisations o ON o.id = c.holder_organisation_id
      WHERE c.programme_id = $1 AND ${IN_STOCK} AND ($2::uuid IS NULL OR c.holder_organisation_id = $2)
      GROUP BY c.holder_organisation_id, o.name ORDER BY o.name NULLS FIRST`,
    [programmeId, onlyOrganisation],
  );
}

/** Serials a holder can hand out or allocate now (null: the operator's stock), oldest first. */
export async function availableCarnets(
  q: Queryable,
  programmeId: string,
  holder: string | null,
  limit: number,
): Promise<string[]> {
  const rows = await q.query<{ serial: string }>(
    `SELECT c.serial FROM carnets c
      WHERE c.programme_id = $1 AND c.holder_organisation_id IS NOT DISTINCT FROM $2 AND ${IN_STOCK}
      ORDER BY c.sequence LIMIT $3`,
    [programmeId, holder, limit],
  );
  return rows.map((r) => r.serial);
}

/** Organisations that distribute in the programme (allocation targets). */
export async function distributorsOf(q: Queryable, programmeId: string): Promise<Distributor[]> {
  return q.query(
    `SELECT DISTINCT o.id, o.name FROM organisations o JOIN users u ON u.organisation_id = o.id
       JOIN user_roles r ON r.user_id = u.id
      WHERE r.programme_id = $1 AND r.role = 'distributor' AND 'distributor' = ANY(o.kinds) ORDER BY o.name`,
    [programmeId],
  );
}

/** Operators see every holder's stock; a distributor its own. */
export async function stockSeenBy(q: Queryable, actor: Actor, programmeId: string): Promise<StockLine[]> {
  return stockOf(q, programmeId, managesStock(actor, programmeId) ? null : actor.organisationId);
}

/** Serials the caller can hand out or allocate: the operator's stock for an operator, its own otherwise. */
export async function carnetsAvailableTo(
  q: Queryable,
  actor: Actor,
  programmeId: string,
  limit: number,
): Promise<string[]> {
  return availableCarnets(q, programmeId, managesStock(actor, programmeId) ? null : actor.organisationId, limit);
}

const managesStock = (actor: Actor, programmeId: string) => hasRole(actor, programmeId, ['admin', 'operator']);

/** One carnet of the operator's stock allocated to a distributor. */
export async function allocateCarnet(
  db: Db,
  ctx: RequestContext,
  serial: string,
  distributorId: string,
): Promise<MovedCarnets> {
  const programmeId = await programmeOfCarnet(db, serial);
  if (!programmeId) throw new AppError('CARNET_NOT_FOUND');
  return moveCarnets(db, ctx, programmeId, { serials: [serial] }, distributorId, null);
}

/** A carnet allocated to a distributor taken back into the operator's stock. */
export async function takeBackCarnet(db: Db, ctx: RequestContext, serial: string): Promise<MovedCarnets> {
  const rows = await db.query<{ programme_id: string; holder: string | null }>(
    'SELECT programme_id, holder_organisation_id AS holder FROM carnets WHERE serial = $1',
    [serial],
  );
  const carnet = rows[0];
  if (!carnet) throw new AppError('CARNET_NOT_FOUND');
  if (!carnet.holder) throw new AppError('CARNET_NOT_AVAILABLE', { serial });
  return moveCarnets(db, ctx, carnet.programme_id, { serials: [serial] }, null, carnet.holder);
}
