/**
 * The PHQ-9 and GAD-7 severity bands in words, the one table every page, letter and report reads
 * ("none-minimal" is never printed as it is stored).
 *
 * @module
 */
import type { Gad7Severity } from './gad7.js';
import type { Phq9Severity } from './phq9.js';

const SEVERITY_WORDS: Readonly<Record<Phq9Severity | Gad7Severity, string>> = Object.freeze({
  'none-minimal': 'none to minimal',
  minimal: 'minimal',
  mild: 'mild',
  moderate: 'moderate',
  'moderately-severe': 'moderately severe',
  severe: 'severe',
});

/** A severity band in words: "none-minimal" -> "none to minimal"; an unknown band with its hyphens as spaces. */
export function severityWords(severity: string): string {
  return (SEVERITY_WORDS as Readonly<Record<string, string>>)[severity] ?? severity.replace(/-/g, ' ');
}
