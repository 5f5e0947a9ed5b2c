/**
 * Outcomes: PCL-5 change from baseline, response, reliable improvement, remission, responder
 * status and loss of response, cohort statistics per time point, the Kaplan-Meier estimate of
 * time to loss of response, and the program's outcomes over a site's courses.
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
export {
  PROGRAM_TIME_POINTS,
  aggregateProgramFacts,
  benchmarkCitation,
  evaluateProgramCourse,
  programSummaryMethod,
  programTimePointsOf,
  summarizeProgramAggregates,
  summarizeProgramOutcomes,
  wilsonInterval,
  wilsonIntervalMethod,
  type ProgramAdverseEventCount,
  type ProgramAggregates,
  type ProgramCompleteness,
  type ProgramCourseFacts,
  type ProgramCourseInput,
  type ProgramCourseTask,
  type ProgramCourseValue,
  type ProgramFlowCount,
  type ProgramSafetyAggregates,
  type ProgramDurability,
  type ProgramFlow,
  type ProgramInstrument,
  type ProgramInterval,
  type ProgramMean,
  type ProgramOutcomesConfig,
  type ProgramOutcomesSummary,
  type ProgramRate,
  type ProgramRateId,
  type ProgramResponse,
  type ProgramSafety,
  type ProgramSessionInput,
  type ProgramSurvivalPoint,
  type ProgramTimePoint,
} from './program.js';
export { durabilityPlot, type DurabilityCensorMark, type DurabilityPlot, type DurabilityPlotPoint } from './program-curve.js';
export {
  KAIR_PCL5_BENCHMARKS,
  PROGRAM_CI_WORDS,
  PROGRAM_INSTRUMENT_LABELS,
  PROGRAM_RATE_IDS,
  PROGRAM_RATE_LABELS,
  PROGRAM_TIME_POINT_LABELS,
  benchmarkValueText,
  kairMeans,
  programCiWords,
  programLevelText,
  programWords,
  suppressedText,
  type ProgramRateFigures,
  type ProgramWordMarks,
  type ProgramWords,
} from './program-words.js';
export {
  outcomeBenchmarks,
  outcomesDefaults,
  validateOutcomesSection,
  type OutcomeBenchmark,
  type OutcomesSection,
} from '../protocol-config/sections/outcomes.js';
