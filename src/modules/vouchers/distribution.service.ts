import type { Db } from '../../db/db.js';
import { AppError } from '../../errors.js';
import type { Actor } from '../accounts/actor.js';
import { type RequestContext, recordAudit } from '../audit/audit.service.js';
import { ACCOUNTS, post } from '../ledger/ledger.service.js';
import type { EligibilityRule, Territory } from '../programmes/programmes.contract.js';
import { beneficiaryFingerprint } from './beneficiary.rules.js';
import { assertEligible, communeOf } from './eligibility.check.js';
import { queueCarnetEmail } from './email-delivery.js';
import { closeOrientations } from './orientation.service.js';
import { distributeCarnetPasses } from './passes.store.js';
import type { Beneficiary, Delivery, DistributionResult } from './vouchers.contract.js';

interface CarnetRow {
  id: string;
  programme_id: string;
  holder_organisation_id: string | null;
  beneficiary_id: string | null;
  territory: Territory;
  eligibility: EligibilityRule[];
  max_carnets_per_person: number;
  validity_months: number | null;
  end_date: string | null;
  today: string;
}

/** A distributor (checked at the route: a designated prescriber) hands a carnet of its stock to an eligible person. */
export async function distributeCarnet(
  db: Db,
  ctx: RequestContext & { actor: Actor },
  secret: string,
  serial: string,
  input: Beneficiary,
  delivery: Delivery = { mode: 'paper' },
): Promise<DistributionResult> {
  const commune = communeOf(input);
  const fingerprint = beneficiaryFingerprint(secret, input);
  return db.tx(async (q) => {
    const rows = await q.query<CarnetRow>(
      `SELECT c.id, c.programme_id, c.holder_organisation_id, c.beneficiary_id, p.territory, p.eligibility,
              p.max_carnets_per_person, p.validity_months, p.end_date, current_date::text AS today
         FROM carnets c JOIN programmes p ON p.id = c.programme_id WHERE c.serial = $1 FOR UPDATE OF c`,
      [serial],
    );
    const carnet = rows[0];
    if (!carnet) throw new AppError('CARNET_NOT_FOUND');
    const issued = await q.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM passes WHERE carnet_id = $1 AND state = 'issued'`,
      [carnet.id],
    );
    if (carnet.beneficiary_id || carnet.holder_organisation_id !== ctx.actor.organisationId || issued[0]?.n === 0) {
      throw new AppError('CARNET_NOT_AVAILABLE', { serial });
    }
    assertEligible(carnet, input, commune, carnet.today);
    // Serialises distributions to the same person, whichever distributor makes them.
    await q.query('SELECT pg_advisory_xact_lock(hashtext($1))', [
      `${carnet.programme_id}:${fingerprint.toString('hex')}`,
    ]);
    const prior = await q.query<{ id: string; carnets: number }>(
      `SELECT b.id, (SELECT count(*)::int FROM carnets c WHERE c.beneficiary_id = b.id AND c.replaces_carnet_id IS NULL) AS carnets
         FROM beneficiaries b WHERE b.programme_id = $1 AND b.fingerprint = $2`,
      [carnet.programme_id, fingerprint],
    );
    if ((prior[0]?.carnets ?? 0) >= carnet.max_carnets_per_person) throw new AppError('CARNET_LIMIT_REACHED');
    const consent = input.consentReminders === true;
    const beneficiaryId =
      prior[0]?.id ??
      (
        await q.query<{ id: string }>(
          `INSERT INTO beneficiaries (programme_id, fingerprint, birth_year, birth_month, commune_insee, public_category, sex,
             consent_reminders, first_name, last_name, email, phone)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
          [
            carnet.programme_id,
            fingerprint,
            input.birthYear,
            input.birthMonth,
            commune.code,
            input.publicCategory,
            input.sex ?? null,
            consent,
            consent ? input.firstName : null,
            consent ? input.lastName : null,
            consent ? (input.email ?? null) : null,
            consent ? (input.phone ?? null) : null,
          ],
        )
      )[0]?.id;
    await q.query(`UPDATE carnets SET beneficiary_id = $2, distributed_at = now(), distributed_by = $3 WHERE id = $1`, [
      carnet.id,
      beneficiaryId,
      ctx.actor.organisationId,
    ]);
    const passes = await distributeCarnetPasses(q, carnet.id, {
      months: carnet.validity_months,
      programmeEnd: carnet.end_date,
    });
    passes.sort((a, b) => a.serial.localeCompare(b.serial));
    await post(q, {
      programmeId: carnet.programme_id,
      event: 'distribution',
      refType: 'carnet',
      refId: serial,
      transfers: [
        {
          from: ACCOUNTS.stockOf(ctx.actor.organisationId),
          to: ACCOUNTS.distributed,
          amountCents: passes.reduce((s, p) => s + p.value_cents, 0),
        },
      ],
    });
    await closeOrientations(q, carnet.programme_id, fingerprint, carnet.id);
    if (delivery.mode === 'email') await queueCarnetEmail(q, carnet.programme_id, carnet.id, delivery.email);
    await recordAudit(q, ctx, {
      programmeId: carnet.programme_id,
      action: 'carnet.distribute',
      entityType: 'carnet',
      entityId: serial,
      after: { beneficiaryId, passes: passes.length, delivery: delivery.mode },
    });
    return {
      serial,
      beneficiaryId: beneficiaryId as string,
      expiresOn: passes[0]?.expiresOn ?? null,
      passes: passes.map((p) => ({ serial: p.serial, expiresOn: p.expiresOn })),
    };
  });
}
