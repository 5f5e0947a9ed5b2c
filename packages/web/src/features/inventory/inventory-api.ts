/** Ketamine stock (docs/api-inventory.md): the Inventory page's reads and records. */
import type {
  DeaRegistrationBody,
  StockSettings,
  StockSettingsBody,
  StockAlerts,
  StockCountBody,
  StockCountRecorded,
  StockCountResolutionBody,
  StockCreated,
  StockDestructionBody,
  StockEntryKind,
  StockLossBody,
  StockLossRecorded,
  StockOverview,
  StockProductBody,
  StockReceiptBody,
  StockRemnantWasteBody,
  StockReturnBody,
  StockTransferBody,
} from '@kairos/api';
import { formatMg, formatMl } from '@kairos/core';
import { apiFetch, apiSend } from '../../api/client';

export type { StockLine, StockOverview, OpenDraw, StockLedgerEntry } from '@kairos/api';

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

export const transferStock = (siteId: string, body: StockTransferBody): Promise<StockCreated> =>
  apiSend('POST', `${base(siteId)}/transfers`, body);
export const returnStock = (siteId: string, body: StockReturnBody): Promise<StockCreated> =>
  apiSend('POST', `${base(siteId)}/returns`, body);
export const destroyStock = (siteId: string, body: StockDestructionBody): Promise<StockCreated> =>
  apiSend('POST', `${base(siteId)}/destructions`, body);
export const reportLoss = (siteId: string, body: StockLossBody): Promise<StockLossRecorded> =>
  apiSend('POST', `${base(siteId)}/losses`, body);
export const wasteRemnant = (siteId: string, body: StockRemnantWasteBody): Promise<StockCreated> =>
  apiSend('POST', `${base(siteId)}/remnant-wastes`, body);
export const reverseEntry = (entryId: string, reason: string): Promise<StockCreated> =>
  apiSend('POST', `/api/stock/entries/${encodeURIComponent(entryId)}/reversal`, { reason });

/** What each kind of ledger entry is called on the page. */
export const ENTRY_WORDS: Record<StockEntryKind, string> = {
  receipt: 'Received',
  draw: 'Drawn for a session',
  administration: 'Given',
  'draw-waste': 'Wasted after a session',
  'remnant-waste': 'Opened vial wasted',
  transfer: 'Moved',
  return: 'Returned to supplier',
  destruction: 'Destroyed',
  loss: 'Lost or stolen',
  expiry: 'Opened vial expired, wasted',
  'count-adjustment': 'Count adjustment',
  reversal: 'Correction (reverses an entry)',
};

export const recordCount = (siteId: string, body: StockCountBody): Promise<StockCountRecorded> =>
  apiSend('POST', `${base(siteId)}/counts`, body);
export const resolveDifference = (lineId: string, body: StockCountResolutionBody): Promise<void> =>
  apiSend('POST', `/api/stock/count-lines/${encodeURIComponent(lineId)}/resolution`, body);
export const getStockAlerts = (siteId: string): Promise<StockAlerts> => apiFetch(`${base(siteId)}/alerts`);
export const setStockSettings = (siteId: string, body: StockSettingsBody): Promise<StockSettings> =>
  apiSend('PUT', `${base(siteId)}/settings`, body);
