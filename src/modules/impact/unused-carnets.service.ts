import type { Db } from '../../db/db.js';
import type { Actor } from '../accounts/actor.js';
import { type RequestContext, recordAudit } from '../audit/audit.service.js';
import type { UnusedCarnet } from './impact.contract.js';

/**
 * The carnets a distributor handed out in a programme and that nobody used yet, oldest first,
 * with the person's contact only when they agreed to reminders: the distributor can call them
 * back. Reading names is recorded in the audit log, as every reading of personal data.
 */
export async function unusedCarnets(
  db: Db,
  ctx: RequestContext & { actor: Actor },
  programmeId: string,
): Promise<UnusedCarnet[]> {
  return db.tx(async (q) => {
    const rows = await q.query<
      Omit<UnusedCarnet, 'contact' | 'reminder'> & {
        arm: 'reminded' | 'holdout' | null;
        last_reminded_at: Date | null;
        consent: boolean;
        first_name: string | null;
        last_name: string | null;
        email: string | null;
        phone: string | null;
      }
    >(
      `SELECT c.serial, to_json(c.distributed_at) #>> '{}' AS "distributedAt",
              (SELECT max(p.expires_on)::text FROM passes p WHERE p.carnet_id = c.id) AS "expiresOn",
              b.consent_reminders AND b.erased_at IS NULL AS consent, b.first_name, b.last_name, b.email, b.phone,
              e.arm, e.last_reminded_at
         FROM carnets c JOIN beneficiaries b ON b.id = c.beneficiary_id
         LEFT JOIN reminder_enrolments e ON e.carnet_id = c.id
        WHERE c.programme_id = $1 AND c.distributed_by = $2
          AND NOT EXISTS (SELECT 1 FROM passes p WHERE p.carnet_id = c.id AND p.state NOT IN ('distributed'))
        ORDER BY c.distributed_at LIMIT 1000`,
      [programmeId, ctx.actor.organisationId],
    );
    const withContact = rows.filter((r) => r.consent).length;
    if (withContact > 0) {
      await recordAudit(q, ctx, {
        programmeId,
        action: 'carnets.unused-read',
        entityType: 'programme',
        entityId: programmeId,
        after: { carnets: rows.length, withContact },
      });
    }
    return rows.map((r) => ({
      serial: r.serial,
      distributedAt: r.distributedAt,
      expiresOn: r.expiresOn,
      contact: r.consent ? { firstName: r.first_name, lastName: r.last_name, email: r.email, phone: r.phone } : null,
      reminder: r.arm
        ? { arm: r.arm, lastRemindedAt: r.last_reminded_at && new Date(r.last_reminded_at).toISOString() }
        : null,
    }));
  });
}
