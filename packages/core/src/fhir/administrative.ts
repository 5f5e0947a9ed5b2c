/**
 * Pure mappers of Kairos's people and places to FHIR R4: the patient (Patient), the site
 * (Organization), its rooms and chairs (Location), staff (Practitioner, PractitionerRole). Each takes
 * the record as plain values and returns the resource; nothing here reads a database or a clock.
 *
 * @module
 */
import type { Location, Organization, Patient, Practitioner, PractitionerRole } from '@medplum/fhirtypes';
import { FHIR_SYSTEMS, SYNTHETIC_TAG, kairosCoding } from './terminology.js';

/** `meta` of a resource: when it last changed, and the test-data tag on synthetic (demo) records. */
export function metaOf(
  lastUpdated: Date,
  synthetic: boolean,
): { lastUpdated: string; tag?: { system: string; code: string; display: string }[] } {
  return { lastUpdated: lastUpdated.toISOString(), ...(synthetic ? { tag: [{ ...SYNTHETIC_TAG }] } : {}) };
}

/** The identifier system of a site's medical record numbers: the site (the assigning organisation) as a URN. */
export const mrnSystemOf = (siteId: string): string => `urn:uuid:${siteId}`;

/** A patient as Kairos records one. */
export interface PatientRecord {
  id: string;
  siteId: string;
  mrn: string;
  givenName: string;
  familyName: string;
  /** YYYY-MM-DD. */
  birthDate: string;
  sex: 'female' | 'male' | 'other' | 'unknown';
  phone: string | null;
  email: string | null;
  /** The postal address as one text. */
  address: string | null;
  synthetic: boolean;
  updatedAt: Date;
}

/** A patient as a FHIR Patient: the MRN (type MR) assigned by the site, name, birth date, gender, contacts. */
export function toFhirPatient(p: PatientRecord): Patient {
  const telecom = [
    ...(p.phone === null ? [] : [{ system: 'phone' as const, value: p.phone }]),
    ...(p.email === null ? [] : [{ system: 'email' as const, value: p.email }]),
  ];
  return {
    resourceType: 'Patient',
    id: p.id,
    meta: metaOf(p.updatedAt, p.synthetic),
    identifier: [
      {
        use: 'usual',
        type: { coding: [{ system: FHIR_SYSTEMS.identifierType, code: 'MR', display: 'Medical record number' }] },
        system: mrnSystemOf(p.siteId),
        value: p.mrn,
        assigner: { reference: `Organization/${p.siteId}` },
      },
    ],
    active: true,
    name: [{ use: 'official', family: p.familyName, given: [p.givenName] }],
    ...(telecom.length > 0 ? { telecom } : {}),
    gender: p.sex,
    birthDate: p.birthDate,
    ...(p.address === null ? {} : { address: [{ text: p.address }] }),
    managingOrganization: { reference: `Organization/${p.siteId}` },
  };
}

/** A site (a clinic) as Kairos records one. */
export interface SiteRecord {
  id: string;
  name: string;
  synthetic: boolean;
  createdAt: Date;
}

/** A site as a FHIR Organization (type "prov", a healthcare provider). */
export function toFhirOrganization(s: SiteRecord): Organization {
  return {
    resourceType: 'Organization',
    id: s.id,
    meta: metaOf(s.createdAt, s.synthetic),
    active: true,
    type: [
      { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/organization-type', code: 'prov', display: 'Healthcare Provider' }] },
    ],
    name: s.name,
  };
}

/** A room, or a treatment chair in a room, of a site. */
export interface PlaceRecord {
  id: string;
  siteId: string;
  kind: 'room' | 'chair';
  name: string;
  /** The room a chair is in (chairs only). */
  roomId: string | null;
  active: boolean;
  synthetic: boolean;
  createdAt: Date;
}

/** A room (physical type "ro") or a treatment chair (part of its room) as a FHIR Location. */
export function toFhirLocation(l: PlaceRecord): Location {
  return {
    resourceType: 'Location',
    id: l.id,
    meta: metaOf(l.createdAt, l.synthetic),
    status: l.active ? 'active' : 'inactive',
    name: l.name,
    mode: 'instance',
    ...(l.kind === 'room'
      ? { physicalType: { coding: [{ system: FHIR_SYSTEMS.locationPhysicalType, code: 'ro', display: 'Room' }] } }
      : { type: [{ coding: [kairosCoding('location-type', 'treatment-chair', 'Treatment chair')] }] }),
    managingOrganization: { reference: `Organization/${l.siteId}` },
    ...(l.roomId === null ? {} : { partOf: { reference: `Location/${l.roomId}` } }),
  };
}

/** A staff member as Kairos records one. */
export interface StaffRecord {
  id: string;
  displayName: string;
  email: string;
  roles: readonly string[];
  siteId: string | null;
  active: boolean;
  /** The type 1 NPI, when one is recorded (the billing issue records them). */
  npi: string | null;
  synthetic: boolean;
  updatedAt: Date;
}

/** The roles of Kairos in words (a Kairos-local code system: design.md "Who uses it"). */
const ROLE_WORDS: Readonly<Record<string, string>> = Object.freeze({
  'medical-director': 'Medical director',
  prescriber: 'Prescriber',
  nurse: 'Nurse',
  therapist: 'Therapist',
  coordinator: 'Coordinator',
  admin: 'Administrator',
});

/** A staff member as a FHIR Practitioner: name, work email, NPI when recorded. */
export function toFhirPractitioner(u: StaffRecord): Practitioner {
  return {
    resourceType: 'Practitioner',
    id: u.id,
    meta: metaOf(u.updatedAt, u.synthetic),
    ...(u.npi === null ? {} : { identifier: [{ system: 'http://hl7.org/fhir/sid/us-npi', value: u.npi }] }),
    active: u.active,
    name: [{ text: u.displayName }],
    telecom: [{ system: 'email', value: u.email, use: 'work' }],
  };
}

/** A staff member's roles at their site as a FHIR PractitionerRole (same id as the Practitioner). */
export function toFhirPractitionerRole(u: StaffRecord): PractitionerRole {
  return {
    resourceType: 'PractitionerRole',
    id: u.id,
    meta: metaOf(u.updatedAt, u.synthetic),
    active: u.active,
    practitioner: { reference: `Practitioner/${u.id}`, display: u.displayName },
    ...(u.siteId === null ? {} : { organization: { reference: `Organization/${u.siteId}` } }),
    code: u.roles.map((r) => ({ coding: [kairosCoding('staff-role', r, ROLE_WORDS[r] ?? r)] })),
  };
}
