import type { Db, Queryable } from '../../db/db.js';
import { AppError } from '../../errors.js';
import type { Actor } from '../accounts/actor.js';
import { type RequestContext, recordAudit } from '../audit/audit.service.js';
import { queueEmail } from '../mail/outbox.js';
import type {
  Attendee,
  Enrolment,
  ModuleInput,
  PathInput,
  SessionInput,
  TrainedRow,
  TrainingPath,
} from './training.contract.js';
import { ModuleInput as ModuleSchema, PathInput as PathSchema } from './training.contract.js';
import { attestationCode, mayPublishTraining, placeFor } from './training.rules.js';

type Acting = RequestContext & { actor: Actor };

/** Published paths, and the reader's own organisation's drafts; null ids mean every path. */
const VISIBLE = `(tp.published OR tp.organisation_id = $1)`;

/** The paths a signed-in person sees, with modules and sessions (and their own place in each). */
export async function listPaths(q: Queryable, actor: Actor, pathId: string | null = null): Promise<TrainingPath[]> {
  const rows = await q.query<Omit<TrainingPath, 'editable'> & { organisation_id: string }>(
    `SELECT tp.id, tp.title, tp.summary, tp.published, tp.organisation_id, o.name AS "organisationName",
            COALESCE((SELECT json_agg(json_build_object('id', m.id, 'title', m.title, 'body', m.body, 'links', m.links,
                        'files', COALESCE((SELECT json_agg(json_build_object('id', f.id, 'name', f.name) ORDER BY f.created_at)
                                             FROM training_files f WHERE f.module_id = m.id), '[]'::json))
                        ORDER BY m.position)
                        FROM training_modules m WHERE m.path_id = tp.id), '[]'::json) AS modules,
            COALESCE((SELECT json_agg(json_build_object('id', s.id, 'startsAt', to_json(s.starts_at) #>> '{}', 'place', s.place,
                        'capacity', s.capacity,
                        'enrolled', (SELECT count(*) FROM training_enrolments e WHERE e.session_id = s.id AND e.status = 'enrolled'),
                        'waiting', (SELECT count(*) FROM training_enrolments e WHERE e.session_id = s.id AND e.status = 'waiting'),
                        'mine', (SELECT json_build_object('status', e.status, 'rank',
                                   CASE WHEN e.status = 'waiting' THEN (SELECT count(*) FROM training_enrolments w
                                     WHERE w.session_id = s.id AND w.status = 'waiting' AND w.created_at <= e.created_at) END)
                                   FROM training_enrolments e WHERE e.session_id = s.id AND e.user_id = $2))
                        ORDER BY s.starts_at)
                        FROM training_sessions s WHERE s.path_id = tp.id), '[]'::json) AS sessions
       FROM training_paths tp JOIN organisations o ON o.id = tp.organisation_id
      WHERE ${VISIBLE} AND ($3::uuid IS NULL OR tp.id = $3)
      ORDER BY tp.published DESC, tp.created_at DESC`,
    [actor.organisationId, actor.userId, pathId],
  );
  return rows.map(({ organisation_id, ...p }) => ({
    ...p,
    editable: organisation_id === actor.organisationId && mayPublishTraining(actor),
  }));
}

/** A path the actor's organisation publishes, for a change; otherwise not found (drafts stay private). */
async function ownPath(q: Queryable, actor: Actor, pathId: string): Promise<void> {
  const rows = await q.query<{ organisation_id: string; published: boolean }>(
    'SELECT organisation_id, published FROM training_paths WHERE id = $1',
    [pathId],
  );
  const path = rows[0];
  if (!path || (!path.published && path.organisation_id !== actor.organisationId))
    throw new AppError('TRAINING_NOT_FOUND');
  if (path.organisation_id !== actor.organisationId || !mayPublishTraining(actor)) throw new AppError('FORBIDDEN');
}

