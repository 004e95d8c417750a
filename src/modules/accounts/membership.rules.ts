import type { Actor } from './actor.js';

/**
 * Who may manage an organisation and its people. An operator registers and equips the partners
 * of its programmes, but may not slip an account into an organisation that already runs on its
 * own: such an account would act for that partner (a venue's bank details, say) while the
 * operator checks the same partner.
 */
export interface OrganisationStanding {
  /** The organisation takes part in one of the actor's operated programmes, or the actor's organisation created it. */
  visibleToOperator: boolean;
  /** One of its people has activated an account (a password or ProConnect). */
  established: boolean;
}

const isMember = (actor: Actor, organisationId: string) => actor.organisationId === organisationId;
const operates = (actor: Actor) => actor.roles.some((r) => r.role === 'operator');

export function mayEditOrganisation(actor: Actor, organisationId: string, o: OrganisationStanding): boolean {
  return actor.isAdmin || (operates(actor) && (o.visibleToOperator || isMember(actor, organisationId)));
}

export function mayListPeople(actor: Actor, organisationId: string, o: OrganisationStanding): boolean {
  return actor.isAdmin || isMember(actor, organisationId) || (operates(actor) && o.visibleToOperator);
}

export function mayInviteInto(actor: Actor, organisationId: string, o: OrganisationStanding): boolean {
  return actor.isAdmin || isMember(actor, organisationId) || (operates(actor) && o.visibleToOperator && !o.established);
}

export interface TargetUser {
  isAdmin: boolean;
  organisationId: string;
  /** Programmes where the user holds a role. */
  programmeIds: string[];
}

/**
 * Deactivating an account: an admin; a colleague of the same organisation; or an operator when
 * every role the person holds is in a programme it operates (someone leaves a partner).
 */
export function mayDisableUser(actor: Actor, target: TargetUser): boolean {
  if (actor.isAdmin) return true;
  if (target.isAdmin) return false;
  if (isMember(actor, target.organisationId)) return true;
  const operated = new Set(actor.roles.filter((r) => r.role === 'operator').map((r) => r.programmeId));
  return target.programmeIds.length > 0 && target.programmeIds.every((p) => operated.has(p));
}
