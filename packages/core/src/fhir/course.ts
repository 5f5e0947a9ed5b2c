/**
 * Pure mappers of a patient's course to FHIR R4:
 * - an enrollment (a referral into a program) becomes an EpisodeOfCare, typed by its program
 *   template, its status from the enrollment's state, its period from the referral to the end;
 * - each event of a booked course (`scheduled_event`) becomes an Encounter (class AMB), typed by
 *   the event's kind, at its room or chair, with the staff booked to it, in its EpisodeOfCare;
 * - a cohort (a program started on one day for several patients) becomes a Group of persons;
 * - a patient's recorded diagnoses (ICD-10-CM, SNOMED CT beside the PTSD codes) and conditions
 *   (Kairos's condition codes) become Conditions of the problem list;
 * - a consent signature becomes a Consent to treatment, naming the document signed.
 *
 * Ids are the records' own (uuids). Nothing here reads a database or a clock: the time an
 * Encounter's status depends on is given.
 *
 * @module
 */
import type { Condition, Consent, Encounter, EpisodeOfCare, Group } from '@medplum/fhirtypes';
import { findProgramTemplate, type ProgramEventKind, type ProgramRole } from '../protocols/templates.js';
import { ICD10_CM_TEXT } from '../screening/icd10-cm.js';
import { normalizeIcd10Code } from '../screening/rules.js';
import type { EnrollmentState } from '../screening/enrollment-steps.js';
import { metaOf } from './administrative.js';
import { FHIR_SYSTEMS, PTSD_SNOMED, kairosCoding } from './terminology.js';

/** FHIR R4's own code systems used by the course resources. */
export const COURSE_SYSTEMS = Object.freeze({
  actCode: 'http://terminology.hl7.org/CodeSystem/v3-ActCode',
  conditionCategory: 'http://terminology.hl7.org/CodeSystem/condition-category',
  conditionClinical: 'http://terminology.hl7.org/CodeSystem/condition-clinical',
  consentScope: 'http://terminology.hl7.org/CodeSystem/consentscope',
});

// ---- EpisodeOfCare ----

/** An EpisodeOfCare's status. */
export type EpisodeStatus = NonNullable<EpisodeOfCare['status']>;

/**
 * The EpisodeOfCare status of each enrollment state: before treatment starts the episode is
 * planned; in treatment and follow-up, active; completed, finished; found ineligible or withdrawn,
 * cancelled.
 */
export const EPISODE_STATUS_OF: Readonly<Record<EnrollmentState, EpisodeStatus>> = Object.freeze({
  referred: 'planned',
  screening: 'planned',
  eligible: 'planned',
  scheduled: 'planned',
  'in-treatment': 'active',
  'follow-up': 'active',
  completed: 'finished',
  ineligible: 'cancelled',
  withdrawn: 'cancelled',
});

/** The enrollment states whose episode has ended (its period has an end). */
export const ENDED_ENROLLMENT_STATES: readonly EnrollmentState[] = Object.freeze(['completed', 'ineligible', 'withdrawn']);

/** A program template's coding (Kairos-local `program-template`: the template's id and title). */
export function programTemplateCoding(templateId: string): { system: string; code: string; display: string } {
  return kairosCoding('program-template', templateId, findProgramTemplate(templateId)?.title ?? templateId);
}

/** An enrollment as stored. */
export interface EnrollmentRecord {
  id: string;
  patientId: string;
  siteId: string;
  programTemplate: string;
  state: EnrollmentState;
  /** When the patient was referred (the episode's start). */
  createdAt: Date;
  updatedAt: Date;
  /** When the enrollment reached its current state, when that state ended it (completed, ineligible, withdrawn). */
  endedAt: Date | null;
  synthetic: boolean;
}

/** An enrollment as a FHIR EpisodeOfCare: the patient, the program template as type, status, period, the site. */
export function toFhirEpisodeOfCare(e: EnrollmentRecord): EpisodeOfCare {
  const template = programTemplateCoding(e.programTemplate);
  const end = ENDED_ENROLLMENT_STATES.includes(e.state) ? (e.endedAt ?? e.updatedAt) : null;
  return {
    resourceType: 'EpisodeOfCare',
    id: e.id,
    meta: metaOf(e.updatedAt, e.synthetic),
    status: EPISODE_STATUS_OF[e.state],
    type: [{ coding: [template], text: template.display }],
    patient: { reference: `Patient/${e.patientId}` },
    managingOrganization: { reference: `Organization/${e.siteId}` },
    period: { start: e.createdAt.toISOString(), ...(end === null ? {} : { end: end.toISOString() }) },
  };
}

// ---- Encounter ----

/** The words of each program event kind (Kairos-local `program-event`). */
export const PROGRAM_EVENT_WORDS: Readonly<Record<ProgramEventKind, string>> = Object.freeze({
  assessment: 'Assessment',
  preparation: 'Preparation session',
  intention: 'Intention check-in',
  dosing: 'Dosing session',
  integration: 'Integration therapy',
  review: 'Review and continuing care plan',
});

