/**
 * The one rule shape of core: {@link Rule}, {@link defineRule} and {@link ruleRef}.
 *
 * @module rules
 */
export { defineRule, ruleRef, type Rule, type RuleEvaluate } from './rule.js';
