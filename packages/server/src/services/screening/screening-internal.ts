/**
 * Shared by the screening use cases of this folder: the saved screening form, who causes a
 * recomputation, and the enrollment states screening works on.
 *
 * @module
 */
import {
  ACTIVE_ENROLLMENT_STATES,
  CLEARED_ENROLLMENT_STATES,
  ScreeningInputSchema,
  type EnrollmentState,
  type ScreeningInput,
} from '@kairos/api';
import type { Db } from '../../store/database.js';

export const EMPTY_INPUT: ScreeningInput = ScreeningInputSchema.parse({});

export async function inputOf(db: Db, enrollmentId: string): Promise<ScreeningInput> {
  const row = await db.selectFrom('screening_input').select('data').where('enrollment_id', '=', enrollmentId).executeTakeFirst();
  const parsed = ScreeningInputSchema.safeParse(row?.data ?? {});
  return parsed.success ? parsed.data : EMPTY_INPUT;
}

/** Who caused a recomputation: a staff user, or the patient through the portal (no user). */
export interface Causer {
  userId: string | null;
  roles: readonly string[];
}

/** Enrollments whose screening is recomputed when a fact changes. */
export const ACTIVE_STATES: readonly EnrollmentState[] = ACTIVE_ENROLLMENT_STATES;

/** States the patient reached through a decision of eligibility: a worse screening holds them for review. */
export const CLEARED_STATES: readonly EnrollmentState[] = CLEARED_ENROLLMENT_STATES;
