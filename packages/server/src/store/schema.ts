/**
 * The database schema as Kysely sees it. Kept in step with migrations/ by hand; the storage tests
 * write and read every table, so a drift fails there.
 *
 * @module
 */
import type { MessageKind, MessageState, NoteState, ScheduledEventState, SecondFactorState } from '@kairos/api';
import type {
  AdverseEventKind,
  AdverseEventSeverity,
  CareTeamRole,
  DosingSessionState,
  EnrollmentState,
  MedicationRoute,
  MedicationUnit,
  ReferralDocumentMediaType,
  ReferralSource,
  Role,
  Sex,
  Weekday,
} from '@kairos/api';
import type { DosingRoute, NoteTemplateId, PlannedInfusion, ProgramEventKind, ProgramRole, StockEntryKind } from '@kairos/core';
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T = unknown> = ColumnType<T, string, string>;

/** Facts about this installation: its id, when it was created, what the demo loader did. */
export interface KairosMetaTable {
  key: string;
  value: Json;
  updated_at: Generated<Date>;
}

export { WEEKDAYS, type Weekday } from '@kairos/api';

export interface SiteTable {
  id: Generated<string>;
  name: string;
  time_zone: Generated<string>;
  working_days: ColumnType<Weekday[], Weekday[] | undefined, Weekday[]>;
  closed_dates: ColumnType<string[], string[] | undefined, string[]>;
  settings: ColumnType<Record<string, unknown>, string | undefined, string>;
  synthetic: Generated<boolean>;
  created_at: Generated<Date>;
  /** The two-letter code of the US state the site is in (migration 0041): licences and DEA registrations count for it. */
  state: ColumnType<string | null, string | null | undefined, string | null>;
}

export { ROLES, type Role } from '@kairos/api';

export interface AppUserTable {
  id: Generated<string>;
  email: string;
  display_name: string;
  password_hash: string;
  roles: Role[];
  site_id: string | null;
  active: Generated<boolean>;
  synthetic: Generated<boolean>;
  /** Set when an administrator chose the password: its owner must choose their own before anything else. */
  password_change_required: Generated<boolean>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  /** The clinician's type 1 NPI (migration 0037). */
  npi: Generated<string | null>;
  /** The clinician's licence as a superbill names it (e.g. "NY LCSW 012345"). */
  licence: Generated<string | null>;
}

export interface UserSessionTable {
  token_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  idle_timeout_seconds: number;
  absolute_expires_at: Timestamp;
  client_address: string | null;
  revoked_at: Timestamp | null;
  /** `proved` at sign-in, `not-enrolled` (none set up, none required), `enrolment-required` (may only set one up). */
  second_factor: Generated<SecondFactorState>;
}

export interface UserSecondFactorTable {
  user_id: string;
  /** `v1:` + iv, tag and ciphertext (base64url) of the base32 TOTP secret, AES-256-GCM with the user id as associated data. */
  totp_secret_sealed: string;
  created_at: Timestamp;
  confirmed_at: Timestamp | null;
  /** The TOTP time step of the last code accepted (bigint: a string on pg, a number on PGlite). */
  last_time_step: ColumnType<string | number | null, number | null, number | null>;
}

export interface RecoveryCodeTable {
  id: Generated<string>;
  user_id: string;
  code_hash: string;
  created_at: Timestamp;
  used_at: Timestamp | null;
}

export interface SigninAttemptTable {
  id: Generated<string>;
  email_key: string;
  client_address: string;
  succeeded: boolean;
  while_locked: Generated<boolean>;
  at: Timestamp;
}

export interface PortalAttemptTable {
  id: Generated<string>;
  client_address: string;
  succeeded: boolean;
  while_blocked: Generated<boolean>;
  at: Timestamp;
}

export interface StepUpTable {
  token_hash: string;
  user_id: string;
  requested_by: string;
  purpose: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}

export { SEXES } from '@kairos/api';

