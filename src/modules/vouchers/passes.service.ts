import type { z } from 'zod';
import type { Queryable } from '../../db/db.js';
import { AppError } from '../../errors.js';
import type { Actor } from '../accounts/actor.js';
import { ANSWER_KEY_SQL } from '../evaluation/evaluation.rules.js';
import { type CodeKeys, codeHash } from './code.crypto.js';
import { readCode } from './code.rules.js';
import type { PassVenueView, PassView } from './vouchers.contract.js';

/**
 * What a code says: the programme, its state, validity and what is left in its carnet, to
 * anyone holding the code; the serial and redemption too, to the venue that redeemed it.
 */
export async function lookUpPass(q: Queryable, keys: CodeKeys, input: string, actor: Actor | null): Promise<PassView> {
  const reading = readCode(input);
  if (!reading.ok) throw new AppError(reading.reason === 'check_symbol' ? 'PASS_CHECK_SYMBOL' : 'PASS_FORMAT');
  const rows = await q.query<z.infer<typeof PassVenueView> & { venueId: string | null }>(
    `SELECT pr.name AS programme, pr.id AS "programmeId", p.state, p.value_cents AS "faceValueCents", p.expires_on::text AS "expiresOn",
            (SELECT count(*)::int FROM passes o WHERE o.carnet_id = p.carnet_id AND o.state = 'distributed'
                AND (o.expires_on IS NULL OR o.expires_on >= current_date)) AS "passesLeftInCarnet",
            c.serial || '-' || p.number AS serial, r.id AS "redemptionId", to_json(r.created_at) #>> '{}' AS "redeemedAt",
            r.venue_organisation_id AS "venueId",
            p.state IN ('redeemed', 'reimbursed') AS evaluable,
            EXISTS (SELECT 1 FROM evaluations e WHERE e.answer_key = ${ANSWER_KEY_SQL}) AS evaluated
       FROM passes p JOIN carnets c ON c.id = p.carnet_id JOIN programmes pr ON pr.id = p.programme_id
       LEFT JOIN redemption_passes rp ON rp.pass_id = p.id AND rp.active
       LEFT JOIN redemptions r ON r.id = rp.redemption_id
      WHERE p.code_hash = $1`,
    [codeHash(keys, reading.code)],
  );
  const row = rows[0];
  if (!row) throw new AppError('PASS_UNKNOWN');
  const { venueId, serial, redemptionId, redeemedAt, ...publicView } = row;
  if (actor && venueId && venueId === actor.organisationId) return { ...publicView, serial, redemptionId, redeemedAt };
  return publicView;
}
