import type { z } from 'zod';
import type { Db, Queryable } from '../../db/db.js';
import { AppError } from '../../errors.js';
import { type Actor, hasRole } from '../accounts/actor.js';
import { type RequestContext, recordAudit } from '../audit/audit.service.js';
import { ACCOUNTS, post, type Transfer } from '../ledger/ledger.service.js';
import { distributeReplacementPasses, endPasses } from './passes.store.js';
import type { CancellationInput, Cancelled, Replacement } from './vouchers.contract.js';

export const EXPIRE_PASSES_JOB = 'expire-passes';

interface EndedPass {
  id: number;
  programme_id: string;
  state: string;
  holder: string | null;
  value_cents: number;
}

/** Where a live pass's value sits in the ledger: a stock, or the distributed account. */
const accountOf = (p: EndedPass) =>
  p.state === 'distributed' ? ACCOUNTS.distributed : p.holder ? ACCOUNTS.stockOf(p.holder) : ACCOUNTS.operatorStock;

/** Ends passes (expiry or cancellation): their value goes back to the programme. */
async function endLivePasses(
  q: Queryable,
  passes: EndedPass[],
  transition: 'expire' | 'cancel',
  reason: string | null,
  ref: string,
) {
  if (passes.length === 0) return;
  await endPasses(
    q,
    passes.map((p) => p.id),
    transition,
    reason,
  );
  const byProgramme = new Map<string, Map<string, number>>();
  for (const p of passes) {
    const accounts = byProgramme.get(p.programme_id) ?? new Map<string, number>();
    accounts.set(accountOf(p), (accounts.get(accountOf(p)) ?? 0) + p.value_cents);
    byProgramme.set(p.programme_id, accounts);
  }
  for (const [programmeId, accounts] of byProgramme) {
    const transfers: Transfer[] = [...accounts].map(([from, amountCents]) => ({
      from,
      to: ACCOUNTS.programme,
      amountCents,
    }));
    await post(q, {
      programmeId,
      event: transition === 'expire' ? 'expiry' : 'cancellation',
      refType: 'passes',
      refId: ref,
      transfers,
    });
  }
}

const LIVE_PASSES = `SELECT p.id, p.number, p.programme_id, p.state, c.holder_organisation_id AS holder, p.value_cents
  FROM passes p JOIN carnets c ON c.id = p.carnet_id`;

/** Expires the passes past their validity, in batches; returns how many expired. */
export async function expirePasses(db: Db, batch = 5000): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await db.tx(async (q) => {
      const passes = await q.query<EndedPass>(
        `${LIVE_PASSES} WHERE p.state IN ('issued', 'distributed') AND p.expires_on < current_date
          ORDER BY p.id LIMIT $1 FOR UPDATE OF p SKIP LOCKED`,
        [batch],
      );
      await endLivePasses(q, passes, 'expire', null, `expiry:${new Date().toISOString().slice(0, 10)}`);
      for (const programmeId of new Set(passes.map((p) => p.programme_id))) {
        await recordAudit(
          q,
          { actor: null, requestId: null },
          {
            programmeId,
            action: 'passes.expire',
            entityType: 'passes',
            entityId: 'expiry',
            after: { count: passes.filter((p) => p.programme_id === programmeId).length },
          },
        );
      }
      return passes.length;
    });
    total += n;
    if (n < batch) return total;
  }
}

interface CarnetRow {
  id: string;
  programme_id: string;
  holder_organisation_id: string | null;
  distributed_by: string | null;
  beneficiary_id: string | null;
}

async function lockCarnet(q: Queryable, serial: string): Promise<CarnetRow> {
  const rows = await q.query<CarnetRow>(
    'SELECT id, programme_id, holder_organisation_id, distributed_by, beneficiary_id FROM carnets WHERE serial = $1 FOR UPDATE',
    [serial],
  );
  if (!rows[0]) throw new AppError('CARNET_NOT_FOUND');
  return rows[0];
}

/** Operators act on any carnet of their programmes; a distributor on those it holds or handed out. */
function mayManage(actor: Actor, c: CarnetRow): boolean {
  if (hasRole(actor, c.programme_id, ['admin', 'operator'])) return true;
  const own = c.beneficiary_id ? c.distributed_by : c.holder_organisation_id;
  return hasRole(actor, c.programme_id, ['distributor']) && own === actor.organisationId;
}

