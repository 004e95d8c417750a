import type { Db, Queryable } from '../../db/db.js';
import { AppError } from '../../errors.js';
import type { Actor } from '../accounts/actor.js';
import { type RequestContext, recordAudit } from '../audit/audit.service.js';
import type { PersonalData } from './vouchers.contract.js';

export const ERASE_PERSONAL_DATA_JOB = 'erase-personal-data';

/**
 * Erasure keeps what serves no one to find the person again: the fingerprint (so the
 * one-carnet rule still holds), birth year, commune and category (anonymous statistics).
 * Names, contacts, birth month and sex go.
 */
const ERASE_SET = `first_name = NULL, last_name = NULL, email = NULL, phone = NULL, consent_reminders = false,
  birth_month = NULL, sex = NULL, erased_at = now()`;

async function beneficiaryOfCarnet(q: Queryable, programmeId: string, serial: string): Promise<string> {
  const rows = await q.query<{ beneficiary_id: string | null }>(
    'SELECT beneficiary_id FROM carnets WHERE serial = $1 AND programme_id = $2',
    [serial, programmeId],
  );
  if (!rows[0]) throw new AppError('CARNET_NOT_FOUND');
  if (!rows[0].beneficiary_id) throw new AppError('BENEFICIARY_NOT_FOUND');
  return rows[0].beneficiary_id;
}

/** Everything held about the person of a carnet; the reading is audited (who looked, when, why not). */
export async function personalDataOfCarnet(
  db: Db,
  ctx: RequestContext & { actor: Actor },
  programmeId: string,
  serial: string,
): Promise<PersonalData> {
  return db.tx(async (q) => {
    const id = await beneficiaryOfCarnet(q, programmeId, serial);
    const [person] = await q.query<Omit<PersonalData, 'carnets'>>(
      `SELECT b.id AS "beneficiaryId", p.name AS programme, b.birth_year AS "birthYear", b.birth_month AS "birthMonth",
              b.commune_insee AS "communeInsee", b.public_category AS "publicCategory", b.sex,
              b.consent_reminders AS "consentReminders", b.first_name AS "firstName", b.last_name AS "lastName",
              b.email, b.phone, to_json(b.created_at) #>> '{}' AS "firstSeenAt", to_json(b.erased_at) #>> '{}' AS "erasedAt"
         FROM beneficiaries b JOIN programmes p ON p.id = b.programme_id WHERE b.id = $1`,
      [id],
    );
    const carnets = await q.query<PersonalData['carnets'][number]>(
      `SELECT c.serial, to_json(c.distributed_at) #>> '{}' AS "distributedAt", d.name AS "distributedBy",
              (SELECT json_agg(json_build_object('serial', c.serial || '-' || ps.number, 'state', ps.state,
                        'redeemedAt', to_json(r.created_at) #>> '{}', 'venue', v.name) ORDER BY ps.number)
                 FROM passes ps
                 LEFT JOIN redemption_passes rp ON rp.pass_id = ps.id AND rp.active
                 LEFT JOIN redemptions r ON r.id = rp.redemption_id
                 LEFT JOIN organisations v ON v.id = r.venue_organisation_id
                WHERE ps.carnet_id = c.id) AS passes
         FROM carnets c LEFT JOIN organisations d ON d.id = c.distributed_by
        WHERE c.beneficiary_id = $1 ORDER BY c.distributed_at`,
      [id],
    );
    await recordAudit(q, ctx, {
      programmeId,
      action: 'beneficiary.read',
      entityType: 'beneficiary',
      entityId: id,
      after: { carnet: serial },
    });
    return { ...(person as Omit<PersonalData, 'carnets'>), carnets };
  });
}

/** The person asked: their names and contacts are erased now, with the reason, in the audit log. */
export async function erasePersonalData(
  db: Db,
  ctx: RequestContext & { actor: Actor },
  programmeId: string,
  serial: string,
  reason: string,
): Promise<{ beneficiaryId: string; erasedAt: string }> {
  return db.tx(async (q) => {
    const id = await beneficiaryOfCarnet(q, programmeId, serial);
    const [erased] = await q.query<{ erasedAt: string }>(
      `UPDATE beneficiaries SET ${ERASE_SET}, erased_because = 'request' WHERE id = $1
       RETURNING to_json(erased_at) #>> '{}' AS "erasedAt"`,
      [id],
    );
    await recordAudit(q, ctx, {
      programmeId,
      action: 'beneficiary.erase',
      entityType: 'beneficiary',
      entityId: id,
      after: { carnet: serial, reason },
    });
    return { beneficiaryId: id, erasedAt: (erased as { erasedAt: string }).erasedAt };
  });
}

/** The daily retention job: personal data older than its programme's period is erased. */
export async function eraseExpiredPersonalData(db: Db): Promise<number> {
  return db.tx(async (q) => {
    const erased = await q.query<{ programme_id: string; n: number }>(
      `WITH gone AS (
         UPDATE beneficiaries b SET ${ERASE_SET}, erased_because = 'retention'
           FROM programmes p
          WHERE p.id = b.programme_id AND b.erased_at IS NULL
            AND b.created_at < now() - make_interval(months => p.personal_data_retention_months)
         RETURNING b.programme_id)
       SELECT programme_id, count(*)::int AS n FROM gone GROUP BY programme_id`,
    );
    for (const e of erased) {
      await recordAudit(
        q,
        { actor: null, requestId: null },
        {
          programmeId: e.programme_id,
          action: 'beneficiary.retention-erase',
          entityType: 'programme',
          entityId: e.programme_id,
          after: { erased: e.n },
        },
      );
    }
    return erased.reduce((s, e) => s + e.n, 0);
  });
}
