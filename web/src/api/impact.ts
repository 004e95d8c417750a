import type {
  Dashboard,
  DashboardQuery,
  UnusedCarnet,
  VenueActivity,
} from '../../../src/modules/impact/impact.contract';
import { downloadUrl, queryString, request } from './http';

export type { Dashboard, UnusedCarnet, VenueActivity };

export const impactApi = {
  dashboard: (programmeId: string, query: DashboardQuery) =>
    request<Dashboard>('GET', `/programmes/${programmeId}/dashboard${queryString(query)}`),
  csvUrl: (programmeId: string, query: DashboardQuery & { table: string }) =>
    downloadUrl(`/programmes/${programmeId}/dashboard.csv${queryString(query)}`),
  /** The venue's validations as La Coop activity records. */
  coopActivitiesUrl: () => downloadUrl('/me/activities.csv'),
  venueActivity: (query: DashboardQuery) => request<VenueActivity>('GET', `/me/activity${queryString(query)}`),
  unusedCarnets: (programmeId: string) => request<UnusedCarnet[]>('GET', `/programmes/${programmeId}/unused-carnets`),
  reportUrl: (programmeId: string, query: DashboardQuery) =>
    downloadUrl(`/programmes/${programmeId}/report.pdf${queryString(query)}`),
  evaluationReportUrl: (programmeId: string, query: DashboardQuery) =>
    downloadUrl(`/programmes/${programmeId}/evaluation-report.pdf${queryString(query)}`),
  xlsxUrl: (programmeId: string, query: DashboardQuery) =>
    downloadUrl(`/programmes/${programmeId}/dashboard.xlsx${queryString(query)}`),
};
