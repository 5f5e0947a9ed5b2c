/**
 * Patient messages: the outbox as the patient page shows it (never the bodies), and in demo and
 * test mode the mail the local capture server received.
 *
 * @module
 */
import { z } from 'zod';
import { IdParams, IsoInstant } from './common.js';

/** What Kairos sends a patient. */
export const MESSAGE_KINDS = ['portal-link', 'pre-session', 'follow-up-questionnaire', 'escalation'] as const;
export const MessageKindSchema = z.enum(MESSAGE_KINDS);
export type MessageKind = z.infer<typeof MessageKindSchema>;

/** queued (waiting or retrying), sent, failed (gave up after the maximum attempts). */
export const MESSAGE_STATES = ['queued', 'sent', 'failed'] as const;
export const MessageStateSchema = z.enum(MESSAGE_STATES);
export type MessageState = z.infer<typeof MessageStateSchema>;

/** Where this server's mail goes: a real SMTP server, the demo/test capture, or nowhere yet. */
export const MESSAGE_DELIVERIES = ['smtp', 'capture', 'off'] as const;
export type MessageDelivery = (typeof MESSAGE_DELIVERIES)[number];

/** `/api/patients/:id/messages` path. */
export const PatientMessagesParamsSchema = IdParams;

export const PatientMessageSchema = z.object({
  id: z.uuid(),
  kind: MessageKindSchema,
  subject: z.string(),
  to: z.string(),
  state: MessageStateSchema,
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  createdAt: IsoInstant,
  sentAt: /* @__PURE__ */ IsoInstant.nullable(),
  /** While queued: when the next attempt is due. */
  nextAttemptAt: /* @__PURE__ */ IsoInstant.nullable(),
});
export type PatientMessage = z.infer<typeof PatientMessageSchema>;

/** `GET /api/patients/:id/messages`. */
export const PatientMessagesSchema = z.object({
  /** The patient's address; null: Kairos sends this patient nothing. */
  email: z.string().nullable(),
  delivery: z.enum(MESSAGE_DELIVERIES),
  maxAttempts: z.number().int(),
  items: z.array(PatientMessageSchema),
});
export type PatientMessages = z.infer<typeof PatientMessagesSchema>;

/** `GET /api/dev/mail` query: only mail to this address. */
export const DevMailQuerySchema = z.strictObject({ to: z.string().trim().min(1).max(320).optional() });

/** One message the demo/test capture server received. */
export const CapturedMailSchema = z.object({
  /** Arrival order, from 1. */
  seq: z.number().int(),
  receivedAt: IsoInstant,
  envelope: z.object({ from: z.string().nullable(), to: z.array(z.string()) }),
  /** The header block as received. */
  rawHeaders: z.string(),
  messageId: z.string().nullable(),
  from: z.string().nullable(),
  to: z.string().nullable(),
  subject: z.string().nullable(),
  /** The plain-text body, decoded, with `\n` line ends. */
  text: z.string(),
});
export type CapturedMail = z.infer<typeof CapturedMailSchema>;

/** `GET /api/dev/mail` (demo and test mode only). */
export const DevMailListSchema = z.object({ items: z.array(CapturedMailSchema) });
export type DevMailList = z.infer<typeof DevMailListSchema>;
