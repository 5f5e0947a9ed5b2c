/** Ketamine stock (docs/api-inventory.md): the Inventory page's reads and records. */
import type { DeaRegistrationBody, StockCreated, StockOverview, StockProductBody, StockReceiptBody } from '@kairos/api';
import { formatMg, formatMl } from '@kairos/core';
import { apiFetch, apiSend } from '../../api/client';

export type { StockLine, StockOverview, OpenDraw } from '@kairos/api';

const base = (siteId: string) => `/api/sites/${encodeURIComponent(siteId)}/stock`;

export const getStock = (siteId: string): Promise<StockOverview> => apiFetch(base(siteId));
export const recordDeaRegistration = (siteId: string, body: DeaRegistrationBody): Promise<void> =>
  apiSend('PUT', `${base(siteId)}/dea-registration`, body);
export const addProduct = (siteId: string, body: StockProductBody): Promise<StockCreated> =>
  apiSend('POST', `${base(siteId)}/products`, body);
export const addLocation = (siteId: string, name: string): Promise<StockCreated> => apiSend('POST', `${base(siteId)}/locations`, { name });
export const receiveStock = (siteId: string, body: StockReceiptBody): Promise<StockCreated> =>
  apiSend('POST', `${base(siteId)}/receipts`, body);

/** "2,450 mg in 49 mL": an amount for people. */
export function amountText(q: { ug: number; ul: number }): string {
  return `${formatMg(BigInt(q.ug))} in ${formatMl(BigInt(q.ul))}`;
}

/** "35 mg (0.7 mL)": an amount drawn, given or wasted. */
export function doseText(q: { ug: number; ul: number }): string {
  return `${formatMg(BigInt(q.ug))} (${formatMl(BigInt(q.ul))})`;
}
