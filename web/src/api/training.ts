import type {
  Attendee,
  Attestation,
  Enrolment,
  ModuleInput,
  PathInput,
  SessionInput,
  TrainedRow,
  TrainingPath,
} from '../../../src/modules/training/training.contract';
import { downloadUrl, request } from './http';

export type { Attendee, Attestation, Enrolment, TrainedRow, TrainingPath };

export const trainingApi = {
  paths: () => request<TrainingPath[]>('GET', '/training/paths'),
  createPath: (body: PathInput) => request<TrainingPath>('POST', '/training/paths', body),
  updatePath: (id: string, body: PathInput) => request<TrainingPath>('PUT', `/training/paths/${id}`, body),
  addModule: (pathId: string, body: ModuleInput) =>
    request<TrainingPath>('POST', `/training/paths/${pathId}/modules`, body),
  addFile: (moduleId: string, body: { name: string; contentType: string; contentBase64: string }) =>
    request<TrainingPath>('POST', `/training/modules/${moduleId}/files`, body),
  fileUrl: (fileId: string) => downloadUrl(`/training/files/${fileId}`),
  addSession: (pathId: string, body: SessionInput) =>
    request<TrainingPath>('POST', `/training/paths/${pathId}/sessions`, body),
  enrol: (sessionId: string) => request<Enrolment>('POST', `/training/sessions/${sessionId}/enrolment`),
  withdraw: (sessionId: string) => request<void>('DELETE', `/training/sessions/${sessionId}/enrolment`),
  attendees: (sessionId: string) => request<Attendee[]>('GET', `/training/sessions/${sessionId}/attendees`),
  attendance: (sessionId: string, userId: string, attended: boolean) =>
    request<Attendee[]>('PUT', `/training/sessions/${sessionId}/attendance`, { userId, attended }),
  attestations: () => request<Attestation[]>('GET', '/training/attestations'),
  attestationPdfUrl: (code: string) => downloadUrl(`/training/attestations/${code}/pdf`),
  verify: (code: string) => request<Attestation>('GET', `/public/attestations/${encodeURIComponent(code)}`),
  trained: () => request<TrainedRow[]>('GET', '/training/trained'),
};
