/**
 * Reusable cross-field checks for protocol-configuration sections (`validate<Name>Section`):
 * ascending thresholds and ordered, non-overlapping bands.
 *
 * @module
 */
import { configIssue, type ConfigIssue } from './issues.js';

/** A named number to check, with the path reported when it is wrong. */
export interface PathValue {
  readonly path: string;
  readonly value: number;
}

/**
 * Checks that the values rise strictly along the list (e.g. warning SBP < pause SBP).
 * Each value not above its predecessor gives one issue at its own path.
 */
export function checkAscending(entries: readonly PathValue[]): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  for (let i = 1; i < entries.length; i++) {
    const prev = entries[i - 1];
    const cur = entries[i];
    if (prev === undefined || cur === undefined) continue;
    if (!(cur.value > prev.value)) {
      issues.push(configIssue(cur.path, `${cur.value} must be above ${prev.path} (${prev.value})`));
    }
  }
  return issues;
}

/**
 * Checks that the values fall strictly along the list (e.g. SpO2 warning 94 > pause 92).
 * Each value not below its predecessor gives one issue at its own path.
 */
export function checkDescending(entries: readonly PathValue[]): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  for (let i = 1; i < entries.length; i++) {
    const prev = entries[i - 1];
    const cur = entries[i];
    if (prev === undefined || cur === undefined) continue;
    if (!(cur.value < prev.value)) {
      issues.push(configIssue(cur.path, `${cur.value} must be below ${prev.path} (${prev.value})`));
    }
  }
  return issues;
}

/** An inclusive band [low, high] to check, with the path reported when it is wrong. */
export interface Band {
  readonly path: string;
  readonly low: number;
  readonly high: number;
}

/**
 * Checks bands listed in ascending order: each band has low <= high, and each starts above the
 * end of the previous one (ordered, non-overlapping; inclusive bounds). With `contiguous`, each
 * band must start exactly `step` (default 1) after the previous one ends: no gap.
 */
export function checkBands(bands: readonly Band[], options: { contiguous?: boolean; step?: number } = {}): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const step = options.step ?? 1;
  bands.forEach((band, i) => {
    if (!(band.low <= band.high)) {
      issues.push(configIssue(band.path, `band ${band.low} to ${band.high}: the low bound is above the high bound`));
    }
    const prev = i === 0 ? undefined : bands[i - 1];
    if (prev === undefined) return;
    if (!(band.low > prev.high)) {
      issues.push(
        configIssue(band.path, `band ${band.low} to ${band.high} overlaps or precedes ${prev.path} (${prev.low} to ${prev.high})`),
      );
    } else if (options.contiguous === true && band.low !== prev.high + step) {
      issues.push(configIssue(band.path, `band ${band.low} to ${band.high} leaves a gap after ${prev.path} (${prev.low} to ${prev.high})`));
    }
  });
  return issues;
}
