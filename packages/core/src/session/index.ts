/**
 * The dosing session's pure rules: its state machine (states, steps, the steps open from a state),
 * the phase a reading falls in, the pump's course (running minutes without pauses, infused
 * volume capped at the bag, planned end) and the rate-change tolerance; the pre-dose checklist
 * judged on its facts.
 *
 * @module session
 */
export {
  checkRateChange,
  pumpEventsOf,
  trackInfusion,
  type InfusionProgress,
  type PumpEvent,
  type RateChangeCheck,
  type RecordedPumpEvent,
} from './infusion.js';
export {
  DOSING_ROUTES,
  DOSING_ROUTE_LABELS,
  GIVE_DOSE_LABELS,
  allowedStepsForRoute,
  isInfusionRoute,
  monitoringSpanOf,
  sessionsByRouteWords,
  stepForRoute,
  type DoseSpan,
  type DosingRoute,
} from './routes.js';
export { vitalsPhaseAt, type InfusionSpan } from './phase.js';
export { DOSING_SESSION_STATES, DOSING_SESSION_STEPS, SESSION_STEPS, allowedSteps, type SessionState, type SessionStep } from './steps.js';
export {
  assessChecklist,
  BLADDER_SYMPTOM_QUESTIONS,
  SESSION_RECHECKED_ITEMS,
  type BladderSymptoms,
  type MaintenanceChecklistItemId,
  type SessionRecheckedItem,
  type ChecklistContext,
  type ChecklistFacts,
  type ChecklistItem,
  type ChecklistItemId,
  type ChecklistItemStatus,
  type ChecklistResult,
} from './checklist.js';
export {
  INFUSION_OVERDUE_AFTER_PLANNED_MINUTES,
  OBSERVING_OVERDUE_HOURS,
  sessionOverdue,
  sessionOverdueRule,
  type SessionOverdueInput,
} from './overdue.js';
export {
  ALERT_KIND_PHASE_LABELS,
  ALERT_LEVEL_LABELS,
  SESSION_ALERT_KINDS,
  SESSION_STATE_LABELS,
  SESSION_STEP_LABELS,
  VITAL_SIGN_LABELS,
  type SessionAlertKindName,
} from './labels.js';
