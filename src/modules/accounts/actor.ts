import type { Me } from './accounts.contract.js';

export const PROGRAMME_ROLES = ['operator', 'funder', 'distributor', 'referrer', 'venue'] as const;
export type ProgrammeRole = (typeof PROGRAMME_ROLES)[number];
export type Role = 'admin' | ProgrammeRole;
export const ROLES: readonly Role[] = ['admin', ...PROGRAMME_ROLES];

/**
 * Who is calling: the authenticated user, their organisation and their roles per programme
 * (the API's `Me`), and how they authenticated.
 */
export type Actor = Me & { via: 'session' | 'token' };

/** True when the actor holds one of `roles` in the programme (admins hold every role). */
export function hasRole(actor: Actor, programmeId: string, roles: readonly Role[]): boolean {
  if (actor.isAdmin && roles.includes('admin')) return true;
  return actor.roles.some((r) => r.programmeId === programmeId && roles.includes(r.role));
}

/** Programmes where the actor holds one of `roles`. */
export function programmesWhere(actor: Actor, roles: readonly Role[]): string[] {
  return [...new Set(actor.roles.filter((r) => roles.includes(r.role)).map((r) => r.programmeId))];
}

/** Does the actor hold one of `roles` anywhere? */
export function playsAnyOf(actor: Actor, roles: readonly Role[]): boolean {
  return (actor.isAdmin && roles.includes('admin')) || actor.roles.some((r) => roles.includes(r.role));
}
