import type { Db } from '../db/db.js';
import type { ErrorCode } from '../errors.js';
import { type Actor, hasRole, playsAnyOf, type Role } from '../modules/accounts/actor.js';

export interface ScopeInput {
  actor: Actor;
  roles: readonly Role[];
  params: Record<string, string | undefined>;
  /** The parsed, not yet validated, body: a scope may check an identifier the body names. */
  body: unknown;
  db: Db;
}

/** Decides whether the actor may touch the data a request names: 'ok' or the refusal. */
export type ScopeCheck = (input: ScopeInput) => Promise<'ok' | ErrorCode>;

/**
 * Every API route declares who may call it, in `config.access`; a route without it is refused
 * at start-up, so none can be forgotten. The table of these declarations also drives the
 * authorisation test matrix.
 */
export type Access = { public: true } | { roles: readonly Role[]; scope: ScopeCheck };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (s: string | undefined): s is string => s !== undefined && UUID.test(s);

/** Data filtered by the handler itself: the actor only needs one of the roles somewhere. */
export const anywhere: ScopeCheck = async ({ actor, roles }) => (playsAnyOf(actor, roles) ? 'ok' : 'FORBIDDEN');

async function programmeExists(db: Db, programmeId: string): Promise<boolean> {
  return (await db.query('SELECT 1 FROM programmes WHERE id = $1', [programmeId])).length > 0;
}

/** Data of the programme named by a path parameter. */
export function programmeParam(param = 'programmeId'): ScopeCheck {
  return async ({ actor, roles, params, db }) => {
    const programmeId = params[param];
    if (!isUuid(programmeId)) return 'PROGRAMME_NOT_FOUND';
    if (!hasRole(actor, programmeId, roles)) return 'FORBIDDEN';
    // A role in a programme implies it exists; an admin holds every role, even in none.
    if (actor.isAdmin && !(await programmeExists(db, programmeId))) return 'PROGRAMME_NOT_FOUND';
    return 'ok';
  };
}

/**
 * Data of a resource named by a path parameter: `programmeOf` finds the programme it belongs
 * to (null when it does not exist), then the actor needs one of the roles in that programme.
 */
export function resourceProgramme(
  param: string,
  notFound: ErrorCode,
  programmeOf: (db: Db, id: string) => Promise<string | null>,
): ScopeCheck {
  return async ({ actor, roles, params, db }) => {
    const id = params[param];
    if (!isUuid(id)) return notFound;
    const programmeId = await programmeOf(db, id);
    if (programmeId === null) return notFound;
    return hasRole(actor, programmeId, roles) ? 'ok' : 'FORBIDDEN';
  };
}

export interface RouteEntry {
  method: string;
  url: string;
  access: Access;
}

/**
 * Data owned by an organisation (a venue's places and workshops): `ownerOf` finds the owner
 * (null when the resource does not exist); only the owner's users act on it.
 */
export function organisationResource(
  param: string,
  notFound: ErrorCode,
  ownerOf: (db: Db, id: string) => Promise<string | null>,
): ScopeCheck {
  return async ({ actor, params, db }) => {
    const id = params[param];
    if (!isUuid(id)) return notFound;
    const owner = await ownerOf(db, id);
    if (owner === null) return notFound;
    return owner === actor.organisationId ? 'ok' : 'FORBIDDEN';
  };
}

/** Any signed-in user: the handler only returns what belongs to the caller's organisation. */
export const ownOrganisation: ScopeCheck = async () => 'ok';
