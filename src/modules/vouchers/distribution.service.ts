import { createHmac, hkdfSync } from 'node:crypto';
import type { Db } from '../../db/db.js';
import { AppError } from '../../errors.js';
import { type Actor, hasRole } from '../accounts/actor.js';
import { type RequestContext, recordAudit } from '../audit/audit.service.js';
import { ACCOUNTS, post } from '../ledger/ledger.service.js';
import type { EligibilityRule, PublicCategory, Territory } from '../programmes/programmes.contract.js';
import { assertEligible, communeOf } from './eligibility.check.js';
import { queueCarnetEmail } from './email-delivery.js';
import { closeOrientations } from './orientation.service.js';

export interface BeneficiaryInput {
  birthYear: number;
  birthMonth: number;
  /** Used for the fingerprint only, never stored. */
  birthDay?: number;
  communeInsee: string;
  publicCategory: PublicCategory;
  sex?: 'F' | 'M' | 'X';
  /** Used for the fingerprint; stored only with consent to reminders. */
  firstName: string;
  lastName: string;
  consentReminders?: boolean;
  email?: string;
  phone?: string;
}

/** Paper: the carnet is handed over. E-mail: its passes are sent as links and QR codes. */
export type Delivery = { mode: 'paper' } | { mode: 'email'; email: string };

/** Comparison form of a name: no accents, case, spaces or punctuation ("Élodie-Anne" = "ELODIEANNE"). */
export function nameForComparison(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toUpperCase()
    .replace(/[^A-Z]/g, '');
}

/** Keyed fingerprint of (name, birth date): finds the same person across distributors, reveals nobody. */
export function beneficiaryFingerprint(secret: string, b: BeneficiaryInput): Buffer {
  const key = Buffer.from(hkdfSync('sha256', secret, 'passnum', 'beneficiary-fingerprint', 32));
  const birth = `${b.birthYear}-${String(b.birthMonth).padStart(2, '0')}-${String(b.birthDay ?? 0).padStart(2, '0')}`;
  return createHmac('sha256', key)
    .update(`${nameForComparison(b.lastName)}|${nameForComparison(b.firstName)}|${birth}`)
    .digest();
}

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

export interface DistributionResult {
  serial: string;
  beneficiaryId: string;
  expiresOn: string | null;
  passes: { serial: string; expiresOn: string | null }[];
}

/** A distributor hands a carnet of its stock to an eligible person. */
export async function distributeCarnet(
  db: Db,
  ctx: RequestContext & { actor: Actor },
  secret: string,
  serial: string,
  input: BeneficiaryInput,
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
    if (!hasRole(ctx.actor, carnet.programme_id, ['distributor'])) throw new AppError('NOT_DESIGNATED_PRESCRIBER');
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
    const passes = await q.query<{ serial: string; expiresOn: string | null; value_cents: number }>(
      `UPDATE passes p SET state = 'distributed', state_changed_at = now(),
              expires_on = CASE WHEN $2::int IS NULL THEN $3::date
                                ELSE LEAST($3::date, (current_date + make_interval(months => $2::int))::date) END
         FROM carnets c
        WHERE p.carnet_id = $1 AND p.state = 'issued' AND c.id = p.carnet_id
        RETURNING c.serial || '-' || p.number AS serial, p.expires_on::text AS "expiresOn", p.value_cents`,
      [carnet.id, carnet.validity_months, carnet.end_date],
    );
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
