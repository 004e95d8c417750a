import type { Coverage } from '../../../src/modules/territory/coverage.contract';
import { downloadUrl, request } from './http';

export type { Coverage };

export const coverageApi = {
  get: (programmeId: string) => request<Coverage>('GET', `/programmes/${programmeId}/coverage`),
  csvUrl: (programmeId: string) => downloadUrl(`/programmes/${programmeId}/coverage.csv?table=communes`),
  xlsxUrl: (programmeId: string) => downloadUrl(`/programmes/${programmeId}/coverage.xlsx`),
};
