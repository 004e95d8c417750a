import type { z } from 'zod';
import type {
  AllocationInput,
  Beneficiary,
  Delivery,
  DistributionResult,
  Distributor,
  MovedCarnets,
  OrderSummary,
  Orientation,
  OrientationResult,
  PassView,
  PersonalData,
  RedemptionInput,
  RedemptionLock,
  RedemptionResult,
  StockLine,
  VenueRedemption,
} from '../../../src/modules/vouchers/vouchers.contract';
import { downloadUrl, queryString, request } from './http';

export type {
  Beneficiary,
  DistributionResult,
  OrderSummary,
  Orientation,
  PassView,
  PersonalData,
  RedemptionLock,
  RedemptionResult,
  StockLine,
  VenueRedemption,
};

export const vouchersApi = {
  orientations: (programmeId: string, status?: Orientation['status']) =>
    request<Orientation[]>('GET', `/programmes/${programmeId}/orientations${queryString({ status })}`),
  orient: (programmeId: string, beneficiary: Beneficiary) =>
    request<OrientationResult>('POST', `/programmes/${programmeId}/orientations`, { beneficiary, consent: true }),
  closeOrientation: (orientationId: string, reason: string) =>
    request<void>('POST', `/orientations/${orientationId}/closure`, { reason }),
  orders: (programmeId: string) => request<OrderSummary[]>('GET', `/programmes/${programmeId}/orders`),
  order: (programmeId: string, carnets: number) =>
    request<{ orderId: string }>('POST', `/programmes/${programmeId}/orders`, { carnets }),
  printUrl: (orderId: string, format: 'pdf' | 'csv') => downloadUrl(`/orders/${orderId}/print.${format}`),
  stock: (programmeId: string) => request<StockLine[]>('GET', `/programmes/${programmeId}/stock`),
  carnetsInStock: (programmeId: string, limit: number) =>
    request<string[]>('GET', `/programmes/${programmeId}/stock/carnets${queryString({ limit })}`),
  distributors: (programmeId: string) => request<Distributor[]>('GET', `/programmes/${programmeId}/distributors`),
  allocate: (programmeId: string, body: z.input<typeof AllocationInput>) =>
    request<MovedCarnets>('POST', `/programmes/${programmeId}/allocations`, body),
  cancel: (serial: string, reason: string) =>
    request<{ cancelled: string[] }>('POST', `/carnets/${encodeURIComponent(serial)}/cancellation`, { reason }),
  replace: (serial: string, replacementSerial: string) =>
    request<{ serial: string; passes: string[] }>('POST', `/carnets/${encodeURIComponent(serial)}/replacement`, {
      replacementSerial,
    }),
  distribute: (serial: string, beneficiary: Beneficiary, delivery: Delivery) =>
    request<DistributionResult>('POST', `/carnets/${serial}/distribution`, { beneficiary, delivery }),
  redeem: (body: RedemptionInput, idempotencyKey: string) =>
    request<RedemptionResult>('POST', '/redemptions', body, { 'idempotency-key': idempotencyKey }),
  undoRedemption: (redemptionId: string) => request<void>('DELETE', `/redemptions/${redemptionId}`),
  myRedemptions: (day?: string) => request<VenueRedemption[]>('GET', `/me/redemptions${queryString({ day })}`),
  lookUp: (code: string) => request<PassView>('GET', `/passes/${encodeURIComponent(code)}`),
  redemptionLocks: (programmeId: string) =>
    request<RedemptionLock[]>('GET', `/programmes/${programmeId}/redemption-locks`),
  personalData: (programmeId: string, serial: string) =>
    request<PersonalData>('GET', `/programmes/${programmeId}/carnets/${encodeURIComponent(serial)}/beneficiary`),
  personalDataDownloadUrl: (programmeId: string, serial: string) =>
    downloadUrl(`/programmes/${programmeId}/carnets/${encodeURIComponent(serial)}/beneficiary?download=1`),
  erasePersonalData: (programmeId: string, serial: string, reason: string) =>
    request<{ beneficiaryId: string; erasedAt: string }>(
      'DELETE',
      `/programmes/${programmeId}/carnets/${encodeURIComponent(serial)}/beneficiary`,
      { reason },
    ),
  liftRedemptionLock: (programmeId: string, organisationId: string) =>
    request<void>('DELETE', `/programmes/${programmeId}/redemption-locks/${organisationId}`),
};
