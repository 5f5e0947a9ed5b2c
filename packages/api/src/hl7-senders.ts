/**
 * HL7 v2 senders (issue 26): the addresses a site's monitor gateways send HL7 v2 over MLLP from.
 * MLLP has no authentication: a message's site is the one whose list holds the sender's address.
 *
 * @module
 */
import { z } from 'zod';
import { IsoInstant, itemsOf } from './common.js';

/** An IPv4 or IPv6 address, or a network in CIDR form (`10.20.0.0/24`); checked by the server. */
export const Hl7SenderAddressSchema = z
  .string()
  .trim()
  .min(2)
  .max(50)
  .describe('an IP address (10.20.0.15) or a network in CIDR form (10.20.0.0/24)');

/** `POST /api/hl7-senders`. */
export const Hl7SenderCreateBodySchema = z.strictObject({
  siteId: z.uuid(),
  name: z.string().trim().min(1).max(100),
  address: Hl7SenderAddressSchema,
});
export type Hl7SenderCreateBody = z.infer<typeof Hl7SenderCreateBodySchema>;

/** A listed sender. */
export const Hl7SenderSchema = z.object({
  id: z.uuid(),
  siteId: z.uuid(),
  name: z.string(),
  address: z.string(),
  createdAt: IsoInstant,
  revokedAt: /* @__PURE__ */ IsoInstant.nullable(),
});
export type Hl7Sender = z.infer<typeof Hl7SenderSchema>;

export const Hl7SenderListSchema = /* @__PURE__ */ itemsOf(Hl7SenderSchema).extend({
  /** The port the HL7 listener takes messages on, or null when it is off (KAIROS_HL7_PORT). */
  listenerPort: z.number().int().nullable(),
});
export type Hl7SenderList = z.infer<typeof Hl7SenderListSchema>;
