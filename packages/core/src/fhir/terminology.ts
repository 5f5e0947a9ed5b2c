/**
 * The code systems and codes of Kairos's FHIR resources, each with its source (clinical-facts.md
 * sections 3, 4 and 11; the instruments' own LOINC tables). A code not listed here is never
 * emitted: the code-table test (server, `fhir/code-table.int.test.ts`) checks every coded element
 * of an export against `docs/fhir.md`, since the validator does not check terminology.
 *
 * @module
 */
import type { CitationKey } from '../protocol-config/citations.js';

/** Canonical URIs of the code systems used. */
export const FHIR_SYSTEMS = Object.freeze({
  loinc: 'http://loinc.org',
  ucum: 'http://unitsofmeasure.org',
  snomed: 'http://snomed.info/sct',
  icd10cm: 'http://hl7.org/fhir/sid/icd-10-cm',
  rxnorm: 'http://www.nlm.nih.gov/research/umls/rxnorm',
  observationCategory: 'http://terminology.hl7.org/CodeSystem/observation-category',
  identifierType: 'http://terminology.hl7.org/CodeSystem/v2-0203',
  actReason: 'http://terminology.hl7.org/CodeSystem/v3-ActReason',
  locationPhysicalType: 'http://terminology.hl7.org/CodeSystem/location-physical-type',
  /**
   * Kairos's own code systems, for what no standard code was found for (clinical-facts.md section
   * 11: no LOINC for MOAA/S or CADSS-6; the care-team roles). `.invalid` (RFC 2606) can name no one else's.
   */
  kairos: 'https://kairos.invalid/fhir/CodeSystem',
});

/** A coding as the resources carry it, with where the code comes from. */
export interface SourcedCoding {
  readonly system: string;
  readonly code: string;
  readonly display: string;
  readonly sources: readonly CitationKey[];
}

/** The vital signs a reading carries, each an Observation of the FHIR vital-signs profile. */
export type VitalSign = 'bloodPressure' | 'heartRate' | 'respiratoryRate' | 'spo2' | 'temperature';

/** One vital sign's Observation: its profile, LOINC codes and UCUM unit (clinical-facts.md section 3). */
export interface VitalSignCode {
  /** The FHIR R4 vital-signs profile the Observation claims. */
  readonly profile: string;
  /** LOINC codes of `Observation.code` (pulse oximetry carries both, as US Core requires). */
  readonly codes: readonly SourcedCoding[];
  /** The UCUM unit of the value (none for the blood-pressure panel, whose components carry theirs). */
  readonly unit: { readonly code: string; readonly display: string } | undefined;
  /** The panel's components (blood pressure only). */
  readonly components?: readonly { readonly coding: SourcedCoding; readonly unit: { readonly code: string; readonly display: string } }[];
}

const loinc = (code: string, display: string, sources: readonly CitationKey[] = ['fhir-vital-signs']): SourcedCoding =>
  Object.freeze({ system: FHIR_SYSTEMS.loinc, code, display, sources });

const MM_HG = Object.freeze({ code: 'mm[Hg]', display: 'mmHg' });
const PER_MIN = Object.freeze({ code: '/min', display: 'beats/minute' });

