import type { Db, Queryable } from '../../db/db.js';
import { AppError } from '../../errors.js';
import { type RequestContext, recordAudit } from '../audit/audit.service.js';
import type { Workshop, WorkshopInput } from './venues.contract.js';

const WORKSHOP_COLUMNS = `w.id, w.venue_id AS "venueId", w.title, w.service, w.level, w.format,
  w.duration_minutes AS "durationMinutes", w.price_passes AS "pricePasses", w.description,
  COALESCE((SELECT json_agg(json_build_object('id', s.id, 'startsAt', to_json(s.starts_at) #>> '{}', 'capacity', s.capacity,
                                              'attendance', (SELECT count(*) FROM redemptions r
                                                              WHERE r.session_id = s.id AND r.undone_at IS NULL))
                            ORDER BY s.starts_at)
              FROM workshop_sessions s
             WHERE s.workshop_id = w.id AND s.starts_at >= date_trunc('day', now() AT TIME ZONE 'Europe/Paris') AT TIME ZONE 'Europe/Paris'),
            '[]'::json) AS sessions`;

const clean = (row: Workshop & { description: string | null }): Workshop =>
  (row.description === null ? { ...row, description: undefined } : row) as Workshop;

/**
 * The venues' workshops with today's and the next sessions (earlier ones are not shown), each
 * with its attendance: the people whose passes were validated for it.
 */
export async function listWorkshops(q: Queryable, venueIds: string[]): Promise<Workshop[]> {
  const rows = await q.query<Workshop & { description: string | null }>(
    `SELECT ${WORKSHOP_COLUMNS} FROM workshops w WHERE w.venue_id = ANY($1) ORDER BY w.title`,
    [venueIds],
  );
  return rows.map(clean);
}

async function getWorkshop(q: Queryable, id: string): Promise<Workshop> {
  const rows = await q.query<Workshop & { description: string | null }>(
    `SELECT ${WORKSHOP_COLUMNS} FROM workshops w WHERE w.id = $1`,
    [id],
  );
  if (!rows[0]) throw new AppError('WORKSHOP_NOT_FOUND');
  return clean(rows[0]);
}

const params = (w: WorkshopInput) => [
  w.title,
  w.service,
  w.level,
  w.format,
  w.durationMinutes,
  w.pricePasses,
  w.description ?? null,
];

/** Workshops are public information; their changes are audited like any other. */
export async function createWorkshop(db: Db, ctx: RequestContext, venueId: string, input: WorkshopInput) {
  return db.tx(async (q) => {
    const rows = await q.query<{ id: string }>(
      `INSERT INTO workshops (venue_id, title, service, level, format, duration_minutes, price_passes, description)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [venueId, ...params(input)],
    );
    const id = (rows[0] as { id: string }).id;
    await recordAudit(q, ctx, {
      programmeId: null,
      action: 'workshop.create',
      entityType: 'workshop',
      entityId: id,
      after: input,
    });
    return getWorkshop(q, id);
  });
}

export async function updateWorkshop(db: Db, ctx: RequestContext, id: string, input: WorkshopInput) {
  return db.tx(async (q) => {
    const before = await getWorkshop(q, id);
    await q.query(
      `UPDATE workshops SET title = $2, service = $3, level = $4, format = $5, duration_minutes = $6, price_passes = $7,
         description = $8, updated_at = now() WHERE id = $1`,
      [id, ...params(input)],
    );
    await recordAudit(q, ctx, {
      programmeId: null,
      action: 'workshop.update',
      entityType: 'workshop',
      entityId: id,
      before,
      after: input,
    });
    return getWorkshop(q, id);
  });
}

export async function deleteWorkshop(db: Db, ctx: RequestContext, id: string): Promise<void> {
  await db.tx(async (q) => {
    const before = await getWorkshop(q, id);
    await q.query('DELETE FROM workshops WHERE id = $1', [id]);
    await recordAudit(q, ctx, {
      programmeId: null,
      action: 'workshop.delete',
      entityType: 'workshop',
      entityId: id,
      before,
    });
  });
}

export async function addSession(
  db: Db,
  ctx: RequestContext,
  workshopId: string,
  input: { startsAt: string; capacity: number },
) {
  return db.tx(async (q) => {
    const rows = await q.query<{ id: string }>(
      `INSERT INTO workshop_sessions (workshop_id, starts_at, capacity) VALUES ($1, $2, $3)
       ON CONFLICT (workshop_id, starts_at) DO UPDATE SET capacity = EXCLUDED.capacity RETURNING id`,
      [workshopId, input.startsAt, input.capacity],
    );
    const id = (rows[0] as { id: string }).id;
    await recordAudit(q, ctx, {
      programmeId: null,
      action: 'workshop.session-add',
      entityType: 'workshop',
      entityId: workshopId,
      after: { id, ...input },
    });
    return getWorkshop(q, workshopId);
  });
}

export async function deleteSession(db: Db, ctx: RequestContext, sessionId: string): Promise<void> {
  await db.tx(async (q) => {
    const rows = await q.query<{ workshop_id: string }>(
      'DELETE FROM workshop_sessions WHERE id = $1 RETURNING workshop_id',
      [sessionId],
    );
    if (!rows[0]) throw new AppError('SESSION_NOT_FOUND');
    await recordAudit(q, ctx, {
      programmeId: null,
      action: 'workshop.session-delete',
      entityType: 'workshop',
      entityId: rows[0].workshop_id,
      before: { id: sessionId },
    });
  });
}

/** Owners, for the scope checks of the routes. */
export async function ownerOfVenue(q: Queryable, venueId: string): Promise<string | null> {
  const rows = await q.query<{ o: string | null }>('SELECT organisation_id AS o FROM venues WHERE id = $1', [venueId]);
  return rows[0] ? (rows[0].o ?? '') : null;
}
export async function ownerOfWorkshop(q: Queryable, workshopId: string): Promise<string | null> {
  const rows = await q.query<{ o: string | null }>(
    'SELECT v.organisation_id AS o FROM workshops w JOIN venues v ON v.id = w.venue_id WHERE w.id = $1',
    [workshopId],
  );
  return rows[0] ? (rows[0].o ?? '') : null;
}
export async function ownerOfSession(q: Queryable, sessionId: string): Promise<string | null> {
  const rows = await q.query<{ o: string | null }>(
    `SELECT v.organisation_id AS o FROM workshop_sessions s JOIN workshops w ON w.id = s.workshop_id
       JOIN venues v ON v.id = w.venue_id WHERE s.id = $1`,
    [sessionId],
  );
  return rows[0] ? (rows[0].o ?? '') : null;
}
