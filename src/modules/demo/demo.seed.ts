import type { Db } from '../../db/db.js';
import { hashPassword } from '../accounts/secrets.js';
import { recordAudit } from '../audit/audit.service.js';
import {
  DEMO_ACCOUNTS,
  DEMO_ORGANISATIONS,
  DEMO_PROGRAMME_DATA,
  DEMO_PROGRAMMES,
  DEMO_QUALIFIED_VENUES,
} from './demo.data.js';
import { type DemoDirectory, seedDemoVenues } from './demo.venues.js';

/** True when the database holds no organisation yet: the only case where start-up seeds. */
export async function isEmpty(db: Db): Promise<boolean> {
  const rows = await db.query('SELECT 1 FROM organisations LIMIT 1');
  return rows.length === 0;
}

/** Writes the demo data; safe to run again (existing rows are kept as they are). */
export async function seedDemo(db: Db, directory: DemoDirectory = 'all'): Promise<void> {
  const hashes = await Promise.all(DEMO_ACCOUNTS.map((a) => hashPassword(a.password)));
  await db.tx(async (q) => {
    for (const o of Object.values(DEMO_ORGANISATIONS)) {
      await q.query(
        'INSERT INTO organisations (id, name, siret, kinds, sectors) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING',
        [o.id, o.name, o.siret, o.kinds, o.sectors],
      );
    }
    for (const p of DEMO_PROGRAMME_DATA) {
      await q.query(
        `INSERT INTO programmes (id, code, name, operator_organisation_id, territory, envelope_cents, engineering_cents,
           face_value_cents, passes_per_carnet, validity_months, start_date, end_date, eligibility, max_carnets_per_person,
           prescription_mode)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) ON CONFLICT DO NOTHING`,
        [
          p.id,
          p.code,
          p.name,
          p.operatorOrganisationId,
          JSON.stringify(p.territory),
          p.envelopeCents,
          p.engineeringCents,
          p.faceValueCents,
          p.passesPerCarnet,
          p.validityMonths,
          p.startDate,
          p.endDate,
          JSON.stringify(p.eligibility),
          p.maxCarnetsPerPerson,
          p.prescriptionMode,
        ],
      );
      for (const f of p.funders) {
        await q.query(
          `INSERT INTO programme_funders (programme_id, organisation_id, share_bp, basis) VALUES ($1, $2, $3, $4)
           ON CONFLICT DO NOTHING`,
          [p.id, f.organisationId, f.shareBp, f.basis],
        );
      }
    }
    for (const [i, a] of DEMO_ACCOUNTS.entries()) {
      await q.query(
        `INSERT INTO users (id, organisation_id, email, display_name, password_hash, is_platform_admin)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
        [a.id, a.organisation.id, a.email, a.displayName, hashes[i], a.role === 'admin'],
      );
      if (a.role !== 'admin' && a.programme) {
        await q.query(
          'INSERT INTO user_roles (programme_id, user_id, role) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
          [DEMO_PROGRAMMES[a.programme], a.id, a.role],
        );
      }
    }
    for (const [programme, venue] of DEMO_QUALIFIED_VENUES) {
      await q.query(
        `INSERT INTO venue_qualifications (programme_id, organisation_id, status, reason, renewal_date)
         VALUES ($1, $2, 'qualified', 'Démonstration', current_date + 365) ON CONFLICT DO NOTHING`,
        [DEMO_PROGRAMMES[programme], venue.id],
      );
    }
    await recordAudit(
      q,
      { actor: null, requestId: null },
      {
        programmeId: null,
        action: 'demo.seed',
        entityType: 'platform',
        entityId: 'demo',
      },
    );
  });
  await seedDemoVenues(db, directory);
}
