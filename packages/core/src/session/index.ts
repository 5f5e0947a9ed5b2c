/**
 * The dosing session's pure rules: the pump's course (running minutes without pauses, infused
 * volume capped at the bag, planned end) and the rate-change tolerance; the pre-dose checklist
 * judged on its facts.
 *
 * @module session
 */
export { checkRateChange, trackInfusion, type InfusionProgress, type PumpEvent, type RateChangeCheck } from './infusion.js';
export {
  assessChecklist,
  SESSION_RECHECKED_ITEMS,
  type SessionRecheckedItem,
  type ChecklistContext,
  type ChecklistFacts,
  type ChecklistItem,
  type ChecklistItemId,
  type ChecklistItemStatus,
  type ChecklistResult,
} from './checklist.js';