export async function createPath(db: Db, ctx: Acting, input: PathInput): Promise<TrainingPath> {
  if (!mayPublishTraining(ctx.actor)) throw new AppError('FORBIDDEN');
  const p = PathSchema.parse(input);
  return db.tx(async (q) => {
    const [row] = await q.query<{ id: string }>(
      'INSERT INTO training_paths (organisation_id, title, summary, published) VALUES ($1, $2, $3, $4) RETURNING id',
      [ctx.actor.organisationId, p.title, p.summary, p.published],
    );
    const id = (row as { id: string }).id;
    await recordAudit(q, ctx, {
      programmeId: null,
      action: 'training.path-save',
      entityType: 'training_path',
      entityId: id,
      after: p,
    });
    return (await listPaths(q, ctx.actor, id))[0] as TrainingPath;
  });
}

export async function updatePath(db: Db, ctx: Acting, pathId: string, input: PathInput): Promise<TrainingPath> {
  const p = PathSchema.parse(input);
  return db.tx(async (q) => {
    await ownPath(q, ctx.actor, pathId);
    await q.query('UPDATE training_paths SET title = $2, summary = $3, published = $4 WHERE id = $1', [
      pathId,
      p.title,
      p.summary,
      p.published,
    ]);
    await recordAudit(q, ctx, {
      programmeId: null,
      action: 'training.path-save',
      entityType: 'training_path',
      entityId: pathId,
      after: p,
    });
    return (await listPaths(q, ctx.actor, pathId))[0] as TrainingPath;
  });
}

export async function addModule(db: Db, ctx: Acting, pathId: string, input: ModuleInput): Promise<TrainingPath> {
  const m = ModuleSchema.parse(input);
  return db.tx(async (q) => {
    await ownPath(q, ctx.actor, pathId);
    await q.query(
      `INSERT INTO training_modules (path_id, position, title, body, links)
       VALUES ($1, (SELECT COALESCE(max(position), 0) + 1 FROM training_modules WHERE path_id = $1), $2, $3, $4)`,
      [pathId, m.title, m.body, JSON.stringify(m.links)],
    );
    return (await listPaths(q, ctx.actor, pathId))[0] as TrainingPath;
  });
}

export async function addFile(
  db: Db,
  ctx: Acting,
  moduleId: string,
  file: { name: string; contentType: string; content: Buffer },
): Promise<TrainingPath> {
  return db.tx(async (q) => {
    const [m] = await q.query<{ path_id: string }>('SELECT path_id FROM training_modules WHERE id = $1', [moduleId]);
    if (!m) throw new AppError('TRAINING_NOT_FOUND');
    await ownPath(q, ctx.actor, m.path_id);
    if (file.content.length === 0 || file.content.length > 5 * 1024 * 1024) throw new AppError('FILE_TOO_LARGE');
    await q.query('INSERT INTO training_files (module_id, name, content_type, content) VALUES ($1, $2, $3, $4)', [
      moduleId,
      file.name,
      file.contentType,
      file.content,
    ]);
    return (await listPaths(q, ctx.actor, m.path_id))[0] as TrainingPath;
  });
}

export async function readFile(
  q: Queryable,
  actor: Actor,
  fileId: string,
): Promise<{ name: string; contentType: string; content: Buffer }> {
  const [f] = await q.query<{ name: string; content_type: string; content: Buffer }>(
    `SELECT f.name, f.content_type, f.content FROM training_files f JOIN training_modules m ON m.id = f.module_id
       JOIN training_paths tp ON tp.id = m.path_id WHERE f.id = $2 AND ${VISIBLE}`,
    [actor.organisationId, fileId],
  );
  if (!f) throw new AppError('TRAINING_NOT_FOUND');
  return { name: f.name, contentType: f.content_type, content: Buffer.from(f.content) };
}

export async function addSession(db: Db, ctx: Acting, pathId: string, s: SessionInput): Promise<TrainingPath> {
  return db.tx(async (q) => {
    await ownPath(q, ctx.actor, pathId);
    await q.query('INSERT INTO training_sessions (path_id, starts_at, place, capacity) VALUES ($1, $2, $3, $4)', [
      pathId,
      s.startsAt,
      s.place,
      s.capacity,
    ]);
    return (await listPaths(q, ctx.actor, pathId))[0] as TrainingPath;
  });
}

