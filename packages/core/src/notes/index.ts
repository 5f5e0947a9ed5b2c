/**
 * Clinical notes: templates as data (intake assessment to continuing care plan) and the pure
 * check of a note's content against its template.
 *
 * @module notes
 */
export * from './templates.js';
export * from './check-content.js';
