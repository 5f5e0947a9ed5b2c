/**
 * Use case: the note templates as the API shows them (current versions).
 *
 * @module
 */
import { NOTE_TEMPLATES } from '@kairos/core';

/** The templates as the API shows them (current versions). */
export function noteTemplates() {
  return { items: NOTE_TEMPLATES };
}
