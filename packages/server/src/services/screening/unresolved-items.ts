/**
 * What stays open in a screening assessment: the non-pass checks and holding interactions that no
 * override covers (core's rule over the overrides stored for the assessment), and the shapes of an
 * assessment's result these read.
 *
 * @module
 */
import type { ScreeningAssessment } from '@kairos/api';
import { unresolvedScreeningItems, type ScreeningResultItems } from '@kairos/core';
import type { Db } from '../../store/database.js';

/** What the unresolved items and the review holds read of an assessment: core's result as computed, or as stored. */
export type AssessmentItems = ScreeningResultItems;

/** An assessment's result as stored (core's result as JSON, with the rule ids); older ones lack the unrecognised medications. */
export type StoredAssessmentResult = Pick<ScreeningAssessment, 'decision' | 'checks' | 'interactions'> & {
  unrecognisedMedications?: string[];
};

/** The non-pass checks and holding interactions of an assessment that no override covers. */
export async function unresolvedItems(
  db: Db,
  assessmentId: string,
  result: AssessmentItems,
): Promise<{ unresolved: string[]; failing: string[] }> {
  const overrides = new Set(
    (await db.selectFrom('screening_override').select('check_id').where('assessment_id', '=', assessmentId).execute()).map(
      (o) => o.check_id,
    ),
  );
  return unresolvedScreeningItems(result, overrides);
}
