/**
 * The 400 of a note's content that cannot be stored.
 *
 * @module
 */
import type { NoteContentProblem } from '@kairos/core';
import { AppError } from '../../../errors.js';

/** A 400 naming each field of the content that cannot be stored (`body.content.<field>`). */
export function contentProblems(problems: readonly NoteContentProblem[]): AppError {
  const issues = problems.map((p) => ({ field: `body.content.${p.field}`, message: p.message }));
  return new AppError('VALIDATION_FAILED', issues.map((i) => `${i.field}: ${i.message}`).join('; '), { issues });
}