/** The session, locked: enrolments and cancellations of one session queue behind each other. */
async function lockedSession(q: Queryable, actor: Actor, sessionId: string) {
  const [s] = await q.query<{ path_id: string; capacity: number; organisation_id: string; published: boolean }>(
    `SELECT s.path_id, s.capacity, tp.organisation_id, tp.published FROM training_sessions s
       JOIN training_paths tp ON tp.id = s.path_id WHERE s.id = $1 FOR UPDATE OF s`,
    [sessionId],
  );
  if (!s || (!s.published && s.organisation_id !== actor.organisationId)) throw new AppError('TRAINING_NOT_FOUND');
  return s;
}

async function rankOf(q: Queryable, sessionId: string, userId: string): Promise<Enrolment> {
  const [e] = await q.query<{ status: 'enrolled' | 'waiting'; rank: number | null }>(
    `SELECT e.status, CASE WHEN e.status = 'waiting' THEN (SELECT count(*)::int FROM training_enrolments w
              WHERE w.session_id = e.session_id AND w.status = 'waiting' AND w.created_at <= e.created_at) END AS rank
       FROM training_enrolments e WHERE e.session_id = $1 AND e.user_id = $2`,
    [sessionId, userId],
  );
  if (!e) throw new AppError('TRAINING_NOT_FOUND');
  return e;
}

/**
 * Enrols the person in a session, or on its waiting list when it is full: under the session's
 * lock, so that simultaneous enrolments never take more places than there are.
 */
export async function enrol(db: Db, ctx: Acting, sessionId: string): Promise<Enrolment> {
  return db.tx(async (q) => {
    const s = await lockedSession(q, ctx.actor, sessionId);
    const [count] = await q.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM training_enrolments WHERE session_id = $1 AND status = 'enrolled'`,
      [sessionId],
    );
    const status = placeFor(count?.n ?? 0, s.capacity);
    const inserted = await q.query(
      `INSERT INTO training_enrolments (session_id, user_id, status) VALUES ($1, $2, $3)
       ON CONFLICT (session_id, user_id) DO NOTHING RETURNING 1`,
      [sessionId, ctx.actor.userId, status],
    );
    if (inserted.length > 0) {
      await recordAudit(q, ctx, {
        programmeId: null,
        action: 'training.enrol',
        entityType: 'training_session',
        entityId: sessionId,
        after: { status },
      });
    }
    return rankOf(q, sessionId, ctx.actor.userId);
  });
}

/** Leaves a session; a place freed goes to the first person waiting, who is told by e-mail. */
export async function withdraw(db: Db, ctx: Acting, sessionId: string): Promise<void> {
  await db.tx(async (q) => {
    await lockedSession(q, ctx.actor, sessionId);
    const [left] = await q.query<{ status: string }>(
      'DELETE FROM training_enrolments WHERE session_id = $1 AND user_id = $2 RETURNING status',
      [sessionId, ctx.actor.userId],
    );
    if (!left) throw new AppError('TRAINING_NOT_FOUND');
    if (left.status !== 'enrolled') return;
    const [promoted] = await q.query<{ email: string; title: string; starts_at: Date; place: string }>(
      `UPDATE training_enrolments e SET status = 'enrolled'
        WHERE (e.session_id, e.user_id) = (SELECT session_id, user_id FROM training_enrolments
                                            WHERE session_id = $1 AND status = 'waiting' ORDER BY created_at LIMIT 1)
        RETURNING (SELECT email FROM users WHERE id = e.user_id) AS email,
                  (SELECT tp.title FROM training_sessions s JOIN training_paths tp ON tp.id = s.path_id WHERE s.id = e.session_id) AS title,
                  (SELECT starts_at FROM training_sessions WHERE id = e.session_id) AS starts_at,
                  (SELECT place FROM training_sessions WHERE id = e.session_id) AS place`,
      [sessionId],
    );
    if (promoted) {
      await queueEmail(q, {
        programmeId: null,
        senderOrganisationId: null,
        to: promoted.email,
        subject: `Une place s'est libérée : ${promoted.title}`,
        body: [
          'Bonjour,',
          '',
          `Une place s'est libérée dans la session de formation « ${promoted.title} » du ${new Date(promoted.starts_at).toLocaleString('fr-FR', { timeZone: 'Europe/Paris', dateStyle: 'full', timeStyle: 'short' })}, ${promoted.place}.`,
          'Vous étiez en liste d’attente : vous êtes maintenant inscrit(e).',
        ].join('\n'),
      });
    }
  });
}

