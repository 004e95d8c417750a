// The API's own types, imported as types only: the client and the server cannot drift apart.

export type { Actor, ProgrammeRole, Role } from '../../src/modules/accounts/actor';
export type { Programme } from '../../src/modules/programmes/programmes.contract';

import type { Actor } from '../../src/modules/accounts/actor';

export type Me = Omit<Actor, 'via'>;

export interface Organisation {
  id: string;
  name: string;
  siret: string;
  kinds: string[];
}

export interface AuditEntry {
  id: number;
  programmeId: string | null;
  at: string;
  actorEmail: string | null;
  action: string;
  entityType: string;
  entityId: string;
  before: unknown;
  after: unknown;
}

export type { QualificationStatus } from '../../src/modules/venues/qualification.rules';
export type {
  DirectoryEntry,
  PublicVenue,
  Venue,
  VenuePlace,
  Workshop,
  WorkshopInput,
} from '../../src/modules/venues/venues.contract';
