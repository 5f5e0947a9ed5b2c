/**
 * The live events (`GET /api/events`, Server-Sent Events). Each event is `event: <type>` with
 * `data: { sessionId, at, ...payload }`. Events carry ids, states and levels, never patient names.
 * An EventSource hears only the named events it listens to, so the web listens to every key of
 * `LIVE_EVENT_PAYLOADS`: a new type is added here, once.
 *
 * @module
 */
import { z } from 'zod';

/** The payload of each event type, as the services append it. */
export const LIVE_EVENT_PAYLOADS = {
  /** The dosing session moved (`from`, `to`), or its stop time was corrected. */
  'session-state': z.object({ from: z.string().optional(), to: z.string().optional(), stopCorrected: z.boolean().optional() }),
  /**
   * Readings were stored: how many, their alert levels, whether a pause is recommended, how many
   * alerts they raised or raised again, and the readings themselves (numbers, phase and level; no
   * names), so a screen can show them without reading the session again.
   */
  vitals: z.object({
    stored: z.number().int(),
    levels: z.array(z.string()),
    pauseRecommended: z.boolean(),
    alerted: z.number().int().optional(),
    readings: z
      .array(
        z.object({
          clientId: z.string(),
          measuredAt: z.string(),
          phase: z.string(),
          level: z.string(),
          systolic: z.number().nullable(),
          diastolic: z.number().nullable(),
          heartRate: z.number().nullable(),
          spo2: z.number().nullable(),
          respiratoryRate: z.number().nullable(),
          moaas: z.number().nullable(),
          temperature: z.number().nullable(),
          /** Who measured it (absent in events stored before it was announced). */
          source: z.enum(['manual', 'device']).optional(),
          /** The protocol version it was classified under (absent in events stored before it was announced). */
          protocolVersion: z.number().int().optional(),
        }),
      )
      .optional(),
  }),
  /** An unacknowledged alert episode still open reminded its session (every 5 minutes). */
  'alert-reminder': z.object({ alertId: z.string(), level: z.string() }),
  'alert-acknowledged': z.object({ alertId: z.string(), level: z.string() }),
  /** A monitoring item is overdue (a reading, a MOAA/S...). */
  overdue: z.object({ kind: z.literal('overdue'), itemId: z.string(), item: z.string(), dueAt: z.string() }),
  /** An infusion alarm: the planned end passed, the bag should be empty. */
  'infusion-alarm': z.object({ kind: z.enum(['infusion:planned-end', 'infusion:bag-complete']) }),
  'adverse-event': z.object({ adverseEventId: z.string(), kind: z.string(), severity: z.string(), serious: z.boolean() }),
  /** The pre-dose checklist changed: which facts. */
  checklist: z.object({ fields: z.array(z.string()) }),
  'dose-order': z.object({ orderId: z.string().optional(), doubleChecked: z.boolean() }),
  'infusion-rate': z.object({ rateMlPerHour: z.number() }),
  'pause-declined': z.object({}),
  aldrete: z.object({}),
  cadss6: z.object({ total: z.number().nullable() }),
  /** A risk follow-up task was opened (a C-SSRS answer, a screening review, an unanswered escalation). */
  'risk-task': z.object({ taskId: z.string(), urgency: z.string(), kind: z.string().optional() }),
  'risk-task-done': z.object({ taskId: z.string() }),
  /** An emergency access ("break the glass") was opened at the site, or reviewed: the medical director's list changed. */
  'emergency-access': z.object({ emergencyAccessId: z.string(), reviewed: z.boolean() }),
  /** A medication was given at the chair. */
  medication: z.object({ purpose: z.string() }),
  /** Ketamine was drawn from stock for the session, or what remained of a draw was wasted. */
  stock: z.object({ drawId: z.string(), kind: z.enum(['draw', 'waste']) }),
} satisfies Record<string, z.ZodType>;

export type LiveEventType = keyof typeof LIVE_EVENT_PAYLOADS;
export type LiveEventPayload<T extends LiveEventType> = z.input<(typeof LIVE_EVENT_PAYLOADS)[T]>;

/** Every event type, for an EventSource to listen to. */
export const LIVE_EVENT_TYPES = /* @__PURE__ */ Object.keys(LIVE_EVENT_PAYLOADS) as LiveEventType[];

/** What a browser receives as `data` of an event. */
export type LiveEventData<T extends LiveEventType = LiveEventType> = LiveEventPayload<T> & { sessionId: string | null; at: string };