/** The trainer's list of a session, for the hub that publishes the path. */
export async function attendees(q: Queryable, actor: Actor, sessionId: string): Promise<Attendee[]> {
  const s = await lockedSessionForRead(q, actor, sessionId);
  await ownPath(q, actor, s.path_id);
  return attendeeRows(q, sessionId);
}

/** Who comes, who waits, who attended: the list itself, once the reader's right is checked. */
function attendeeRows(q: Queryable, sessionId: string): Promise<Attendee[]> {
  return q.query<Attendee>(
    `SELECT e.user_id AS "userId", u.display_name AS name, o.name AS "organisationName", e.status, e.attended
       FROM training_enrolments e JOIN users u ON u.id = e.user_id JOIN organisations o ON o.id = u.organisation_id
      WHERE e.session_id = $1 ORDER BY e.status, e.created_at`,
    [sessionId],
  );
}

async function lockedSessionForRead(q: Queryable, actor: Actor, sessionId: string) {
  const [s] = await q.query<{ path_id: string; organisation_id: string; published: boolean }>(
    `SELECT s.path_id, tp.organisation_id, tp.published FROM training_sessions s
       JOIN training_paths tp ON tp.id = s.path_id WHERE s.id = $1`,
    [sessionId],
  );
  if (!s || (!s.published && s.organisation_id !== actor.organisationId)) throw new AppError('TRAINING_NOT_FOUND');
  return s;
}

/**
 * The trainer marks a person present or absent. Present completes the path: an attestation is
 * issued once, with an unguessable verification code, and the person is told where to find it.
 */
export async function markAttendance(
  db: Db,
  ctx: Acting,
  sessionId: string,
  input: { userId: string; attended: boolean },
  publicUrl: string,
): Promise<Attendee[]> {
  return db.tx(async (q) => {
    const s = await lockedSessionForRead(q, ctx.actor, sessionId);
    await ownPath(q, ctx.actor, s.path_id);
    const [row] = await q.query<{ status: string }>(
      'UPDATE training_enrolments SET attended = $3 WHERE session_id = $1 AND user_id = $2 RETURNING status',
      [sessionId, input.userId, input.attended],
    );
    if (!row) throw new AppError('TRAINING_NOT_FOUND');
    if (row.status !== 'enrolled') throw new AppError('TRAINING_NOT_ENROLLED');
    await recordAudit(q, ctx, {
      programmeId: null,
      action: 'training.attendance',
      entityType: 'training_session',
      entityId: sessionId,
      after: input,
    });
    if (input.attended) {
      const code = attestationCode();
      const [issued] = await q.query<{ email: string; path_title: string }>(
        `INSERT INTO training_attestations (code, path_id, user_id, holder_name, organisation_name, path_title, session_id)
         SELECT $1, tp.id, u.id, u.display_name, o.name, tp.title, $3
           FROM training_paths tp, users u JOIN organisations o ON o.id = u.organisation_id
          WHERE tp.id = $2 AND u.id = $4
         ON CONFLICT (path_id, user_id) DO NOTHING
         RETURNING (SELECT email FROM users WHERE id = $4) AS email, path_title`,
        [code, s.path_id, sessionId, input.userId],
      );
      if (issued) {
        await queueEmail(q, {
          programmeId: null,
          senderOrganisationId: ctx.actor.organisationId,
          to: issued.email,
          subject: `Attestation de formation : ${issued.path_title}`,
          body: [
            'Bonjour,',
            '',
            `Vous avez suivi le parcours « ${issued.path_title} ». Votre attestation est dans Passnum, page « Formations ».`,
            `Toute personne peut la vérifier à cette adresse : ${publicUrl}/attestations/${code}`,
          ].join('\n'),
        });
      }
    }
    return attendeeRows(q, sessionId);
  });
}

