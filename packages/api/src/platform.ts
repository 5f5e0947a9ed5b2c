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
