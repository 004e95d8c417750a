import type { Db, Queryable } from '../../db/db.js';
import { AppError } from '../../errors.js';
import { frenchDate } from '../../format.js';
import type { Actor } from '../accounts/actor.js';
import { type RequestContext, recordAudit } from '../audit/audit.service.js';
import { queueEmail } from '../mail/outbox.js';
import { hasTrainedAidant } from '../training/training.service.js';
import { programmesOpenTo } from './applications.service.js';
import { VENUE_COLUMNS, venueFromRow } from './places.service.js';
import {
  canDecide,
  DECISION_LABELS,
  defaultRenewalDate,
  needsReason,
  nextDecisions,
  type QualificationDecision,
  type QualificationStatus,
} from './qualification.rules.js';
import type { MyVenue, ProgrammeVenue, Qualification, QualificationDecisionInput } from './venues.contract.js';

const today = () => new Date().toISOString().slice(0, 10);

/**
 * The operator's decision on a venue for a programme: checked against the state machine, kept
 * in the history and the audit log, told to the venue by e-mail, and reflected in its users'
 * roles (a qualified venue's users act as "venue" in the programme).
 */
export async function decideQualification(
  db: Db,
  ctx: RequestContext & { actor: Actor },
  programmeId: string,
  organisationId: string,
  input: QualificationDecisionInput,
) {
  if (needsReason(input.status) && !input.reason?.trim()) throw new AppError('REASON_REQUIRED');
  return db.tx((q) => applyDecision(q, ctx, programmeId, organisationId, input));
}

/**
 * One decision inside the caller's transaction: the state, its history, the venue's roles, the
 * audit row and the e-mail to the venue. Without an actor, the platform itself decided (a lapse).
 */
export async function applyDecision(
  q: Queryable,
  ctx: RequestContext,
  programmeId: string,
  organisationId: string,
  input: QualificationDecisionInput,
) {
  const reason = input.reason?.trim() || null;
  const rows = await q.query<{
    status: QualificationStatus;
    renewal_date: string | null;
    programme: string;
    venue: string;
    requires_trained_aidant: boolean;
  }>(
    `SELECT vq.status, vq.renewal_date::text AS renewal_date, p.name AS programme, o.name AS venue,
            p.requires_trained_aidant
         FROM venue_qualifications vq JOIN programmes p ON p.id = vq.programme_id JOIN organisations o ON o.id = vq.organisation_id
        WHERE vq.programme_id = $1 AND vq.organisation_id = $2 FOR UPDATE OF vq`,
    [programmeId, organisationId],
  );
  const current = rows[0];
  if (!current) throw new AppError('QUALIFICATION_NOT_FOUND');
  if (!canDecide(current.status, input.status)) {
    throw new AppError('QUALIFICATION_TRANSITION', { from: current.status, to: input.status });
  }
  if (input.status === 'qualified' && current.requires_trained_aidant && !(await hasTrainedAidant(q, organisationId))) {
    throw new AppError('QUALIFICATION_NEEDS_TRAINED_AIDANT');
  }
  const renewalDate =
    input.status === 'qualified' ? (input.renewalDate ?? defaultRenewalDate(today())) : current.renewal_date;
  await q.query(
    `UPDATE venue_qualifications SET status = $3, reason = $4, renewal_date = $5, decided_at = now()
        WHERE programme_id = $1 AND organisation_id = $2`,
    [programmeId, organisationId, input.status, reason, renewalDate],
  );
  await q.query(
    `INSERT INTO venue_qualification_events (programme_id, organisation_id, status, reason, renewal_date, decided_by)
       VALUES ($1, $2, $3, $4, $5, $6)`,
    [programmeId, organisationId, input.status, reason, renewalDate, ctx.actor?.userId ?? null],
  );
  await syncVenueRoles(q, programmeId, organisationId, input.status);
  await recordAudit(q, ctx, {
    programmeId,
    action: 'venue.qualification',
    entityType: 'organisation',
    entityId: organisationId,
    before: { status: current.status },
    after: { status: input.status, reason, renewalDate },
  });
  await tellVenue(q, programmeId, organisationId, {
    programme: current.programme,
    status: input.status,
    reason,
    renewalDate,
    byOperator: ctx.actor !== null,
  });
  return { programmeId, organisationId, status: input.status, reason, renewalDate };
}

async function syncVenueRoles(
  q: Queryable,
  programmeId: string,
  organisationId: string,
  status: QualificationDecision,
) {
  if (status === 'qualified') {
    await q.query(
      `INSERT INTO user_roles (programme_id, user_id, role)
       SELECT $1, id, 'venue' FROM users WHERE organisation_id = $2 AND disabled_at IS NULL
       ON CONFLICT DO NOTHING`,
      [programmeId, organisationId],
    );
  } else if (status === 'refused' || status === 'withdrawn') {
    await q.query(
      `DELETE FROM user_roles WHERE programme_id = $1 AND role = 'venue'
          AND user_id IN (SELECT id FROM users WHERE organisation_id = $2)`,
      [programmeId, organisationId],
    );
  }
}

