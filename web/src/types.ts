// The API's own types, from the server's contracts, imported as types only: the client and the
// server cannot drift apart. No shape is declared here.

export type { Me, Organisation } from '../../src/modules/accounts/accounts.contract';
export type { ProgrammeRole, Role } from '../../src/modules/accounts/actor';
export type { AuditEntry } from '../../src/modules/audit/audit.contract';
export type { Programme } from '../../src/modules/programmes/programmes.contract';
export type { QualificationStatus } from '../../src/modules/venues/qualification.rules';
export type {
  DirectoryEntry,
  PublicVenue,
  Venue,
  VenuePlace,
  Vocabulary,
  Workshop,
  WorkshopInput,
} from '../../src/modules/venues/venues.contract';