/** The words of each staff role of a program event (Kairos-local `program-role`). */
export const PROGRAM_ROLE_WORDS: Readonly<Record<ProgramRole, string>> = Object.freeze({
  prescriber: 'Prescriber',
  therapist: 'Therapist',
  'licensed-iv-runner': 'Licensed IV runner',
});

/** `Encounter.class`: every program event is ambulatory (v3 ActCode AMB). */
export const AMBULATORY_CLASS = Object.freeze({ system: COURSE_SYSTEMS.actCode, code: 'AMB', display: 'ambulatory' });

/** An Encounter's status. */
export type EncounterStatus = Encounter['status'];

/**
 * An event's Encounter status at `now`: cancelled when cancelled; else by its times: planned
 * before it starts, in-progress while it runs, finished after it ends (Kairos records no
 * attendance of its own for an event).
 */
export function encounterStatusOf(state: 'scheduled' | 'cancelled', startsAt: Date, endsAt: Date, now: Date): EncounterStatus {
  if (state === 'cancelled') return 'cancelled';
  if (now < startsAt) return 'planned';
  return now < endsAt ? 'in-progress' : 'finished';
}

/** A program event of a booked course, as stored, with the staff booked to it. */
export interface ProgramEventRecord {
  id: string;
  patientId: string;
  enrollmentId: string;
  cohortId: string;
  siteId: string;
  kind: ProgramEventKind;
  title: string;
  startsAt: Date;
  endsAt: Date;
  /** The treatment chair (dosing sessions) or the room (the other events); null when none was booked. */
  chairId: string | null;
  roomId: string | null;
  state: 'scheduled' | 'cancelled';
  cancelReason: string | null;
  staff: readonly { userId: string; role: ProgramRole; startsAt: Date; endsAt: Date }[];
  updatedAt: Date;
  synthetic: boolean;
}

/** A program event as a FHIR Encounter (class AMB), its status at `now`. */
export function toFhirEncounter(e: ProgramEventRecord, now: Date): Encounter {
  const kind = kairosCoding('program-event', e.kind, PROGRAM_EVENT_WORDS[e.kind]);
  const place = e.chairId ?? e.roomId;
  return {
    resourceType: 'Encounter',
    id: e.id,
    meta: metaOf(e.updatedAt, e.synthetic),
    status: encounterStatusOf(e.state, e.startsAt, e.endsAt, now),
    class: { ...AMBULATORY_CLASS },
    type: [{ coding: [kind], text: e.title }],
    subject: { reference: `Patient/${e.patientId}` },
    episodeOfCare: [{ reference: `EpisodeOfCare/${e.enrollmentId}` }],
    ...(e.staff.length === 0
      ? {}
      : {
          participant: e.staff.map((s) => ({
            type: [{ coding: [kairosCoding('program-role', s.role, PROGRAM_ROLE_WORDS[s.role])] }],
            period: { start: s.startsAt.toISOString(), end: s.endsAt.toISOString() },
            individual: { reference: `Practitioner/${s.userId}` },
          })),
        }),
    period: { start: e.startsAt.toISOString(), end: e.endsAt.toISOString() },
    ...(e.state === 'cancelled' && e.cancelReason !== null ? { reasonCode: [{ text: `Cancelled: ${e.cancelReason}` }] } : {}),
    ...(place === null ? {} : { location: [{ location: { reference: `Location/${place}` } }] }),
    serviceProvider: { reference: `Organization/${e.siteId}` },
  };
}

// ---- Group ----

/** A cohort as stored, with the members the reader may see. */
export interface CohortRecord {
  id: string;
  siteId: string;
  programTemplate: string;
  /** YYYY-MM-DD, the program's first day. */
  startDate: string;
  state: 'planned' | 'cancelled';
  /** The cohort in words (the JSON API's label: the program's title and first day). */
  label: string;
  /** The patients booked into it that the reader may see. */
  memberIds: readonly string[];
  createdAt: Date;
  synthetic: boolean;
}

/** A cohort as a FHIR Group of persons (actual), its members the patients given. */
export function toFhirGroup(c: CohortRecord): Group {
  return {
    resourceType: 'Group',
    id: c.id,
    meta: metaOf(c.createdAt, c.synthetic),
    active: c.state !== 'cancelled',
    type: 'person',
    actual: true,
    code: { coding: [programTemplateCoding(c.programTemplate)] },
    name: c.label,
    managingEntity: { reference: `Organization/${c.siteId}` },
    ...(c.memberIds.length === 0 ? {} : { member: c.memberIds.map((id) => ({ entity: { reference: `Patient/${id}` } })) }),
  };
}

// ---- Condition ----

/** `Condition.category` codings (FHIR R4 condition-category). */
export const CONDITION_CATEGORIES = Object.freeze({
  problemListItem: Object.freeze({ system: COURSE_SYSTEMS.conditionCategory, code: 'problem-list-item', display: 'Problem List Item' }),
  encounterDiagnosis: Object.freeze({
    system: COURSE_SYSTEMS.conditionCategory,
    code: 'encounter-diagnosis',
    display: 'Encounter Diagnosis',
  }),
});

