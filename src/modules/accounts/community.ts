import { type Actor, programmesWhere, ROLES } from './actor.js';

/**
 * The actors of a territory, as the platform knows them: the organisations that play a role in
 * one of the programmes the reader plays a role in. Shared resources and people's contact
 * details stay within it. `orgColumn` names the organisation to test; `param` the parameter
 * holding the reader's programmes (null for an admin, who sees every territory).
 */
export const inCommunitySql = (orgColumn: string, param: string) => `(${param}::uuid[] IS NULL OR EXISTS (
  SELECT 1 FROM user_roles cr JOIN users cu ON cu.id = cr.user_id
   WHERE cu.organisation_id = ${orgColumn} AND cr.programme_id = ANY(${param}::uuid[])))`;

/** The reader's programmes for `inCommunitySql`: null for an admin (everything). */
export const communityOf = (actor: Actor): string[] | null => (actor.isAdmin ? null : programmesWhere(actor, ROLES));
