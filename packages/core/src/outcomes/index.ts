/**
 * Outcomes: PCL-5 change from baseline, response, reliable improvement, remission, responder
 * status and loss of response, cohort statistics per time point, and the Kaplan-Meier estimate of
 * time to loss of response.
 *
 * @module outcomes
 */
export {
  assessPcl5Outcome,
  assessReliableImprovement,
  assessRemission,
  assessResponse,
  changeFromBaseline,
  formatPercent,
  meetsReductionPercent,
  reliableImprovementRule,
  remissionRule,
  responseRule,
  type ChangeFromBaseline,
  type OutcomeRuleConfig,
  type OutcomeRuleResult,
  type Pcl5Comparison,
  type Pcl5Outcome,
} from './change.js';
export {
  assessLossOfResponse,
  collectLossOfResponseDurations,
  lossOfResponseRule,
  type AssessedPcl5,
  type CourseOutcomeInput,
  type DatedPcl5Total,
  type LossOfResponseAssessment,
} from './loss-of-response.js';
export {
  cohortStatisticsMethod,
  regularizedIncompleteBeta,
  standardNormalQuantile,
  studentTQuantile,
  summarizeCohortByTimePoint,
  summarizeSample,
  type SampleSummary,
  type TimePointSummary,
  type TimePointValue,
} from './statistics.js';
export {
  estimateKaplanMeier,
  kaplanMeierMethod,
  type KaplanMeierEstimate,
  type KaplanMeierPoint,
  type SurvivalDuration,
} from './kaplan-meier.js';
