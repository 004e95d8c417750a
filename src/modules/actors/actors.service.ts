import { csvString } from '../../csv.js';
import type { Db, Queryable } from '../../db/db.js';
import { AppError } from '../../errors.js';
import { SECTOR_LABELS } from '../accounts/accounts.contract.js';
import type { Actor } from '../accounts/actor.js';
import { communityOf, inCommunitySql } from '../accounts/community.js';
import { type RequestContext, recordAudit } from '../audit/audit.service.js';
import { communeByCode } from '../territory/communes.js';
import {
  type Actors,
  type ActorsQuery,
  HELPER_ROLE_LABELS,
  HELPER_ROLES,
  type HelperProfile,
  type HelperProfileInput,
  HelperProfileInput as ProfileSchema,
  ActorsQuery as QuerySchema,
} from './actors.contract.js';

const communeName = (code: string) => communeByCode(code)?.name ?? code;

/**
 * The actors of the reader's territory (the organisations of its programmes, see community.ts):
 * organisations with their roles, places and services, and the people who help, with their
 * contact — for signed-in actors of that territory only.
 */
export async function actorsDirectory(q: Queryable, actor: Actor, query: ActorsQuery): Promise<Actors> {
  const { q: text, kind, sector } = QuerySchema.parse(query);
  const community = communityOf(actor);
  const like = text ? `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  const orgKind = kind && !(HELPER_ROLES as readonly string[]).includes(kind) ? kind : null;
  const helperRole = kind && (HELPER_ROLES as readonly string[]).includes(kind) ? kind : null;
  const [organisations, people] = await Promise.all([
    helperRole
      ? Promise.resolve([])
      : q.query<Actors['organisations'][number]>(
          `SELECT o.id, o.name, o.kinds, o.sectors,
                  COALESCE((SELECT json_agg(DISTINCT jsonb_build_object('name', p.name, 'role', r.role))
                              FROM user_roles r JOIN users u ON u.id = r.user_id JOIN programmes p ON p.id = r.programme_id
                             WHERE u.organisation_id = o.id AND ($1::uuid[] IS NULL OR r.programme_id = ANY($1::uuid[]))), '[]'::json) AS programmes,
                  COALESCE((SELECT array_agg(DISTINCT s) FROM venues v, unnest(v.services) s WHERE v.organisation_id = o.id), '{}') AS services,
                  COALESCE((SELECT array_agg(DISTINCT s) FROM venues v, unnest(v.publics) s WHERE v.organisation_id = o.id), '{}') AS publics,
                  COALESCE((SELECT json_agg(json_build_object('name', v.name, 'communeName', v.commune_name,
                              'latitude', v.latitude, 'longitude', v.longitude) ORDER BY v.name)
                              FROM venues v WHERE v.organisation_id = o.id), '[]'::json) AS places
             FROM organisations o
            WHERE ${inCommunitySql('o.id', '$1')}
              AND ($2::text IS NULL OR o.name ILIKE $2
                   OR EXISTS (SELECT 1 FROM venues v WHERE v.organisation_id = o.id AND v.commune_name ILIKE $2))
              AND ($3::text IS NULL OR o.kinds @> ARRAY[$3::text])
              AND ($4::text IS NULL OR o.sectors @> ARRAY[$4::text])
            ORDER BY o.name LIMIT 500`,
          [community, like, orgKind, sector ?? null],
        ),
    orgKind
      ? Promise.resolve([])
      : q.query<Omit<Actors['people'][number], 'communes'> & { communes: string[] }>(
          `SELECT u.display_name AS name, h.role, o.name AS "organisationName", h.activities, h.publics, h.communes,
                  u.email, h.phone
             FROM helper_profiles h JOIN users u ON u.id = h.user_id JOIN organisations o ON o.id = u.organisation_id
            WHERE h.listed AND u.disabled_at IS NULL AND ${inCommunitySql('u.organisation_id', '$1')}
              AND ($2::text IS NULL OR u.display_name ILIKE $2 OR o.name ILIKE $2
                   OR EXISTS (SELECT 1 FROM unnest(h.activities) a WHERE a ILIKE $2))
              AND ($3::text IS NULL OR h.role = $3)
              AND ($4::text IS NULL OR o.sectors @> ARRAY[$4::text])
            ORDER BY u.display_name LIMIT 500`,
          [community, like, helperRole, sector ?? null],
        ),
  ]);
  return {
    organisations,
    people: people.map((p) => ({ ...p, communes: p.communes.map(communeName) })),
  };
}

/** The directory as CSV (organisations, then people), for the actors who may read it. */
export function actorsCsv(a: Actors): string {
  const rows: (string | null)[][] = [
    [
      'Type',
      'Nom',
      'Structure',
      'Nature',
      'Rôles ou fonction',
      'Services ou activités',
      'Publics',
      'Communes',
      'Courriel',
      'Téléphone',
    ],
    ...a.organisations.map((o) => [
      'Structure',
      o.name,
      o.name,
      o.sectors.map((x) => SECTOR_LABELS[x]).join(', '),
      [...new Set(o.programmes.map((p) => `${p.role} (${p.name})`))].join(', '),
      o.services.join(', '),
      o.publics.join(', '),
      [...new Set(o.places.map((p) => p.communeName))].join(', '),
      null,
      null,
    ]),
    ...a.people.map((p) => [
      'Personne',
      p.name,
      p.organisationName,
      null,
      HELPER_ROLE_LABELS[p.role],
      p.activities.join(', '),
      p.publics.join(', '),
      p.communes.join(', '),
      p.email,
      p.phone,
    ]),
  ];
  return `\uFEFF${csvString(rows, { delimiter: ';' })}`;
}

/** One's own entry, as the directory shows it (null before one is written). */
export async function ownProfile(q: Queryable, actor: Actor): Promise<HelperProfile | null> {
  const [row] = await q.query<Omit<HelperProfile, 'communes'> & { communes: string[] }>(
    `SELECT role, activities, publics, communes, phone, listed, to_json(updated_at) #>> '{}' AS "updatedAt"
       FROM helper_profiles WHERE user_id = $1`,
    [actor.userId],
  );
  return row ? { ...row, communes: row.communes.map((code) => ({ code, name: communeName(code) })) } : null;
}

/** Writes (or corrects) one's own entry; communes must exist. */
export async function saveOwnProfile(
  db: Db,
  ctx: RequestContext & { actor: Actor },
  input: HelperProfileInput,
): Promise<HelperProfile> {
  const p = ProfileSchema.parse(input);
  const unknown = p.communes.filter((c) => !communeByCode(c));
  if (unknown.length > 0) throw new AppError('COMMUNE_UNKNOWN', { communes: unknown });
  return db.tx(async (q) => {
    await q.query(
      `INSERT INTO helper_profiles (user_id, role, activities, publics, communes, phone, listed)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (user_id) DO UPDATE SET role = $2, activities = $3, publics = $4, communes = $5, phone = $6,
              listed = $7, updated_at = now()`,
      [ctx.actor.userId, p.role, p.activities, p.publics, [...new Set(p.communes)], p.phone ?? null, p.listed],
    );
    // The audit says an entry changed, not what it holds: a phone number stays out of the log.
    await recordAudit(q, ctx, {
      programmeId: null,
      action: 'helper.profile-save',
      entityType: 'user',
      entityId: ctx.actor.userId,
      after: { role: p.role, listed: p.listed },
    });
    return (await ownProfile(q, ctx.actor)) as HelperProfile;
  });
}
