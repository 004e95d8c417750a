import type { Db, Queryable } from '../../db/db.js';
import { AppError } from '../../errors.js';
import type { Actor } from '../accounts/actor.js';
import { type RequestContext, recordAudit } from '../audit/audit.service.js';
import { programmeViolations } from './programme.rules.js';
import type { Programme, ProgrammeCreate, ProgrammeData, ProgrammePatch } from './programmes.contract.js';

const PROGRAMME_COLUMNS = `p.id, p.code, p.name, p.operator_organisation_id AS "operatorOrganisationId", op.name AS "operatorName",
  p.territory, p.envelope_cents AS "envelopeCents", p.engineering_cents AS "engineeringCents",
  p.face_value_cents AS "faceValueCents", p.passes_per_carnet AS "passesPerCarnet", p.validity_months AS "validityMonths",
  p.start_date AS "startDate", p.end_date AS "endDate", p.eligibility, p.max_carnets_per_person AS "maxCarnetsPerPerson",
  p.prescription_mode AS "prescriptionMode", p.personal_data_retention_months AS "personalDataRetentionMonths",
  p.requires_trained_aidant AS "requiresTrainedAidant", to_json(p.updated_at) #>> '{}' AS "updatedAt",
  COALESCE((SELECT json_agg(json_build_object('organisationId', f.organisation_id, 'name', fo.name, 'shareBp', f.share_bp, 'basis', f.basis)
                            ORDER BY f.share_bp DESC, fo.name)
              FROM programme_funders f JOIN organisations fo ON fo.id = f.organisation_id
             WHERE f.programme_id = p.id), '[]'::json) AS funders`;
const FROM = 'FROM programmes p JOIN organisations op ON op.id = p.operator_organisation_id';

/** Programmes the actor may see: all for admins, else those where the actor holds a role. */
export async function listProgrammes(q: Queryable, actor: Actor): Promise<Programme[]> {
  return q.query<Programme>(
    `SELECT ${PROGRAMME_COLUMNS} ${FROM}
      WHERE $1 OR p.id IN (SELECT programme_id FROM user_roles WHERE user_id = $2)
      ORDER BY p.start_date DESC, p.name`,
    [actor.isAdmin, actor.userId],
  );
}

export async function getProgramme(q: Queryable, id: string, forUpdate = false): Promise<Programme> {
  const rows = await q.query<Programme>(
    `SELECT ${PROGRAMME_COLUMNS} ${FROM} WHERE p.id = $1 ${forUpdate ? 'FOR UPDATE OF p' : ''}`,
    [id],
  );
  if (!rows[0]) throw new AppError('PROGRAMME_NOT_FOUND');
  return rows[0];
}

async function checkOrganisations(q: Queryable, data: ProgrammeData, operatorId: string): Promise<void> {
  const ids = [operatorId, ...data.funders.map((f) => f.organisationId)];
  const rows = await q.query<{ id: string; kinds: string[] }>(
    'SELECT id, kinds FROM organisations WHERE id = ANY($1)',
    [ids],
  );
  const kinds = new Map(rows.map((r) => [r.id, r.kinds]));
  if (!kinds.get(operatorId)?.includes('operator')) throw new AppError('OPERATOR_NOT_OPERATOR');
  const bad = data.funders.filter((f) => !kinds.get(f.organisationId)?.includes('funder'));
  if (bad.length > 0) throw new AppError('FUNDER_NOT_FUNDER', { organisationIds: bad.map((f) => f.organisationId) });
}

function checkRules(data: ProgrammeData): void {
  const violations = programmeViolations(data);
  if (violations.length > 0) throw new AppError('PROGRAMME_RULES_VIOLATED', violations);
}

async function writeFunders(q: Queryable, programmeId: string, data: ProgrammeData): Promise<void> {
  await q.query('DELETE FROM programme_funders WHERE programme_id = $1', [programmeId]);
  await q.query(
    `INSERT INTO programme_funders (programme_id, organisation_id, share_bp, basis)
     SELECT $1, unnest($2::uuid[]), unnest($3::int[]), unnest($4::text[])`,
    [
      programmeId,
      data.funders.map((f) => f.organisationId),
      data.funders.map((f) => f.shareBp),
      data.funders.map((f) => f.basis),
    ],
  );
}

