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
});
export type AuditVerify = z.infer<typeof AuditVerifySchema>;

/** `POST /api/local/demo` (the local `kairos demo`): what the demo clinic loaded. */
export const DemoLoadedSchema = z.object({ users: z.number(), patients: z.number() });
export type DemoLoaded = z.infer<typeof DemoLoadedSchema>;
