import type { Queryable } from '../../db/db.js';
import { PASS_TRANSITIONS, type PassTransition } from './pass.rules.js';

/**
 * The only code that writes a pass's state. Each verb applies one transition of the rules
 * (`pass.rules.ts`) and only to passes in a state it starts from; other modules call a verb
 * (payments calls `reimburseBatchPasses`), never `UPDATE passes`. The redemption itself runs in
 * one statement for speed (`redemption.batch.ts`), built from the same transition.
 */

const fromOf = (t: PassTransition): string[] => [...PASS_TRANSITIONS[t].from];

/** New passes, in the issued state (issuance writes them in bulk in its one transaction). */
export async function insertIssuedPasses(
  q: Queryable,
  p: {
    programmeId: string;
    valueCents: number;
    expiresOn: string | null;
    carnetIds: string[];
    numbers: number[];
    hashes: string[];
    sealed: string[];
  },
): Promise<void> {
  await q.query(
    `INSERT INTO passes (programme_id, carnet_id, number, code_hash, code_sealed, value_cents, expires_on)
     SELECT $1, c, n, decode(h, 'hex'), decode(s, 'hex'), $2, $3
       FROM unnest($4::uuid[], $5::int[], $6::text[], $7::text[]) AS x(c, n, h, s)`,
    [p.programmeId, p.valueCents, p.expiresOn, p.carnetIds, p.numbers, p.hashes, p.sealed],
  );
}

/**
 * Hands out the issued passes of a carnet: valid `validityMonths` from today when the programme
 * says so, never past its end date.
 */
export async function distributeCarnetPasses(
  q: Queryable,
  carnetId: string,
  validity: { months: number | null; programmeEnd: string | null },
): Promise<{ serial: string; expiresOn: string | null; value_cents: number }[]> {
  return q.query(
    `UPDATE passes p SET state = $5, state_changed_at = now(),
            expires_on = CASE WHEN $2::int IS NULL THEN $3::date
                              ELSE LEAST($3::date, (current_date + make_interval(months => $2::int))::date) END
       FROM carnets c
      WHERE p.carnet_id = $1 AND p.state = ANY($4) AND c.id = p.carnet_id
      RETURNING c.serial || '-' || p.number AS serial, p.expires_on::text AS "expiresOn", p.value_cents`,
    [carnetId, validity.months, validity.programmeEnd, fromOf('distribute'), PASS_TRANSITIONS.distribute.to],
  );
}

/** Hands out replacement passes, valid as long as the carnet they replace. */
export async function distributeReplacementPasses(
  q: Queryable,
  passIds: number[],
  replacedCarnetId: string,
): Promise<void> {
  await q.query(
    `UPDATE passes SET state = $4, state_changed_at = now(),
            expires_on = (SELECT max(expires_on) FROM passes WHERE carnet_id = $2)
      WHERE id = ANY($1) AND state = ANY($3)`,
    [passIds, replacedCarnetId, fromOf('distribute'), PASS_TRANSITIONS.distribute.to],
  );
}

/** Ends unspent passes: expired, or cancelled with a reason. */
export async function endPasses(
  q: Queryable,
  passIds: number[],
  transition: 'expire' | 'cancel',
  reason: string | null,
): Promise<void> {
  await q.query(
    `UPDATE passes SET state = $2, cancel_reason = $3, state_changed_at = now() WHERE id = ANY($1) AND state = ANY($4)`,
    [passIds, PASS_TRANSITIONS[transition].to, reason, fromOf(transition)],
  );
}

/** A venue's redemption taken back: its passes can be spent again. */
export async function undoRedeemedPasses(q: Queryable, passIds: number[]): Promise<void> {
  await q.query(`UPDATE passes SET state = $2, state_changed_at = now() WHERE id = ANY($1) AND state = ANY($3)`, [
    passIds,
    PASS_TRANSITIONS.undo.to,
    fromOf('undo'),
  ]);
}

/** A spent pass rejected from a statement and cancelled (the redemption was not due). */
export async function rejectRedeemedPass(q: Queryable, passId: number, reason: string): Promise<void> {
  await q.query(
    `UPDATE passes SET state = $2, cancel_reason = $3, state_changed_at = now() WHERE id = $1 AND state = ANY($4)`,
    [passId, PASS_TRANSITIONS.reject.to, reason, fromOf('reject')],
  );
}

/** The passes of a paid batch's statements are reimbursed. */
export async function reimburseBatchPasses(q: Queryable, batchId: string): Promise<void> {
  await q.query(
    `UPDATE passes p SET state = $2, state_changed_at = now()
       FROM statement_lines l JOIN statements s ON s.id = l.statement_id
      WHERE s.batch_id = $1 AND l.status = 'included' AND p.id = l.pass_id AND p.state = ANY($3)`,
    [batchId, PASS_TRANSITIONS.reimburse.to, fromOf('reimburse')],
  );
}
