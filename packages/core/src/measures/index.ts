/**
 * Measurement-based care: questionnaire tasks from an enrollment's measurement schedule and the
 * suicide risk routing of scored responses.
 *
 * @module measures
 */
export * from './risk-routing.js';
export * from './measurement-tasks.js';