/** The active accounts of a venue's organisation, who hear about its qualifications. */
export const venueUsers = (q: Queryable, organisationId: string) =>
  q.query<{ email: string }>(
    'SELECT email FROM users WHERE organisation_id = $1 AND disabled_at IS NULL ORDER BY email',
    [organisationId],
  );

async function tellVenue(
  q: Queryable,
  programmeId: string,
  organisationId: string,
  d: {
    programme: string;
    status: QualificationDecision;
    reason: string | null;
    renewalDate: string | null;
    byOperator: boolean;
  },
) {
  const users = await venueUsers(q, organisationId);
  const date = new Date().toLocaleDateString('fr-FR', { timeZone: 'Europe/Paris' });
  const body = [
    'Bonjour,',
    '',
    d.byOperator
      ? `Le ${date}, l'opérateur du programme « ${d.programme} » a rendu sa décision : ${DECISION_LABELS[d.status]}.`
      : `Le ${date}, votre qualification pour le programme « ${d.programme} » est passée à l'état : ${DECISION_LABELS[d.status]}.`,
    ...(d.reason ? ['', `Motif : ${d.reason}`] : []),
    ...(d.status === 'qualified' && d.renewalDate
      ? ['', `Votre qualification est à renouveler le ${frenchDate(d.renewalDate)}.`]
      : []),
  ].join('\n');
  for (const u of users) {
    await queueEmail(q, {
      programmeId,
      to: u.email,
      subject: `Qualification ${DECISION_LABELS[d.status]} — ${d.programme}`,
      body,
    });
  }
}

/** The venues that applied to a programme, with their state, places and bank details (masked). */
type ProgrammeVenueRow = Omit<ProgrammeVenue, 'decisions' | 'places'>;

export async function listProgrammeVenues(q: Queryable, programmeId: string): Promise<ProgrammeVenue[]> {
  const rows = await q.query<ProgrammeVenueRow>(
    `SELECT vq.organisation_id AS "organisationId", o.name AS "organisationName", o.siret, vq.status, vq.reason,
            to_json(vq.decided_at) #>> '{}' AS "decidedAt", vq.renewal_date::text AS "renewalDate",
            to_json(vq.applied_at) #>> '{}' AS "appliedAt", vq.charter_accepted_at IS NOT NULL AS "charterAccepted",
            (SELECT json_build_object('iban', b.iban_masked, 'bic', b.bic, 'holder', b.holder, 'status', b.status)
               FROM bank_accounts b WHERE b.organisation_id = o.id AND b.status = 'confirmed' LIMIT 1) AS bank,
            (SELECT json_build_object('iban', b.iban_masked, 'bic', b.bic, 'holder', b.holder, 'status', b.status)
               FROM bank_accounts b WHERE b.organisation_id = o.id AND b.status = 'pending' LIMIT 1) AS "pendingBank"
       FROM venue_qualifications vq JOIN organisations o ON o.id = vq.organisation_id
      WHERE vq.programme_id = $1
      ORDER BY vq.status = 'pending' DESC, o.name`,
    [programmeId],
  );
  const places = await q.query<Record<string, unknown> & { organisationId: string }>(
    `SELECT ${VENUE_COLUMNS} FROM venues v
      WHERE v.organisation_id IN (SELECT organisation_id FROM venue_qualifications WHERE programme_id = $1)
      ORDER BY v.name`,
    [programmeId],
  );
  return rows.map((r) => ({
    ...r,
    decisions: [...nextDecisions(r.status)],
    places: places.filter((p) => p.organisationId === r.organisationId).map(venueFromRow),
  }));
}

/** The caller's own organisation as a venue: its places and its qualification in each programme. */
export async function myVenue(q: Queryable, actor: Actor): Promise<MyVenue> {
  const places = await q.query<Record<string, unknown>>(
    `SELECT ${VENUE_COLUMNS} FROM venues v WHERE v.organisation_id = $1 ORDER BY v.name`,
    [actor.organisationId],
  );
  const qualifications = await q.query<Qualification>(
    `SELECT vq.programme_id AS "programmeId", p.name AS "programmeName", vq.status, vq.reason,
            to_json(vq.decided_at) #>> '{}' AS "decidedAt", vq.renewal_date::text AS "renewalDate"
       FROM venue_qualifications vq JOIN programmes p ON p.id = vq.programme_id
      WHERE vq.organisation_id = $1 ORDER BY p.name`,
    [actor.organisationId],
  );
  return {
    places: places.map(venueFromRow),
    qualifications,
    openProgrammes: await programmesOpenTo(q, actor.organisationId),
  };
}