const DATA_PARAMS = (d: ProgrammeData) => [
  d.code,
  d.name,
  JSON.stringify(d.territory),
  d.envelopeCents,
  d.engineeringCents,
  d.faceValueCents,
  d.passesPerCarnet,
  d.validityMonths,
  d.startDate,
  d.endDate,
  JSON.stringify(d.eligibility),
  d.maxCarnetsPerPerson,
  d.prescriptionMode,
  d.personalDataRetentionMonths,
  d.requiresTrainedAidant,
];

/** Creates a programme; an operator who creates one becomes its operator. */
export async function createProgramme(db: Db, ctx: RequestContext & { actor: Actor }, input: ProgrammeCreate) {
  const { operatorOrganisationId, ...data } = input;
  const operatorId = ctx.actor.isAdmin
    ? (operatorOrganisationId ?? ctx.actor.organisationId)
    : ctx.actor.organisationId;
  checkRules(data);
  return db.tx(async (q) => {
    await checkOrganisations(q, data, operatorId);
    const rows = await q.query<{ id: string }>(
      `INSERT INTO programmes (code, name, territory, envelope_cents, engineering_cents, face_value_cents, passes_per_carnet,
         validity_months, start_date, end_date, eligibility, max_carnets_per_person, prescription_mode,
         personal_data_retention_months, requires_trained_aidant, operator_organisation_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
       ON CONFLICT (code) DO NOTHING RETURNING id`,
      [...DATA_PARAMS(data), operatorId],
    );
    const id = rows[0]?.id;
    if (!id) throw new AppError('PROGRAMME_CODE_TAKEN', { code: data.code });
    await writeFunders(q, id, data);
    if (!ctx.actor.isAdmin) {
      await q.query(`INSERT INTO user_roles (programme_id, user_id, role) VALUES ($1, $2, 'operator')`, [
        id,
        ctx.actor.userId,
      ]);
    }
    const created = await getProgramme(q, id);
    await recordAudit(q, ctx, {
      programmeId: id,
      action: 'programme.create',
      entityType: 'programme',
      entityId: id,
      after: created,
    });
    return created;
  });
}

/** Applies a partial change; the whole programme is checked again after merging. */
export async function updateProgramme(db: Db, ctx: RequestContext, id: string, patch: ProgrammePatch) {
  return db.tx(async (q) => {
    const before = await getProgramme(q, id, true);
    const merged: ProgrammeData = {
      ...before,
      ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)),
    } as ProgrammeData;
    checkRules(merged);
    await checkOrganisations(q, merged, before.operatorOrganisationId);
    const rows = await q.query(
      `UPDATE programmes SET code = $1, name = $2, territory = $3, envelope_cents = $4, engineering_cents = $5,
         face_value_cents = $6, passes_per_carnet = $7, validity_months = $8, start_date = $9, end_date = $10,
         eligibility = $11, max_carnets_per_person = $12, prescription_mode = $13,
         personal_data_retention_months = $14, requires_trained_aidant = $15, updated_at = now()
       WHERE id = $16 AND NOT EXISTS (SELECT 1 FROM programmes o WHERE o.code = $1 AND o.id <> $16)
       RETURNING id`,
      [...DATA_PARAMS(merged), id],
    );
    if (rows.length === 0) throw new AppError('PROGRAMME_CODE_TAKEN', { code: merged.code });
    if (patch.funders) await writeFunders(q, id, merged);
    const after = await getProgramme(q, id);
    await recordAudit(q, ctx, {
      programmeId: id,
      action: 'programme.update',
      entityType: 'programme',
      entityId: id,
      before,
      after,
    });
    return after;
  });
}

/** Every programme, for the CLI run by the platform's own operators. */
export async function listAllProgrammes(q: Queryable): Promise<Programme[]> {
  return q.query<Programme>(`SELECT ${PROGRAMME_COLUMNS} ${FROM} ORDER BY p.code`);
}