/** The vital signs' codes, profiles and units (clinical-facts.md section 3; hl7.org vital-signs profiles). */
export const VITAL_SIGN_CODES: Readonly<Record<VitalSign, VitalSignCode>> = Object.freeze({
  bloodPressure: Object.freeze({
    profile: 'http://hl7.org/fhir/StructureDefinition/bp',
    codes: [loinc('85354-9', 'Blood pressure panel with all children optional')],
    unit: undefined,
    components: [
      { coding: loinc('8480-6', 'Systolic blood pressure'), unit: MM_HG },
      { coding: loinc('8462-4', 'Diastolic blood pressure'), unit: MM_HG },
    ],
  }),
  heartRate: Object.freeze({
    profile: 'http://hl7.org/fhir/StructureDefinition/heartrate',
    codes: [loinc('8867-4', 'Heart rate')],
    unit: PER_MIN,
  }),
  respiratoryRate: Object.freeze({
    profile: 'http://hl7.org/fhir/StructureDefinition/resprate',
    codes: [loinc('9279-1', 'Respiratory rate')],
    unit: Object.freeze({ code: '/min', display: 'breaths/minute' }),
  }),
  spo2: Object.freeze({
    profile: 'http://hl7.org/fhir/StructureDefinition/oxygensat',
    codes: [
      loinc('2708-6', 'Oxygen saturation in Arterial blood'),
      loinc('59408-5', 'Oxygen saturation in Arterial blood by Pulse oximetry'),
    ],
    unit: Object.freeze({ code: '%', display: '%' }),
  }),
  temperature: Object.freeze({
    profile: 'http://hl7.org/fhir/StructureDefinition/bodytemp',
    codes: [loinc('8310-5', 'Body temperature')],
    unit: Object.freeze({ code: 'Cel', display: 'C' }),
  }),
});

/** The FHIR core vital-signs profile every vital-sign Observation also claims. */
export const VITAL_SIGNS_PROFILE = 'http://hl7.org/fhir/StructureDefinition/vitalsigns';

/** `Observation.category` codings (observation-category code system, as US Core's examples use them). */
export const OBSERVATION_CATEGORIES = Object.freeze({
  vitalSigns: Object.freeze({ system: FHIR_SYSTEMS.observationCategory, code: 'vital-signs', display: 'Vital Signs' }),
  survey: Object.freeze({ system: FHIR_SYSTEMS.observationCategory, code: 'survey', display: 'Survey' }),
  exam: Object.freeze({ system: FHIR_SYSTEMS.observationCategory, code: 'exam', display: 'Exam' }),
});

/** Marks synthetic (demo) records: v3 ActReason HTEST "test health data". */
export const SYNTHETIC_TAG = Object.freeze({ system: FHIR_SYSTEMS.actReason, code: 'HTEST', display: 'test health data' });

/** Ketamine, the ingredient (RxNorm 6130; clinical-facts.md section 11, high confidence). */
export const KETAMINE_RXNORM: SourcedCoding = Object.freeze<SourcedCoding>({
  system: FHIR_SYSTEMS.rxnorm,
  code: '6130',
  display: 'ketamine',
  sources: ['pharmgkb-rxnorm'],
});

/** Posttraumatic stress disorder in SNOMED CT (clinical-facts.md section 4), beside the ICD-10-CM code of a condition. */
export const PTSD_SNOMED: SourcedCoding = Object.freeze<SourcedCoding>({
  system: FHIR_SYSTEMS.snomed,
  code: '47505003',
  display: 'Posttraumatic stress disorder',
  sources: ['snomed-ptsd'],
});

/**
 * The route a dose of ketamine is given by, in SNOMED CT (the FHIR route-codes value set): IV
 * infusion, intramuscular injection, oral/sublingual (coded as the sublingual route: the compounded
 * troches, tablets and films are held under the tongue or in the mouth).
 */
export const ROUTE_SNOMED: Readonly<Record<'IV' | 'IM' | 'SL', SourcedCoding>> = Object.freeze({
  IV: Object.freeze<SourcedCoding>({
    system: FHIR_SYSTEMS.snomed,
    code: '47625008',
    display: 'Intravenous route',
    sources: ['fhir-route-codes'],
  }),
  IM: Object.freeze<SourcedCoding>({
    system: FHIR_SYSTEMS.snomed,
    code: '78421000',
    display: 'Intramuscular route',
    sources: ['fhir-route-codes'],
  }),
  SL: Object.freeze<SourcedCoding>({
    system: FHIR_SYSTEMS.snomed,
    code: '37839007',
    display: 'Sublingual route',
    sources: ['fhir-route-codes'],
  }),
});

/** A Kairos-local coding (`FHIR_SYSTEMS.kairos/<system>`). */
export const kairosCoding = (system: string, code: string, display: string): { system: string; code: string; display: string } => ({
  system: `${FHIR_SYSTEMS.kairos}/${system}`,
  code,
  display,
});