/** Cancels a lost, stolen or destroyed carnet, or some of its passes; returns the passes cancelled. */
export async function cancelPasses(
  db: Db,
  ctx: RequestContext & { actor: Actor },
  serial: string,
  input: CancellationInput,
): Promise<z.infer<typeof Cancelled>> {
  return db.tx(async (q) => {
    const carnet = await lockCarnet(q, serial);
    if (!mayManage(ctx.actor, carnet)) throw new AppError('FORBIDDEN');
    const passes = await q.query<EndedPass & { number: number }>(
      `${LIVE_PASSES} WHERE p.carnet_id = $1 AND p.state IN ('issued', 'distributed') AND ($2::int[] IS NULL OR p.number = ANY($2))
        ORDER BY p.id FOR UPDATE OF p`,
      [carnet.id, input.passNumbers ?? null],
    );
    if (passes.length === 0) throw new AppError('CARNET_NOT_AVAILABLE', { serial, reason: 'aucun pass annulable' });
    await endLivePasses(q, passes, 'cancel', input.reason, serial);
    const cancelled = passes.map((p) => `${serial}-${p.number}`);
    await recordAudit(q, ctx, {
      programmeId: carnet.programme_id,
      action: 'passes.cancel',
      entityType: 'carnet',
      entityId: serial,
      after: { reason: input.reason, cancelled },
    });
    return { cancelled };
  });
}

/**
 * Gives the beneficiary of a cancelled carnet a replacement from the actor's stock, linked to
 * it: as many passes as were cancelled are handed out, the others cancelled, so the value
 * handed out stays exactly what was lost.
 */
export async function replaceCarnet(
  db: Db,
  ctx: RequestContext & { actor: Actor },
  serial: string,
  replacementSerial: string,
): Promise<Replacement> {
  return db.tx(async (q) => {
    const old = await lockCarnet(q, serial);
    if (!mayManage(ctx.actor, old) || !old.beneficiary_id) throw new AppError('CARNET_NOT_AVAILABLE', { serial });
    const lost = await q.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM passes p WHERE p.carnet_id = $1 AND p.state = 'cancelled'
         AND NOT EXISTS (SELECT 1 FROM carnets r WHERE r.replaces_carnet_id = $1)`,
      [old.id],
    );
    const owed = lost[0]?.n ?? 0;
    if (owed === 0) throw new AppError('CARNET_NOT_AVAILABLE', { serial, reason: 'aucun pass annulé à remplacer' });
    const fresh = await lockCarnet(q, replacementSerial);
    const holder = hasRole(ctx.actor, old.programme_id, ['admin', 'operator'])
      ? fresh.holder_organisation_id
      : ctx.actor.organisationId;
    if (fresh.programme_id !== old.programme_id || fresh.beneficiary_id || fresh.holder_organisation_id !== holder) {
      throw new AppError('CARNET_NOT_AVAILABLE', { serial: replacementSerial });
    }
    const passes = await q.query<EndedPass & { number: number }>(
      `${LIVE_PASSES} WHERE p.carnet_id = $1 AND p.state = 'issued' ORDER BY p.number FOR UPDATE OF p`,
      [fresh.id],
    );
    if (passes.length < owed) throw new AppError('CARNET_NOT_AVAILABLE', { serial: replacementSerial });
    const given = passes.slice(0, owed);
    await endLivePasses(q, passes.slice(owed), 'cancel', `remplacement partiel de ${serial}`, replacementSerial);
    await q.query(
      `UPDATE carnets SET beneficiary_id = $2, distributed_at = now(), distributed_by = $3, replaces_carnet_id = $4 WHERE id = $1`,
      [fresh.id, old.beneficiary_id, ctx.actor.organisationId, old.id],
    );
    await distributeReplacementPasses(
      q,
      given.map((p) => p.id),
      old.id,
    );
    const value = given.reduce((s, p) => s + p.value_cents, 0);
    await post(q, {
      programmeId: old.programme_id,
      event: 'replacement',
      refType: 'carnet',
      refId: replacementSerial,
      transfers: [
        {
          from: holder ? ACCOUNTS.stockOf(holder) : ACCOUNTS.operatorStock,
          to: ACCOUNTS.distributed,
          amountCents: value,
        },
      ],
    });
    const handed = given.map((p) => `${replacementSerial}-${p.number}`);
    await recordAudit(q, ctx, {
      programmeId: old.programme_id,
      action: 'carnet.replace',
      entityType: 'carnet',
      entityId: serial,
      after: { replacement: replacementSerial, passes: handed },
    });
    return { serial: replacementSerial, passes: handed };
  });
}
