import type { Campaign, CampaignInput, ManualReminder } from '../../../src/modules/reminders/reminders.contract';
import { request } from './http';

export type { Campaign, CampaignInput, ManualReminder };

export const remindersApi = {
  campaigns: (programmeId: string) => request<Campaign[]>('GET', `/programmes/${programmeId}/reminder-campaigns`),
  start: (programmeId: string, body: CampaignInput) =>
    request<Campaign>('POST', `/programmes/${programmeId}/reminder-campaigns`, body),
  end: (campaignId: string) => request<Campaign>('POST', `/reminder-campaigns/${campaignId}/end`),
  remind: (serial: string) => request<ManualReminder>('POST', `/carnets/${encodeURIComponent(serial)}/reminder`),
};