export interface PatientTable {
  id: Generated<string>;
  site_id: string;
  mrn: string;
  given_name: string;
  family_name: string;
  birth_date: ColumnType<string, string, string>;
  sex: Generated<Sex>;
  phone: string | null;
  email: string | null;
  /** Postal address (one text, as the patient gives it); null when not recorded. */
  address: ColumnType<string | null, string | null | undefined, string | null>;
  synthetic: Generated<boolean>;
  escort: ColumnType<EscortContact | null, string | null | undefined, string | null>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface EscortContact {
  name: string;
  phone: string;
  relationship: string;
}

export { CARE_TEAM_ROLES, type CareTeamRole } from '@kairos/api';

export interface CareTeamMemberTable {
  patient_id: string;
  role: CareTeamRole;
  user_id: string;
}

export type AuditOutcome = 'allowed' | 'denied' | 'failed';

export interface AuditEventTable {
  seq: Generated<string>;
  at: Timestamp;
  user_id: string | null;
  user_roles: string[];
  action: string;
  record_type: string | null;
  record_id: string | null;
  patient_id: string | null;
  outcome: AuditOutcome;
  request_id: string | null;
  client_address: string | null;
  details: Json<Record<string, unknown>>;
  prev_hash: string;
  hash: string;
}

/** An audit event staged without the chain's lock, until the sealer chains it (migration 0020). */
export interface AuditPendingTable extends Omit<AuditEventTable, 'seq' | 'prev_hash' | 'hash'> {
  id: Generated<string>;
  mac: string;
}

export interface RoomTable {
  id: Generated<string>;
  site_id: string;
  name: string;
  active: Generated<boolean>;
  created_at: Generated<Date>;
}

export interface ChairTable {
  id: Generated<string>;
  room_id: string;
  name: string;
  active: Generated<boolean>;
  created_at: Generated<Date>;
}

export interface ProtocolChange {
  path: string;
  old: unknown;
  new: unknown;
}

export interface ProtocolVersionTable {
  site_id: string;
  version: number;
  overrides: Json<Record<string, { value: unknown; reason?: string }>>;
  changes: Json<ProtocolChange[]>;
  reason: string;
  created_at: Timestamp;
  created_by: string | null;
  signed_at: Timestamp | null;
  signed_by: string | null;
}

export const FACT_KINDS = ['diagnosis', 'condition', 'allergy', 'medication'] as const;
export type FactKind = (typeof FACT_KINDS)[number];

export interface PatientFactTable {
  id: Generated<string>;
  patient_id: string;
  kind: FactKind;
  data: Json<Record<string, unknown>>;
  recorded_at: Timestamp;
  recorded_by: string | null;
  retired_at: Timestamp | null;
  retired_by: string | null;
  retire_reason: string | null;
}

export interface PatientVitalsTable {
  id: Generated<string>;
  patient_id: string;
  measured_at: Timestamp;
  weight_kg: ColumnType<string | null, number | null | undefined, number | null>;
  systolic: number | null;
  diastolic: number | null;
  heart_rate: number | null;
  spo2: number | null;
  respiratory_rate: number | null;
  recorded_at: Timestamp;
  recorded_by: string | null;
}

export { ENROLLMENT_STATES, type EnrollmentState } from '@kairos/api';

export interface EnrollmentTable {
  id: Generated<string>;
  patient_id: string;
  site_id: string;
  program_template: string;
  state: EnrollmentState;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** When the course sweep last found no step due in follow-up (migration 0018). */
  course_checked_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

/** Migration 0024: the details of a referral (an enrollment), one row an enrollment; a part not recorded is null. */
export interface ReferralDetailTable {
  enrollment_id: string;
  source: ReferralSource | null;
  clinician_name: string | null;
  clinician_organisation: string | null;
  clinician_phone: string | null;
  clinician_email: string | null;
  reason: string | null;
  /** A calendar date, YYYY-MM-DD (dates are read as text: database.ts). */
  received_on: string | null;
  updated_at: Timestamp;
  updated_by: string | null;
}

/** Migration 0024: a document that came with a referral, its bytes in the row (read only to download it). */
export interface ReferralDocumentTable {
  id: Generated<string>;
  enrollment_id: string;
  file_name: string;
  media_type: ReferralDocumentMediaType;
  size_bytes: number;
  sha256: string;
  content: ColumnType<Uint8Array, Uint8Array, never>;
  uploaded_by: string;
  uploaded_at: Timestamp;
}

export interface EnrollmentTransitionTable {
  id: Generated<string>;
  enrollment_id: string;
  from_state: EnrollmentState | null;
  to_state: EnrollmentState;
  at: Timestamp;
  actor_id: string | null;
  reason: string | null;
  /** A transition the server took by itself: the rule (`id@version`) and the protocol version it ran under. */
  rule_ref: ColumnType<string | null, string | null | undefined, string | null>;
  protocol_version: ColumnType<number | null, number | null | undefined, number | null>;
}

export interface ScreeningInputTable {
  enrollment_id: string;
  data: Json<Record<string, unknown>>;
  updated_at: Timestamp;
  updated_by: string | null;
}

export interface ScreeningAssessmentTable {
  id: Generated<string>;
  /** Insertion order: the latest assessment is the one with the highest seq (times may tie). */
  seq: Generated<string>;
  enrollment_id: string;
  computed_at: Timestamp;
  as_of: ColumnType<string, string, string>;
  facts: Json<Record<string, unknown>>;
  result: Json<Record<string, unknown>>;
  decision: 'eligible' | 'ineligible' | 'needs-review';
  protocol_version: number;
  computed_by: string | null;
}

export interface ScreeningOverrideTable {
  id: Generated<string>;
  assessment_id: string;
  check_id: string;
  reason: string;
  by_user: string;
  at: Timestamp;
}

/** A review hold on an enrollment whose screening got worse after the decision. */
export interface ScreeningHoldTable {
  id: Generated<string>;
  enrollment_id: string;
  assessment_id: string;
  kind: 'needs-review' | 'absolute';
  reasons: Json<string[]>;
  created_at: Timestamp;
  released_at: Timestamp | null;
  released_by: string | null;
  release_reason: string | null;
}

export interface ScreeningDecisionTable {
  id: Generated<string>;
  enrollment_id: string;
  assessment_id: string;
  outcome: 'eligible' | 'ineligible';
  reason: string | null;
  by_user: string;
  at: Timestamp;
}

export interface ConsentDocumentTable {
  id: Generated<string>;
  site_id: string;
  version: number;
  title: string;
  body: string;
  hash: string;
  created_at: Timestamp;
  created_by: string | null;
}

export interface ConsentSignatureTable {
  id: Generated<string>;
  enrollment_id: string;
  document_id: string;
  document_hash: string;
  typed_name: string;
  signed_at: Timestamp;
  client_address: string;
  channel: 'tablet' | 'portal';
  staff_user: string | null;
  /** Migration 0023: the staff member who confirmed a typed name that differs from the record, and why. */
  name_witnessed_by: ColumnType<string | null, string | null | undefined, string | null>;
  name_witness_reason: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface PortalAccessTable {
  id: Generated<string>;
  patient_id: string;
  token_hash: string;
  code_hash: string;
  created_at: Timestamp;
  created_by: string | null;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}

export interface PortalSessionTable {
  token_hash: string;
  patient_id: string;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
  revoked_at: Timestamp | null;
  /** A clinic tablet's session (kiosk): the staff member who handed the device over; null for a link or code. */
  kiosk_started_by: string | null;
  /** When the patient confirmed their date of birth on the tablet. */
  kiosk_confirmed_at: Timestamp | null;
  /** Wrong dates of birth typed on the tablet. */
  kiosk_failures: Generated<number>;
}

export interface CohortTable {
  id: Generated<string>;
  site_id: string;
  program_template: string;
  start_date: ColumnType<string, string, string>;
  state: Generated<'planned' | 'cancelled'>;
  cancel_reason: string | null;
  created_at: Timestamp;
  created_by: string | null;
}

export interface ScheduledEventTable {
  id: Generated<string>;
  cohort_id: string;
  enrollment_id: string;
  site_id: string;
  kind: ProgramEventKind;
  title: string;
  program_day: number;
  starts_at: Timestamp;
  ends_at: Timestamp;
  chair_id: string | null;
  room_id: string | null;
  infusion: Json<PlannedInfusion | null> | null;
  state: Generated<ScheduledEventState>;
  cancel_reason: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface EventStaffTable {
  event_id: string;
  user_id: string;
  role: ProgramRole;
  starts_at: Timestamp;
  ends_at: Timestamp;
}

export interface CalendarFeedTable {
  token_hash: string;
  user_id: string;
  created_at: Timestamp;
  revoked_at: Timestamp | null;
}

/** A dosing session's state: the contract's list (`DOSING_SESSION_STATES`). */
export type SessionState = DosingSessionState;

export interface DosingSessionTable {
  id: Generated<string>;
  event_id: string;
  enrollment_id: string;
  patient_id: string;
  site_id: string;
  state: SessionState;
  protocol_version: number | null;
  checklist: ColumnType<Record<string, unknown>, string | undefined, string>;
  pause_recommended: Generated<boolean>;
  infusion_started_at: Timestamp | null;
  infusion_ended_at: Timestamp | null;
  /** How the dose is given (migration 0042): the dose order's route, IV until one is ordered. */
  route: ColumnType<DosingRoute, DosingRoute | undefined, DosingRoute>;
  aldrete: Json<Record<string, number> | null> | null;
  /** The adult who takes the patient home, confirmed again at discharge: `{ name, by, at }`. */
  discharge_escort: Json<Record<string, unknown> | null> | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SessionTransitionTable {
  id: Generated<string>;
  session_id: string;
  from_state: SessionState;
  to_state: SessionState;
  at: Timestamp;
  actor_id: string | null;
  reason: string | null;
}

/** A bigint column: read as a decimal string (node-postgres), written as a bigint or its string. */
type BigIntColumn = ColumnType<string, bigint | string, never>;

/** The site's own DEA registration; the latest recorded is in force (issue 23). */
export interface SiteDeaRegistrationTable {
  id: Generated<string>;
  site_id: string;
  number: string;
  schedules: string[];
  expires_on: string;
  recorded_by: string;
  recorded_at: Timestamp;
}

/** A ketamine product a site stocks: strength and vial volume as on the label, NDC. */
export interface StockProductTable {
  id: Generated<string>;
  site_id: string;
  name: string;
  strength_mg_per_ml: number;
  vial_volume_ul: BigIntColumn;
  ndc: string;
  created_by: string;
  created_at: Timestamp;
}

/** A place stock is kept (the safe, a crash-cart box). */
export interface StockLocationTable {
  id: Generated<string>;
  site_id: string;
  name: string;
  created_by: string;
  created_at: Timestamp;
}

export interface StockLotTable {
  id: Generated<string>;
  site_id: string;
  product_id: string;
  lot_number: string;
  expires_on: string;
  created_at: Timestamp;
}

/** One movement of ketamine stock, append-only and hash-chained per site (migration 0027). */
export interface StockEntryTable {
  id: Generated<string>;
  site_id: string;
  seq: BigIntColumn;
  kind: StockEntryKind;
  lot_id: string;
  location_id: string;
  to_location_id: string | null;
  quantity_ug: BigIntColumn;
  quantity_ul: BigIntColumn;
  occurred_at: Timestamp;
  recorded_at: Timestamp;
  recorded_by: string;
  witnesses: ColumnType<string[], string[] | undefined, never>;
  session_id: string | null;
  dose_order_id: string | null;
  draw_id: string | null;
  reverses_id: string | null;
  reason: string | null;
  details: ColumnType<Record<string, unknown>, string | undefined, never>;
  prev_hash: string;
  hash: string;
}

/** An entry's change to the stock of one lot at one location. */
export interface StockEffectTable {
  entry_id: string;
  site_id: string;
  lot_id: string;
  location_id: string;
  delta_ug: BigIntColumn;
  delta_ul: BigIntColumn;
}

export interface StockCountTable {
  id: Generated<string>;
  site_id: string;
  kind: 'initial' | 'biennial' | 'ad-hoc';
  timing: 'opening' | 'close';
  taken_on: string;
  recorded_by: string;
  recorded_at: Timestamp;
}

export interface StockCountLineTable {
  id: Generated<string>;
  count_id: string;
  site_id: string;
  lot_id: string;
  location_id: string;
  counted_ug: BigIntColumn;
  counted_ul: BigIntColumn;
  ledger_ug: BigIntColumn;
  ledger_ul: BigIntColumn;
}

export interface StockCountResolutionTable {
  line_id: string;
  site_id: string;
  entry_id: string;
  reason: string;
  resolved_by: string;
  resolved_at: Timestamp;
}

export interface DoseOrderTable {
  id: Generated<string>;
  session_id: string;
  ordered_by: string;
  ordered_at: Timestamp;
  calculation: Json<Record<string, unknown>>;
  double_checked_by: string | null;
  double_checked_at: Timestamp | null;
}

export interface InfusionEventTable {
  id: Generated<string>;
  session_id: string;
  kind: 'start' | 'pause' | 'resume' | 'rate' | 'stop' | 'stop-corrected';
  at: Timestamp;
  actor_id: string | null;
  rate_ml_per_hour: ColumnType<string | null, number | null | undefined, number | null>;
  reason: string | null;
  /** Who approved a rate beyond the tolerance, whether a pause was for vital signs, a corrected stop's original time. */
  details: ColumnType<Record<string, unknown>, string | undefined, string>;
}

/** A medication given at the chair: a premedication, or the treatment of an adverse event. */
export interface SessionMedicationTable {
  id: Generated<string>;
  session_id: string;
  adverse_event_id: string | null;
  purpose: 'premedication' | 'treatment';
  drug: string;
  dose: ColumnType<string, number, number>;
  unit: MedicationUnit;
  route: MedicationRoute;
  given_at: Timestamp;
  given_by: string;
  recorded_by: string;
  recorded_at: Timestamp;
}

export interface VitalReadingTable {
  /** The reading's number (migration 0034: its FHIR Observations' ids); bigint, read back as a string. */
  id: Generated<string>;
  session_id: string;
  client_id: string;
  measured_at: Timestamp;
  systolic: number | null;
  diastolic: number | null;
  heart_rate: number | null;
  spo2: number | null;
  respiratory_rate: number | null;
  moaas: number | null;
  /** numeric(4,1): read back as a string. */
  temperature_c: string | number | null;
  /** The protocol version the reading was classified under. */
  protocol_version: number | null;
  source: 'manual' | 'device';
  phase: string;
  level: string;
  fired: Json<unknown[]>;
  received_at: Timestamp;
  recorded_by: string | null;
}

export interface SessionAlertTable {
  id: Generated<string>;
  session_id: string;
  kind: string;
  level: string;
  details: Json<Record<string, unknown>>;
  raised_at: Timestamp;
  acknowledged_by: string | null;
  acknowledged_at: Timestamp | null;
  note: string | null;
  /** When an unacknowledged escalation became an urgent task and a message. */
  escalated_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  /** The protocol version the alert was raised under (null for alerts older than 0009). */
  protocol_version: number | null;
  /** The rules behind the alert, `id@version` (e.g. `monitoring.vital-signs@2`). */
  rule_ids: Generated<string[]>;
  /** A vital-sign episode's parameter (`systolic:high`); null for other alerts and those stored before episodes. */
  episode_key: ColumnType<string | null, string | null | undefined, string | null>;
  /** When it last demanded attention: raised, worsened, escalated or reminded. */
  alerted_at: Timestamp;
  reminders: Generated<number>;
  /** When the parameter was measured within bounds again. */
  episode_ended_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  /** Closed with its session (discharged or aborted): in the record, no longer open. */
  closed_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

export interface DeviceTokenTable {
  token_hash: string;
  site_id: string;
  name: string;
  scope: 'vitals';
  created_by: string | null;
  created_at: Timestamp;
  revoked_at: Timestamp | null;
}

/** A site's billing identity (migration 0037). */
export interface SiteBillingTable {
  site_id: string;
  legal_name: string;
  address: string;
  tax_id: string;
  npi: string;
  place_of_service: string;
  updated_by: string | null;
  updated_at: Timestamp;
}

/** A service of a site's fee schedule (migration 0037); a fee not set yet is null. */
export interface FeeScheduleItemTable {
  id: Generated<string>;
  site_id: string;
  code: string;
  modifier: Generated<string>;
  description: string;
  fee_cents: ColumnType<string | null, bigint | string | null, bigint | string | null>;
  active: Generated<boolean>;
  updated_by: string | null;
  updated_at: Timestamp;
}

/** A finalised charge line, or the reversal of one (migration 0038). */
export interface ChargeLineTable {
  id: Generated<string>;
  site_id: string;
  patient_id: string;
  session_id: string | null;
  /** The signed note the line was billed from (migration 0039); null for a dosing session's line. */
  note_id: Generated<string | null>;
  service_date: ColumnType<string, string, never>;
  code: string;
  modifier: Generated<string>;
  description: string;
  units: number;
  fee_cents: ColumnType<string, bigint | string, never>;
  amount_cents: ColumnType<string, bigint | string, never>;
  ndc: string | null;
  drug_amount: ColumnType<string | null, number | string | null, never>;
  drug_unit: 'mg' | 'vial' | null;
  diagnoses: string[];
  rendering_user_id: string | null;
  rule: string | null;
  reverses_id: string | null;
  reason: string | null;
  finalised_by: string;
  finalised_at: Timestamp;
}

/** A patient's insurance as the superbill prints it (migration 0040). */
export interface PatientInsuranceTable {
  patient_id: string;
  insurer: string;
  member_id: string;
  group_number: string | null;
  updated_by: string;
  updated_at: Timestamp;
}

/** A staff member's licence, DEA registration, ACLS or BLS (migration 0041). */
export interface StaffCredentialTable {
  id: Generated<string>;
  user_id: string;
  kind: 'licence' | 'dea' | 'acls' | 'bls';
  licence_type: string | null;
  state: string | null;
  number: string | null;
  /** YYYY-MM-DD (a date column, read as text). */
  issued_on: ColumnType<string | null, string | null | undefined, string | null>;
  expires_on: string;
  document: Buffer | null;
  document_name: string | null;
  document_type: 'application/pdf' | 'image/png' | 'image/jpeg' | null;
  document_sha256: string | null;
  recorded_by: string;
  recorded_at: Timestamp;
  removed_by: string | null;
  removed_at: Timestamp | null;
  removed_reason: string | null;
}

/** A medical director's override of a credential lapse (migration 0041). */
export interface CredentialOverrideTable {
  id: Generated<string>;
  site_id: string;
  user_id: string;
  duty: 'iv-runner' | 'orderer' | 'therapist';
  event_id: string | null;
  session_id: string | null;
  on_date: string;
  lapses: ColumnType<string[], string, string>;
  rule: string;
  reason: string;
  decided_by: string;
  decided_at: Timestamp;
}

/** A payment recorded against a patient's charges (migration 0038). */
export interface PaymentTable {
  id: Generated<string>;
  site_id: string;
  patient_id: string;
  method: 'card' | 'cash' | 'check' | 'transfer' | 'other';
  paid_on: ColumnType<string, string, never>;
  amount_cents: ColumnType<string, bigint | string, never>;
  reference: string | null;
  recorded_by: string;
  recorded_at: Timestamp;
}

/** An address (or CIDR network) a site's monitors send HL7 v2 from (migration 0036). */
export interface Hl7SenderTable {
  id: Generated<string>;
  site_id: string;
  name: string;
  address: string;
  created_by: string | null;
  created_at: Timestamp;
  revoked_by: string | null;
  revoked_at: Timestamp | null;
}

export interface AdverseEventTable {
  id: Generated<string>;
  session_id: string;
  patient_id: string;
  kind: AdverseEventKind;
  description: string | null;
  severity: AdverseEventSeverity;
  serious: boolean;
  occurred_at: Timestamp;
  action_taken: string;
  reported_by: string;
  reported_at: Timestamp;
  reviewed_by: string | null;
  reviewed_at: Timestamp | null;
  review_note: string | null;
  resolved_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

/** One correction of a stored record (an adverse event, a staff-entered questionnaire's date): before and after, who, when, why. */
export interface RecordCorrectionTable {
  id: Generated<string>;
  record_type: 'adverse_event' | 'questionnaire_response';
  record_id: string;
  patient_id: string;
  before: Json<Record<string, unknown>>;
  after: Json<Record<string, unknown>>;
  reason: string;
  corrected_by: string;
  corrected_at: Timestamp;
}

/** One emergency access ("break the glass"): who, to which patient, why, until when, and its review. */
export interface EmergencyAccessTable {
  id: Generated<string>;
  site_id: string;
  patient_id: string;
  user_id: string;
  reason: string;
  opened_at: Timestamp;
  expires_at: Timestamp;
  reviewed_by: string | null;
  reviewed_at: Timestamp | null;
  review_note: string | null;
}

export interface LiveEventTable {
  seq: Generated<string>;
  site_id: string;
  session_id: string | null;
  type: string;
  payload: Json<Record<string, unknown>>;
  at: Timestamp;
}

export const QUESTIONNAIRE_INSTRUMENTS = ['pcl5-month', 'pcl5-week', 'phq9', 'gad7', 'cssrs', 'cadss6'] as const;
export type QuestionnaireInstrument = (typeof QUESTIONNAIRE_INSTRUMENTS)[number];

export interface QuestionnaireResponseTable {
  id: Generated<string>;
  patient_id: string;
  enrollment_id: string | null;
  session_id: string | null;
  instrument: QuestionnaireInstrument;
  instrument_version: string;
  answers: Json<unknown>;
  score: Json<Record<string, unknown>>;
  total: number | null;
  due_date: ColumnType<string | null, string | null | undefined, string | null>;
  completed_at: Timestamp;
  channel: 'staff' | 'portal';
  entered_by: string | null;
  created_at: Timestamp;
}

export interface QuestionnaireDraftTable {
  patient_id: string;
  task_key: string;
  answers: Json<unknown>;
  updated_at: Timestamp;
}

export interface ClinicalTaskTable {
  id: Generated<string>;
  patient_id: string;
  site_id: string;
  kind: 'risk-follow-up' | 'unacknowledged-escalation' | 'screening-review' | 'consider-maintenance';
  /** `routine`: a decision to take, not a call today (consider maintenance, 0030). */
  urgency: 'same-day' | 'urgent' | 'routine';
  reason: string;
  details: Json<Record<string, unknown>>;
  source_response_id: string | null;
  /** The alert an unacknowledged escalation came from (one task per alert). */
  source_alert_id: ColumnType<string | null, string | null | undefined, string | null>;
  assignees: string[];
  due_date: ColumnType<string, string, string>;
  created_at: Timestamp;
  completed_at: Timestamp | null;
  completed_by: string | null;
  outcome_note: string | null;
}

export interface JournalEntryTable {
  id: Generated<string>;
  patient_id: string;
  body: string;
  shared_at: Timestamp | null;
  created_at: Timestamp;
}

export interface SiteContentTable {
  site_id: string;
  key: string;
  body: string;
  updated_at: Timestamp;
  updated_by: string | null;
}

export interface ClinicalNoteTable {
  id: Generated<string>;
  patient_id: string;
  enrollment_id: string | null;
  session_id: string | null;
  template: NoteTemplateId;
  template_version: string;
  content: Json<Record<string, unknown>>;
  state: NoteState;
  created_by: string;
  created_at: Timestamp;
  updated_at: Timestamp;
  signed_by: string | null;
  signed_at: Timestamp | null;
  content_hash: string | null;
}

export interface NoteAmendmentTable {
  id: Generated<string>;
  note_id: string;
  body: string;
  reason: string;
  by_user: string;
  at: Timestamp;
  content_hash: string;
}

export { MESSAGE_KINDS, type MessageKind } from '@kairos/api';

export interface MessageTable {
  id: Generated<string>;
  patient_id: string;
  site_id: string;
  kind: MessageKind;
  dedupe_key: string;
  to_address: string;
  subject: string;
  body: string;
  message_id: string;
  state: MessageState;
  attempts: Generated<number>;
  next_attempt_at: Timestamp;
  last_error: string | null;
  created_at: Timestamp;
  sent_at: Timestamp | null;
}

/** A FHIR Bulk Data export asked for (0035): its request, state and the patients its files hold. */
export interface FhirExportTable {
  id: Generated<string>;
  site_id: string;
  requested_by: string;
  level: 'system' | 'patient' | 'group';
  group_id: string | null;
  types: string[];
  since: Date | null;
  request_url: string;
  state: 'in-progress' | 'complete' | 'failed' | 'cancelled' | 'expired';
  progress: string | null;
  error: string | null;
  transaction_time: Date;
  created_at: Date;
  updated_at: Date;
  completed_at: Date | null;
  expires_at: Date | null;
  patient_ids: ColumnType<string[], string[] | undefined, string[]>;
}

/** A part of an export's NDJSON file of one resource type (0035). */
export interface FhirExportPartTable {
  export_id: string;
  resource_type: string;
  part: number;
  resources: number;
  ndjson: string;
}

export interface Database {
  questionnaire_response: QuestionnaireResponseTable;
  questionnaire_draft: QuestionnaireDraftTable;
  clinical_task: ClinicalTaskTable;
  screening_hold: ScreeningHoldTable;
  journal_entry: JournalEntryTable;
  site_content: SiteContentTable;
  clinical_note: ClinicalNoteTable;
  note_amendment: NoteAmendmentTable;
  message: MessageTable;
  adverse_event: AdverseEventTable;
  emergency_access: EmergencyAccessTable;
  live_event: LiveEventTable;
  dosing_session: DosingSessionTable;
  session_transition: SessionTransitionTable;
  dose_order: DoseOrderTable;
  site_dea_registration: SiteDeaRegistrationTable;
  stock_product: StockProductTable;
  stock_location: StockLocationTable;
  stock_lot: StockLotTable;
  stock_entry: StockEntryTable;
  stock_effect: StockEffectTable;
  stock_count: StockCountTable;
  stock_count_line: StockCountLineTable;
  stock_count_resolution: StockCountResolutionTable;
  infusion_event: InfusionEventTable;
  session_medication: SessionMedicationTable;
  vital_reading: VitalReadingTable;
  session_alert: SessionAlertTable;
  device_token: DeviceTokenTable;
  cohort: CohortTable;
  scheduled_event: ScheduledEventTable;
  event_staff: EventStaffTable;
  calendar_feed: CalendarFeedTable;
  room: RoomTable;
  chair: ChairTable;
  protocol_version: ProtocolVersionTable;
  patient_fact: PatientFactTable;
  patient_vitals: PatientVitalsTable;
  enrollment: EnrollmentTable;
  enrollment_transition: EnrollmentTransitionTable;
  referral_detail: ReferralDetailTable;
  referral_document: ReferralDocumentTable;
  record_correction: RecordCorrectionTable;
  screening_input: ScreeningInputTable;
  screening_assessment: ScreeningAssessmentTable;
  screening_override: ScreeningOverrideTable;
  screening_decision: ScreeningDecisionTable;
  consent_document: ConsentDocumentTable;
  consent_signature: ConsentSignatureTable;
  portal_access: PortalAccessTable;
  portal_session: PortalSessionTable;
  kairos_meta: KairosMetaTable;
  site: SiteTable;
  app_user: AppUserTable;
  staff_credential: StaffCredentialTable;
  credential_override: CredentialOverrideTable;
  user_session: UserSessionTable;
  user_second_factor: UserSecondFactorTable;
  recovery_code: RecoveryCodeTable;
  signin_attempt: SigninAttemptTable;
  portal_attempt: PortalAttemptTable;
  step_up: StepUpTable;
  patient: PatientTable;
  care_team_member: CareTeamMemberTable;
  audit_event: AuditEventTable;
  audit_pending: AuditPendingTable;
  fhir_export: FhirExportTable;
  hl7_sender: Hl7SenderTable;
  site_billing: SiteBillingTable;
  fee_schedule_item: FeeScheduleItemTable;
  charge_line: ChargeLineTable;
  payment: PaymentTable;
  patient_insurance: PatientInsuranceTable;
  fhir_export_part: FhirExportPartTable;
}
