import { describe, expect, it } from 'vitest';
import type { Actor } from './actor.js';
import { mayDisableUser, mayEditOrganisation, mayInviteInto, mayListPeople } from './membership.rules.js';

const P1 = '00000000-0000-4000-8000-000000000001';
const P2 = '00000000-0000-4000-8000-000000000002';
const ORG = '00000000-0000-4000-8000-0000000000aa';
const OTHER = '00000000-0000-4000-8000-0000000000bb';
const actor = (over: Partial<Actor>): Actor => ({
  userId: '00000000-0000-4000-8000-0000000000cc',
  email: 'a@example.org',
  displayName: 'A',
  organisationId: ORG,
  organisationName: 'Org',
  isAdmin: false,
  roles: [],
  via: 'session',
  ...over,
});
const operator = actor({ roles: [{ programmeId: P1, role: 'operator' }] });
const venue = actor({ organisationId: OTHER, roles: [{ programmeId: P1, role: 'venue' }] });

describe('who manages an organisation and its people', () => {
  it('lets an operator equip a partner it sees until one of the partner’s people has signed in', () => {
    expect(mayInviteInto(operator, OTHER, { visibleToOperator: true, established: false })).toBe(true);
    expect(mayInviteInto(operator, OTHER, { visibleToOperator: true, established: true })).toBe(false);
    expect(mayInviteInto(operator, OTHER, { visibleToOperator: false, established: false })).toBe(false);
    expect(mayInviteInto(venue, OTHER, { visibleToOperator: false, established: true })).toBe(true);
    expect(mayInviteInto(venue, ORG, { visibleToOperator: true, established: false })).toBe(false);
  });

  it('lets an operator edit and read the people of the organisations of its programmes only', () => {
    expect(mayEditOrganisation(operator, OTHER, { visibleToOperator: true, established: true })).toBe(true);
    expect(mayEditOrganisation(operator, OTHER, { visibleToOperator: false, established: true })).toBe(false);
    expect(mayEditOrganisation(venue, OTHER, { visibleToOperator: true, established: true })).toBe(false);
    expect(mayListPeople(venue, OTHER, { visibleToOperator: false, established: true })).toBe(true);
    expect(mayListPeople(venue, ORG, { visibleToOperator: true, established: true })).toBe(false);
  });

  it('lets an operator deactivate someone only when all their roles are in its programmes', () => {
    const target = { isAdmin: false, organisationId: OTHER };
    expect(mayDisableUser(operator, { ...target, programmeIds: [P1] })).toBe(true);
    expect(mayDisableUser(operator, { ...target, programmeIds: [P1, P2] })).toBe(false);
    expect(mayDisableUser(operator, { ...target, programmeIds: [] })).toBe(false);
    expect(mayDisableUser(operator, { isAdmin: true, organisationId: ORG, programmeIds: [] })).toBe(false);
    expect(mayDisableUser(actor({ isAdmin: true }), { isAdmin: true, organisationId: OTHER, programmeIds: [] })).toBe(
      true,
    );
  });
});