/** The actor's attestations. */
export async function myAttestations(q: Queryable, actor: Actor) {
  return q.query<{ code: string; pathTitle: string; holderName: string; organisationName: string; issuedOn: string }>(
    `SELECT code, path_title AS "pathTitle", holder_name AS "holderName", organisation_name AS "organisationName",
            to_char(issued_at AT TIME ZONE 'Europe/Paris', 'YYYY-MM-DD') AS "issuedOn"
       FROM training_attestations WHERE user_id = $1 ORDER BY issued_at DESC`,
    [actor.userId],
  );
}

/** An attestation by its code: what the public verification address shows. */
export async function attestationByCode(q: Queryable, code: string) {
  const [a] = await q.query<{
    code: string;
    pathTitle: string;
    holderName: string;
    organisationName: string;
    issuedOn: string;
    user_id: string;
  }>(
    `SELECT code, path_title AS "pathTitle", holder_name AS "holderName", organisation_name AS "organisationName",
            to_char(issued_at AT TIME ZONE 'Europe/Paris', 'YYYY-MM-DD') AS "issuedOn", user_id
       FROM training_attestations WHERE code = $1`,
    [code],
  );
  if (!a) throw new AppError('ATTESTATION_NOT_FOUND');
  return a;
}

/** Who is trained, by organisation and the commune of its places, for the hub's own paths. */
export async function trainedPeople(q: Queryable, actor: Actor): Promise<TrainedRow[]> {
  if (!mayPublishTraining(actor)) throw new AppError('FORBIDDEN');
  return q.query<TrainedRow>(
    `SELECT a.organisation_name AS "organisationName",
            (SELECT min(v.commune_name) FROM venues v WHERE v.organisation_id = u.organisation_id) AS commune,
            a.path_title AS "pathTitle", count(*)::int AS people
       FROM training_attestations a JOIN training_paths tp ON tp.id = a.path_id JOIN users u ON u.id = a.user_id
      WHERE tp.organisation_id = $1
      GROUP BY a.organisation_name, u.organisation_id, a.path_title
      ORDER BY commune NULLS LAST, a.organisation_name, a.path_title`,
    [actor.organisationId],
  );
}

/** Does the organisation count a person who completed a training path? (venue qualification) */
export async function hasTrainedAidant(q: Queryable, organisationId: string): Promise<boolean> {
  const rows = await q.query(
    'SELECT 1 FROM training_attestations a JOIN users u ON u.id = a.user_id WHERE u.organisation_id = $1 LIMIT 1',
    [organisationId],
  );
  return rows.length > 0;
}

/** The organisation that publishes the path a path, module or session belongs to (null: none such). */
export const trainingOwners = {
  pathId: (q: Queryable, id: string) => ownerBy(q, 'SELECT organisation_id AS o FROM training_paths WHERE id = $1', id),
  moduleId: (q: Queryable, id: string) =>
    ownerBy(
      q,
      'SELECT tp.organisation_id AS o FROM training_modules m JOIN training_paths tp ON tp.id = m.path_id WHERE m.id = $1',
      id,
    ),
  sessionId: (q: Queryable, id: string) =>
    ownerBy(
      q,
      'SELECT tp.organisation_id AS o FROM training_sessions s JOIN training_paths tp ON tp.id = s.path_id WHERE s.id = $1',
      id,
    ),
};

async function ownerBy(q: Queryable, sql: string, id: string): Promise<string | null> {
  const rows = await q.query<{ o: string }>(sql, [id]);
  return rows[0]?.o ?? null;
}

/** The people trained in the organisations that play a role in a programme (its evaluation report). */
export async function trainedInProgramme(
  q: Queryable,
  programmeId: string,
): Promise<{ organisationName: string; people: number }[]> {
  return q.query(
    `SELECT o.name AS "organisationName", count(DISTINCT a.user_id)::int AS people
       FROM training_attestations a JOIN users u ON u.id = a.user_id JOIN organisations o ON o.id = u.organisation_id
      WHERE EXISTS (SELECT 1 FROM user_roles r JOIN users u2 ON u2.id = r.user_id
                     WHERE u2.organisation_id = o.id AND r.programme_id = $1)
      GROUP BY o.name ORDER BY people DESC, o.name`,
    [programmeId],
  );
}
