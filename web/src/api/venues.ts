import type { z } from 'zod';
import type {
  Areas,
  CommuneOption,
  DirectoryPage,
  DirectoryQuery,
  ImportInput,
  ImportReport,
  MyVenue,
  ProgrammeVenue,
  PublicProgramme,
  PublicSettings,
  PublicVenue,
  QualificationDecisionInput,
  SessionInput,
  Venue,
  VenueApplication,
  VenuePlace,
  Vocabulary,
  Workshop,
  WorkshopInput,
} from '../../../src/modules/venues/venues.contract';
import { downloadUrl, queryString, request } from './http';

export type {
  CommuneOption,
  DirectoryPage,
  DirectoryQuery,
  ImportReport,
  MyVenue,
  ProgrammeVenue,
  PublicProgramme,
  PublicVenue,
  Vocabulary,
};

export const venuesApi = {
  settings: () => request<PublicSettings>('GET', '/public/settings'),
  vocabulary: () => request<Vocabulary>('GET', '/public/vocabulary'),
  runningProgrammes: () => request<PublicProgramme[]>('GET', '/public/programmes'),
  areas: () => request<Areas>('GET', '/public/areas'),
  communes: (q: string) => request<CommuneOption[]>('GET', `/public/communes${queryString({ q })}`),
  directory: (query: DirectoryQuery) => request<DirectoryPage>('GET', `/public/venues${queryString(query)}`),
  publicVenue: (id: string) => request<PublicVenue>('GET', `/public/venues/${id}`),
  /** The charter must be accepted: the server says so in French when it is not. */
  apply: (body: Omit<z.input<typeof VenueApplication>, 'charterAccepted'> & { charterAccepted: boolean }) =>
    request<{ organisationId: string; venueId: string }>('POST', '/public/venue-applications', body),
  programmeVenues: (programmeId: string) => request<ProgrammeVenue[]>('GET', `/programmes/${programmeId}/venues`),
  decide: (programmeId: string, organisationId: string, body: z.input<typeof QualificationDecisionInput>) =>
    request<unknown>('POST', `/programmes/${programmeId}/venues/${organisationId}/qualification`, body),
  confirmBankAccount: (programmeId: string, organisationId: string) =>
    request<unknown>('POST', `/programmes/${programmeId}/venues/${organisationId}/bank-account/confirmation`),
  importVenues: (programmeId: string, body: z.input<typeof ImportInput>) =>
    request<ImportReport>('POST', `/programmes/${programmeId}/venue-imports`, body),
  rejectedRowsUrl: (importId: string) => downloadUrl(`/venue-imports/${importId}/rejected.csv`),
  myVenue: () => request<MyVenue>('GET', '/me/venue'),
  /** The charter must be accepted: the server says so in French when it is not. */
  applyToProgramme: (programmeId: string, charterAccepted: boolean) =>
    request<unknown>('POST', '/me/venue/applications', { programmeId, charterAccepted }),
  workshops: (venueId: string) => request<Workshop[]>('GET', `/venues/${venueId}/workshops`),
  updatePlace: (venueId: string, body: z.input<typeof VenuePlace>) => request<Venue>('PUT', `/venues/${venueId}`, body),
  createWorkshop: (venueId: string, body: z.input<typeof WorkshopInput>) =>
    request<Workshop>('POST', `/venues/${venueId}/workshops`, body),
  deleteWorkshop: (workshopId: string) => request<void>('DELETE', `/workshops/${workshopId}`),
  addSession: (workshopId: string, body: z.input<typeof SessionInput>) =>
    request<Workshop>('POST', `/workshops/${workshopId}/sessions`, body),
  deleteSession: (sessionId: string) => request<void>('DELETE', `/workshop-sessions/${sessionId}`),
};
