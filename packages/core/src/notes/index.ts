/**
 * Clinical notes: templates as data (intake assessment to continuing care plan), the pure check of
 * a note's content against its template, and the content's stored values (merge of changes, text
 * or lists of texts).
 *
 * @module notes
 */
export * from './templates.js';
export * from './check-content.js';
export * from './content-values.js';
