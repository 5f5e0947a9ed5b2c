/**
 * The error every `/api` route answers with a 4xx or 5xx: `{ error: { code, message, details } }`.
 * A 500 carries only the request id in its details, never a stack trace or patient data.
 *
 * @module
 */
import { z } from 'zod';

export const ApiErrorBodySchema = z.object({
  error: z.object({
    /** A stable code (`VALIDATION_FAILED`, `NOT_FOUND`, `STEP_UP_REQUIRED`...). */
    code: z.string(),
    /** Plain words for the person at the screen. */
    message: z.string(),
    /** What the code needs: for VALIDATION_FAILED `{ issues: [{ field, message }] }`. */
    details: z.record(z.string(), z.unknown()).optional(),
  }),
});
export type ApiErrorBody = z.infer<typeof ApiErrorBodySchema>;

/** One field-level problem of a 400 VALIDATION_FAILED. */
export const FieldIssueSchema = z.object({ field: z.string(), message: z.string() });
export type FieldIssue = z.infer<typeof FieldIssueSchema>;
