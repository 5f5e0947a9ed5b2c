/**
 * The shape every monitoring rule exports: identification and sources as data, plus a pure
 * `evaluate` function (design.md convention 2).
 *
 * @module monitoring/rule
 */
import type { CitationKey } from '../protocol-config/citations.js';

/** A monitoring rule: id, version, title, sources and a pure evaluate function. */
export interface MonitoringRule<E extends (...args: never[]) => unknown> {
  /** Stable id, e.g. `monitoring.vital-signs`. */
  readonly id: string;
  /** Bumped whenever the rule's behaviour changes. */
  readonly version: string;
  readonly title: string;
  /** Published sources of the rule (keys of the citations registry); its numbers carry their own provenance. */
  readonly sources: readonly CitationKey[];
  /** The pure rule: time, when needed, is an argument. */
  readonly evaluate: E;
}

/** Builds a frozen {@link MonitoringRule}. */
export function defineMonitoringRule<E extends (...args: never[]) => unknown>(rule: MonitoringRule<E>): MonitoringRule<E> {
  return Object.freeze({ ...rule, sources: Object.freeze([...rule.sources]) });
}