/** Whether an ICD-10-CM code is one of PTSD's (F43.1, F43.10, F43.11, F43.12: clinical-facts.md section 4). */
export const isPtsdIcd10Cm = (code: string): boolean => /^F43\.1[0-2]?$/.test(normalizeIcd10Code(code.trim()));

/** A recorded diagnosis (ICD-10-CM) or condition (a Kairos condition code), as `patient_fact` holds it. */
export interface ConditionFactRecord {
  id: string;
  patientId: string;
  kind: 'diagnosis' | 'condition';
  /** An ICD-10-CM code (diagnosis) or a Kairos condition code (condition). */
  code: string;
  /** The words the clinician gave with a diagnosis, if any. */
  display: string | null;
  /** A condition recorded as severe. */
  severe: boolean;
  recordedAt: Date;
  recordedBy: string | null;
  /** When it was taken off the patient's list (kept in history); null while it stands. */
  retiredAt: Date | null;
  synthetic: boolean;
}

/** The codings of a recorded fact's `Condition.code`, and its text. */
export function conditionCodeOf(f: Pick<ConditionFactRecord, 'kind' | 'code' | 'display' | 'severe'>): Condition['code'] {
  if (f.kind === 'condition') {
    const words = f.code.replace(/-/g, ' ');
    const display = `${words.charAt(0).toUpperCase()}${words.slice(1)}`;
    return { coding: [kairosCoding('condition', f.code, display)], text: f.severe ? `${display} (severe)` : display };
  }
  const code = normalizeIcd10Code(f.code.trim());
  const text = ICD10_CM_TEXT[code];
  const display = text ?? (f.display === null || f.display === '' ? undefined : f.display);
  return {
    coding: [
      { system: FHIR_SYSTEMS.icd10cm, code, ...(text === undefined ? {} : { display: text }) },
      ...(isPtsdIcd10Cm(code) ? [{ system: PTSD_SNOMED.system, code: PTSD_SNOMED.code, display: PTSD_SNOMED.display }] : []),
    ],
    ...(display === undefined ? {} : { text: display }),
  };
}

/**
 * A recorded diagnosis or condition as a FHIR Condition of the patient's problem list: active while
 * it stands, inactive once retired.
 */
export function toFhirCondition(f: ConditionFactRecord): Condition {
  const active = f.retiredAt === null;
  return {
    resourceType: 'Condition',
    id: f.id,
    meta: metaOf(f.retiredAt ?? f.recordedAt, f.synthetic),
    clinicalStatus: {
      coding: [{ system: COURSE_SYSTEMS.conditionClinical, code: active ? 'active' : 'inactive', display: active ? 'Active' : 'Inactive' }],
    },
    category: [{ coding: [{ ...CONDITION_CATEGORIES.problemListItem }] }],
    code: conditionCodeOf(f),
    subject: { reference: `Patient/${f.patientId}` },
    recordedDate: f.recordedAt.toISOString(),
    ...(f.recordedBy === null ? {} : { recorder: { reference: `Practitioner/${f.recordedBy}` } }),
  };
}

// ---- Consent ----

/** `Consent.scope`: consent to treatment (FHIR R4 consentscope). */
export const CONSENT_TREATMENT_SCOPE = Object.freeze({ system: COURSE_SYSTEMS.consentScope, code: 'treatment', display: 'Treatment' });

/**
 * `Consent.category`: Kairos-local `consent-category` "treatment" (no sourced standard code: the
 * LOINC code examples use is not in clinical-facts.md).
 */
export const CONSENT_CATEGORY = kairosCoding('consent-category', 'treatment', 'Consent to treatment');

/** A consent signature as stored, with the document signed. */
export interface ConsentSignatureRecord {
  id: string;
  patientId: string;
  siteId: string;
  enrollmentId: string;
  documentId: string;
  documentTitle: string;
  documentVersion: number;
  /** The SHA-256 (hex) of the document's text as signed. */
  documentHash: string;
  signedAt: Date;
  channel: 'tablet' | 'portal';
  synthetic: boolean;
}

/** A consent signature as a FHIR Consent to treatment (active), signed by the patient, naming the document and its hash. */
export function toFhirConsent(s: ConsentSignatureRecord): Consent {
  return {
    resourceType: 'Consent',
    id: s.id,
    meta: metaOf(s.signedAt, s.synthetic),
    status: 'active',
    scope: { coding: [{ ...CONSENT_TREATMENT_SCOPE }] },
    category: [{ coding: [CONSENT_CATEGORY] }],
    patient: { reference: `Patient/${s.patientId}` },
    dateTime: s.signedAt.toISOString(),
    performer: [{ reference: `Patient/${s.patientId}` }],
    organization: [{ reference: `Organization/${s.siteId}` }],
    sourceAttachment: { contentType: 'text/plain', title: `${s.documentTitle} (version ${s.documentVersion})` },
    policyRule: {
      text: `Signed ${s.channel === 'portal' ? 'in the patient portal' : 'on a clinic tablet'}: "${s.documentTitle}", version ${s.documentVersion}, SHA-256 ${s.documentHash}`,
    },
  };
}
