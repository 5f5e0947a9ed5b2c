/**
 * Platform routes: health, the local `kairos` command's routes.
 *
 * @module
 */
import { z } from 'zod';

/** `GET /api/health`. */
export const HealthSchema = z.object({
  status: z.literal('ok'),
  engine: z.enum(['pglite', 'postgres']),
  migration: z.string().nullable(),
  uptimeSeconds: z.number(),
  mode: z.enum(['demo', 'test', 'production']),
  time: z.string(),
  version: z.string(),
});
export type Health = z.infer<typeof HealthSchema>;

/** `GET /api/local/audit-verify` (the local `kairos audit verify`): the audit chain checked end to end. */
export const AuditVerifySchema = z.object({
  ok: z.boolean(),
  events: z.number(),
  firstBroken: z.object({ seq: z.string(), reason: z.string() }).optional(),
  /** The anchor outside the database the chain was checked against (KAIROS_AUDIT_ANCHOR_FILE's latest that holds). */
  anchor: z.object({ seq: z.string(), at: z.string(), ok: z.boolean(), reason: z.string().optional() }).optional(),
  /** Why the anchor file could not serve (unreadable, no anchor whose signature holds), and lines passed over as forged. */
  anchorFile: z.object({ path: z.string(), problem: z.string().optional(), refusedLines: z.number() }).optional(),
});
export type AuditVerify = z.infer<typeof AuditVerifySchema>;

/** `POST /api/local/demo` (the local `kairos demo`): what the demo clinic loaded. */
export const DemoLoadedSchema = z.object({ users: z.number(), patients: z.number() });
export type DemoLoaded = z.infer<typeof DemoLoadedSchema>;
