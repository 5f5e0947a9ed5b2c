/**
 * Monitoring of a dosing session: vital-sign classification by phase, the monitoring schedule and
 * overdue items, the modified Aldrete score and discharge readiness. Every function is pure: time
 * is an argument (an ISO 8601 timestamp with zone, or epoch ms), never read from a clock.
 *
 * @module monitoring
 */
export type { Instant as MonitoringInstant } from '../calendar/instant.js';
export {
  FULL_SET_VITALS,
  PLAUSIBLE_READING_RULE_ID,
  VITAL_NAMES,
  checkReadingPlausibility,
  classifyVitals,
  isFullSet,
  vitalSignsRule,
  type AlertLevel,
  type FiredThreshold,
  type PhaseLevels,
  type ReadingIssue,
  type ThresholdComparator,
  type VitalCheck,
  type VitalName,
  type VitalSignsRuleInput,
  type VitalStatus,
  type VitalsClassification,
  type VitalsPhase,
  type VitalsReading,
} from './vital-signs.js';
export {
  EPISODE_REMINDER_MINUTES,
  EPISODE_WORSENING_STEP,
  alertEpisodeRule,
  decideEpisodes,
  episodeKey,
  episodeReminderDue,
  episodeSignals,
  isWorse,
  parameterOf,
  vitalsOf,
  type EpisodeDecision,
  type EpisodeDirection,
  type EpisodeParameter,
  type EpisodeValues,
  type EpisodeSignal,
  type OpenEpisode,
} from './alert-episodes.js';
export { assessPreDoseVitals, latestFullSet, type FoundFullSet, type PreDoseVitalsCheck, type TimedReading } from './full-set.js';
export {
  buildMonitoringSchedule,
  findOverdue,
  monitoringScheduleRule,
  overdueRule,
  type InfusionEnd,
  type MonitoringItem,
  type MonitoringKind,
  type MonitoringReason,
  type MonitoringRecord,
  type MonitoringSchedule,
  type MonitoringScheduleOptions,
  type MonitoringScheduleRuleInput,
  type OverdueItem,
  type OverdueRuleInput,
} from './schedule.js';
export {
  ALDRETE_ITEMS,
  MODIFIED_ALDRETE,
  MODIFIED_ALDRETE_SOURCES,
  scoreModifiedAldrete,
  type AldreteItem,
  type AldreteItemDefinition,
  type AldreteOption,
  type AldreteScores,
  type ModifiedAldreteResult,
} from './aldrete.js';
export {
  DISCHARGE_CONDITIONS,
  assessDischargeReadiness,
  dischargeReadinessRule,
  type DischargeCondition,
  type DischargeConditionId,
  type DischargeConditionStatus,
  type DischargeInput,
  type DischargeReadiness,
  type EscalationRecord,
} from './discharge.js';
export {
  validateVitalsSection,
  vitalsDefaults,
  type PlausibleRanges,
  type VitalStopThresholdSet,
  type VitalThresholdSet,
  type VitalsSection,
} from '../protocol-config/sections/vitals.js';
