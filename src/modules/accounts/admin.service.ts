import type { Db } from '../../db/db.js';
import { AppError } from '../../errors.js';
import { recordAudit } from '../audit/audit.service.js';
import { hashPassword } from './secrets.js';
import { parseSiret } from './siret.rules.js';

/** `passnum create-admin`: a platform admin in an organisation found or created by SIRET. */
export async function createAdmin(
  db: Db,
  input: { email: string; displayName: string; password: string; organisationName: string; siret: string },
): Promise<{ id: string; email: string }> {
  const siret = parseSiret(input.siret);
  if (!siret) throw new AppError('SIRET_INVALID');
  const hash = await hashPassword(input.password);
  return db.tx(async (q) => {
    await q.query(
      `INSERT INTO organisations (name, siret, kinds) VALUES ($1, $2, ARRAY['operator']) ON CONFLICT (siret) DO NOTHING`,
      [input.organisationName, siret],
    );
    const rows = await q.query<{ id: string; email: string }>(
      `INSERT INTO users (organisation_id, email, display_name, password_hash, is_platform_admin)
       SELECT id, $2, $3, $4, true FROM organisations WHERE siret = $1
       ON CONFLICT (email) DO NOTHING RETURNING id, email`,
      [siret, input.email.trim().toLowerCase(), input.displayName, hash],
    );
    const user = rows[0];
    if (!user) throw new AppError('EMAIL_TAKEN');
    await recordAudit(
      q,
      { actor: null, requestId: null },
      {
        programmeId: null,
        action: 'admin.create',
        entityType: 'user',
        entityId: user.id,
        after: { email: user.email },
      },
    );
    return user;
  });
}
