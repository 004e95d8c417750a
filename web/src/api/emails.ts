import type { z } from 'zod';
import type { EmailQuery, Outbox, OutboxEmail } from '../../../src/modules/mail/outbox.contract';
import { queryString, request } from './http';

export type { Outbox, OutboxEmail };

export const emailsApi = {
  list: (query: z.input<typeof EmailQuery>) => request<Outbox>('GET', `/emails${queryString(query)}`),
  retry: (emailId: string) => request<void>('POST', `/emails/${emailId}/retry`),
};
