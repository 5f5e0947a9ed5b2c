/**
 * The one shape of every clinical rule in core (design.md convention 2): data (a stable id, a
 * version, a title, its sources) plus a pure `evaluate` function. Time, when a rule needs it,
 * arrives as an argument; the site's protocol configuration too.
 *
 * A rule's title says what it checks in words and carries no site-settable number: the numbers
 * live in the protocol configuration, and a rule's message takes them from the configuration
 * passed at evaluation. A stored decision records the rules behind it as {@link ruleRef}s
 * (`id@version`); the version is bumped whenever the rule's behaviour changes.
 *
 * @module rules/rule
 */
import type { Provenance } from '../protocol-config/provenance.js';

/** Any pure evaluate function (the parameters differ by rule: facts, configuration, time). */
export type RuleEvaluate = (...args: never[]) => unknown;

/** A clinical rule: id, version, title, sources and a pure evaluate function. */
export interface Rule<E extends RuleEvaluate = RuleEvaluate> {
  /** Stable id, e.g. `diagnosis`, `iv-dose`, `monitoring.vital-signs`. */
  readonly id: string;
  /** Version of the rule's behaviour: a whole number as a string (`'1'`, `'2'`), bumped on every change. */
  readonly version: string;
  /** What the rule checks or computes, in words; never a site-settable number. */
  readonly title: string;
  /** Where the rule and its default numbers come from (each number carries its own provenance too). */
  readonly sources: readonly Provenance[];
  /** The pure rule. */
  readonly evaluate: E;
}

const VERSION = /^[1-9]\d*$/;

/**
 * Builds a frozen {@link Rule} (its sources frozen too).
 * @throws RangeError when the id or title is empty or the version is not a whole number >= 1.
 */
export function defineRule<E extends RuleEvaluate>(rule: Rule<E>): Rule<E> {
  if (rule.id.trim() === '') throw new RangeError('a rule needs an id');
  if (!VERSION.test(rule.version)) throw new RangeError(`rule ${rule.id}: version "${rule.version}" must be a whole number >= 1`);
  if (rule.title.trim() === '') throw new RangeError(`rule ${rule.id}: a title is required`);
  return Object.freeze({
    id: rule.id,
    version: rule.version,
    title: rule.title,
    sources: Object.freeze([...rule.sources]),
    evaluate: rule.evaluate,
  });
}

/** The reference a stored decision records for a rule: `${id}@${version}`, e.g. `diagnosis@2`. */
export function ruleRef(rule: Pick<Rule, 'id' | 'version'>): string {
  return `${rule.id}@${rule.version}`;
}
