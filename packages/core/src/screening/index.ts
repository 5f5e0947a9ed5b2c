/**
 * Screening: eligibility rules (facts in, decision out, one check per rule) and medication
 * interactions with ketamine. Also re-exports the `screening`, `medications` and `preDose`
 * protocol-configuration sections these rules read, the enrollment state machine, and what stays
 * open or got worse in an assessment.
 *
 * @module screening
 */
export { assessEligibility, type EligibilityAssessment, type ScreeningDecision } from './assess-eligibility.js';
export { checkLabel, holdReasonText, interactionClassLabel } from './check-labels.js';
export { CONDITION_ICD10_CM, conditionIcd10Cm, ICD10_CM_SOURCE, ICD10_CM_TEXT, icd10CmText } from './icd10-cm.js';
export {
  ScreeningInputError,
  validateScreeningFacts,
  type AllergyRecord,
  type MedicationRecord,
  type ScreeningCondition,
  type ScreeningFacts,
  type ScreeningPlausibilityConfig,
  type ScreeningVitals,
} from './facts.js';
export {
  KETAMINE_ALLERGY_SUBSTANCES,
  SCREENING_RULES,
  ageRule,
  bloodPressureRule,
  contraindicationRules,
  diagnosisRule,
  isKetamineSubstance,
  medicationsRule,
  normalizeIcd10Code,
  priorTreatmentRule,
  requiredItemRules,
  unrecognisedMedicationsRule,
  type CheckOutcome,
  type ScreeningCheck,
  type ScreeningConfig,
  type ScreeningEvaluate,
} from './rules.js';
export {
  findMedicationInteractions,
  medicationInteractionsRule,
  recognizeMedication,
  type BenzodiazepineLoad,
  type MedicationInteraction,
  type MedicationInteractionConfig,
  type MedicationInteractionResult,
} from './medication-interactions.js';
export {
  CONDITION_CODES,
  MONITORING_CONDITION_CODES,
  REQUIRED_ITEM_IDS,
  screeningDefaults,
  validateScreeningSection,
  type ConditionCode,
  type ContraindicationEffect,
  type MonitoringConditionCode,
  type RequiredItemId,
  type RequiredWhen,
  type ScreeningSection,
} from '../protocol-config/sections/screening.js';
export {
  INTERACTION_SEVERITIES,
  MATCHED_INTERACTION_CLASSES,
  medicationsDefaults,
  validateMedicationsSection,
  type InteractionClass,
  type InteractionClassDefinition,
  type InteractionSeverity,
  type KnownMedication,
  type MatchedInteractionClass,
  type MedicationsSection,
} from '../protocol-config/sections/medications.js';
export {
  ENROLLMENT_STATES,
  ENROLLMENT_STATE_LABELS,
  ENROLLMENT_STEPS,
  allowedEnrollmentSteps,
  checkEnrollmentStep,
  type EnrollmentState,
  type EnrollmentStep,
  type EnrollmentStepCheck,
} from './enrollment-steps.js';
export {
  dueEnrollmentStep,
  enrollmentCourseRule,
  lastFollowUpWindowEnd,
  type CourseEvent,
  type DueEnrollmentStep,
  type EnrollmentCourseFacts,
} from './enrollment-course.js';
export {
  screeningItemRanks,
  unresolvedScreeningItems,
  worsenedScreening,
  type ReviewHoldKind,
  type ScreeningResultItems,
} from './screening-items.js';
export { preDoseDefaults, validatePreDoseSection, type PreDoseSection } from '../protocol-config/sections/pre-dose.js';
