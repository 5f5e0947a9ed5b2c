/**
 * The dosing session API (docs/api-sessions.md): the Today board and the session console. The
 * shapes are the contract's (`@kairos/api`, dosing-sessions.ts); core's own shapes (a checklist
 * item, an overdue item, discharge readiness...) are core's types.
 */
import type {
  Cadss6RatingResult,
  AdverseEventBody,
  AdverseEventCreated,
  AdverseEventList,
  AlertAcknowledgeBody,
  AldreteBody,
  DoseOrderBody,
  DosingBoard,
  DosingSessionStep,
  DosingSessionStepBody,
  DosingSessionView,
  SessionChecklistBody,
  SessionChecklistOverrideBody,
  SessionMedicationBody,
  SessionMedicationCreated,
  SessionReadingBody,
  SessionReadingsResult,
  SessionStock,
  StockDrawBody,
  StockWasteBody,
} from '@kairos/api';
import { apiFetch, apiSend } from '../../api/client';

export type {
  AdministrationBody,
  AdverseEvent,
  AdverseEventBody,
  AdverseEventKind,
  AdverseEventSeverity,
  DosingBoardItem,
  DosingSessionState,
  DosingSessionStep,
  DosingSessionView,
  MedicationRoute,
  MedicationUnit,
  SessionAlert,
  SessionChecklistBody,
  SessionChecklistOverrideBody,
  SessionInfusion,
  SessionInfusionEvent,
  SessionMedication,
  SessionReading,
  SessionReadingsHistory,
} from '@kairos/api';
export { ADVERSE_EVENT_KINDS, MEDICATION_ROUTES, MEDICATION_UNITS } from '@kairos/api';

const path = (id: string) => `/api/sessions/${encodeURIComponent(id)}`;

/**
 * The board's and the console's reads are their live feeds: they keep updating behind the lock
 * screen (the server lets an idle sign-in make these reads, and only these, when they say so).
 */
const LIVE_FEED = { headers: { 'x-kairos-live-feed': '1' } };

export function listBoard(siteId: string, from: string, to: string): Promise<DosingBoard> {
  return apiFetch(`/api/sessions?${new URLSearchParams({ siteId, from, to }).toString()}`, LIVE_FEED);
}
export const getDosingSession = (id: string): Promise<DosingSessionView> => apiFetch(path(id), LIVE_FEED);
/** The session's infusion record as a PDF (made by the server; downloaded, not cached). */
export const infusionRecordPdfUrl = (id: string): string => `${path(id)}/record.pdf`;
export const stepDosingSession = (
  id: string,
  step: DosingSessionStep,
  extra: Omit<DosingSessionStepBody, 'step'> = {},
): Promise<DosingSessionView> => apiSend('POST', `${path(id)}/steps`, { step, ...extra });
export const updateChecklist = (id: string, values: SessionChecklistBody): Promise<DosingSessionView> =>
  apiSend('PUT', `${path(id)}/checklist`, values);
/**
 * A prescriber decides on a checklist hold (today's high-risk C-SSRS; before a maintenance session, a
 * bladder symptom or the infusion count): their own screen, or their step-up proof of purpose `checklist.override`.
 */
export const overrideChecklistItem = (
  id: string,
  item: SessionChecklistOverrideBody['item'],
  heldFor: string,
  reason: string,
  stepUpToken?: string,
): Promise<DosingSessionView> =>
  apiSend('POST', `${path(id)}/checklist/override`, { item, heldFor, reason, ...(stepUpToken === undefined ? {} : { stepUpToken }) });
export const orderDose = (id: string, input: DoseOrderBody): Promise<DosingSessionView> => apiSend('POST', `${path(id)}/dose-order`, input);
export const doubleCheckDose = (id: string, stepUpToken: string): Promise<DosingSessionView> =>
  apiSend('POST', `${path(id)}/dose-order/double-check`, { stepUpToken });
export const recordReadings = (id: string, readings: SessionReadingBody[]): Promise<SessionReadingsResult> =>
  apiSend('POST', `${path(id)}/vitals`, { readings });
/** A pre-dose, pause-level or escalate-level alert is a prescriber's: their own screen, or their step-up proof of purpose `alert.acknowledge`. */
export const acknowledgeAlert = (alertId: string, input: AlertAcknowledgeBody = {}): Promise<DosingSessionView> =>
  apiSend('POST', `/api/alerts/${encodeURIComponent(alertId)}/acknowledge`, {
    ...(input.note === undefined || input.note === '' ? {} : { note: input.note }),
    ...(input.stepUpToken === undefined ? {} : { stepUpToken: input.stepUpToken }),
  });
/** A prescriber declines the recommended pause (their own screen, or their step-up proof of purpose `pause.decline`). */
export const declinePause = (id: string, reason: string, stepUpToken?: string): Promise<DosingSessionView> =>
  apiSend('POST', `${path(id)}/decline-pause`, { reason, ...(stepUpToken === undefined ? {} : { stepUpToken }) });
export const recordAldrete = (id: string, scores: AldreteBody): Promise<DosingSessionView> => apiSend('PUT', `${path(id)}/aldrete`, scores);
/** Beyond the tolerance of the ordered rate: a prescriber's step-up proof of purpose `rate.change`. */
export const changeRate = (id: string, rateMlPerHour: number, reason: string, stepUpToken?: string): Promise<DosingSessionView> =>
  apiSend('POST', `${path(id)}/rate`, { rateMlPerHour, reason, ...(stepUpToken === undefined ? {} : { stepUpToken }) });
/** Corrects a stop entered late (while observing): `at` between the last start or resume and the recorded stop. */
export const correctStopTime = (id: string, at: string, reason: string): Promise<DosingSessionView> =>
  apiSend('POST', `${path(id)}/stop-time`, { at, reason });
/** The adult taking the patient home, confirmed at discharge (while observing). */
export const confirmDischargeEscort = (id: string, name: string): Promise<DosingSessionView> =>
  apiSend('PUT', `${path(id)}/discharge-escort`, { name });
/** A medication given at the chair: a premedication, or the treatment of one of the session's adverse events. */
export const recordMedication = (id: string, input: SessionMedicationBody): Promise<SessionMedicationCreated> =>
  apiSend('POST', `${path(id)}/medications`, input);

/** Rates a CADSS-6 at the chair (stored as the patient's questionnaire response, scored by core). */
export const rateCadss6 = (id: string, answers: number[], measuredAt: string): Promise<Cadss6RatingResult> =>
  apiSend('POST', `${path(id)}/cadss6`, { answers, measuredAt });

export const listAdverseEvents = (id: string): Promise<AdverseEventList> => apiFetch(`${path(id)}/adverse-events`);
export const reportAdverseEvent = (id: string, input: AdverseEventBody): Promise<AdverseEventCreated> =>
  apiSend('POST', `${path(id)}/adverse-events`, input);

/** The session's ketamine: the order's volume, its draws and what accounts for them, the lots to draw from. */
export const getSessionStock = (id: string): Promise<SessionStock> => apiFetch(`${path(id)}/stock`);
export const drawKetamine = (id: string, body: StockDrawBody): Promise<SessionStock> => apiSend('POST', `${path(id)}/stock/draw`, body);
export const wasteKetamine = (id: string, body: StockWasteBody): Promise<SessionStock> => apiSend('POST', `${path(id)}/stock/waste`, body);
