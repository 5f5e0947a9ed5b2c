import type { Observation } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { readingOfFhirObservation } from './observation-intake.js';

const PATIENT = '11111111-1111-4111-8111-111111111111';
const base = (o: Partial<Observation>): Observation => ({
  resourceType: 'Observation',
  status: 'final',
  identifier: [{ system: 'urn:monitor:chair-2', value: 'r-1' }],
  code: { coding: [{ system: 'http://loinc.org', code: '8867-4' }] },
  subject: { reference: `Patient/${PATIENT}` },
  effectiveDateTime: '2026-12-07T10:15:00Z',
  valueQuantity: { value: 72, unit: 'beats/minute', system: 'http://unitsofmeasure.org', code: '/min' },
  ...o,
});
const q = (value: number, code: string) => ({ value, system: 'http://unitsofmeasure.org', code });

describe('a monitor’s Observation as a reading', () => {
  it.each([
    ['heart rate 8867-4 /min', base({}), { heartRate: 72 }],
    [
      'respiratory rate 9279-1 /min',
      base({ code: { coding: [{ system: 'http://loinc.org', code: '9279-1' }] }, valueQuantity: q(14, '/min') }),
      { respiratoryRate: 14 },
    ],
    [
      'SpO2 by pulse oximetry 59408-5 %',
      base({ code: { coding: [{ system: 'http://loinc.org', code: '59408-5' }] }, valueQuantity: q(97, '%') }),
      { spo2: 97 },
    ],
    [
      'SpO2 2708-6 %',
      base({ code: { coding: [{ system: 'http://loinc.org', code: '2708-6' }] }, valueQuantity: q(95, '%') }),
      { spo2: 95 },
    ],
    [
      'temperature 8310-5 Cel',
      base({ code: { coding: [{ system: 'http://loinc.org', code: '8310-5' }] }, valueQuantity: q(36.8, 'Cel') }),
      { temperature: 36.8 },
    ],
    [
      'blood pressure panel 85354-9 with both components',
      base({
        code: { coding: [{ system: 'http://loinc.org', code: '85354-9' }] },
        valueQuantity: undefined,
        component: [
          { code: { coding: [{ system: 'http://loinc.org', code: '8480-6' }] }, valueQuantity: q(220, 'mm[Hg]') },
          { code: { coding: [{ system: 'http://loinc.org', code: '8462-4' }] }, valueQuantity: q(120, 'mm[Hg]') },
        ],
      }),
      { systolic: 220, diastolic: 120 },
    ],
    [
      'the MOAA/S level (Kairos code), an integer',
      base({
        code: { coding: [{ system: 'https://kairos.invalid/fhir/CodeSystem/instrument', code: 'moaas' }] },
        valueQuantity: undefined,
        valueInteger: 4,
      }),
      { moaas: 4 },
    ],
  ])('%s', (_title, o, values) => {
    const r = readingOfFhirObservation(o);
    expect(r).toEqual({
      ok: true,
      reading: { clientId: 'r-1', measuredAt: '2026-12-07T10:15:00.000Z', ...values },
      target: { patientId: PATIENT },
    });
  });

  it.each([
    ['no identifier (not idempotent)', base({ identifier: undefined }), 'Observation.identifier'],
    ['a time without its zone', base({ effectiveDateTime: '2026-12-07T10:15:00' }), 'Observation.effectiveDateTime'],
    ['no time', base({ effectiveDateTime: undefined }), 'Observation.effectiveDateTime'],
    ['a preliminary value', base({ status: 'preliminary' }), 'Observation.status'],
    [
      'a temperature in [degF] (never converted)',
      base({ code: { coding: [{ system: 'http://loinc.org', code: '8310-5' }] }, valueQuantity: q(98.6, '[degF]') }),
      'Observation.valueQuantity.code',
    ],
    [
      'a heart rate with no value',
      base({ valueQuantity: { system: 'http://unitsofmeasure.org', code: '/min' } }),
      'Observation.valueQuantity.value',
    ],
    [
      'a heart rate in another system',
      base({ valueQuantity: { value: 72, system: 'http://example.org', code: '/min' } }),
      'Observation.valueQuantity.system',
    ],
    [
      'a code Kairos does not take (body weight 29463-7)',
      base({ code: { coding: [{ system: 'http://loinc.org', code: '29463-7' }] } }),
      'Observation.code',
    ],
    [
      'a LOINC code under another system',
      base({ code: { coding: [{ system: 'http://snomed.info/sct', code: '8867-4' }] } }),
      'Observation.code',
    ],
    [
      'a blood pressure without components',
      base({ code: { coding: [{ system: 'http://loinc.org', code: '85354-9' }] }, valueQuantity: undefined }),
      'Observation.component',
    ],
    ['no patient nor encounter', base({ subject: undefined }), 'Observation.subject'],
    ['a subject that is not a patient', base({ subject: { reference: 'Group/1' } }), 'Observation.subject.reference'],
    ['an encounter that is not an id', base({ encounter: { reference: 'Encounter/abc' } }), 'Observation.encounter.reference'],
  ])('refused: %s, naming %s', (_title, o, field) => {
    const r = readingOfFhirObservation(o);
    expect(r.ok).toBe(false);
    expect(r.ok ? [] : r.issues.map((i) => i.field)).toContain(field);
  });

  it('a patient named by the site’s MRN, or the encounter', () => {
    expect(readingOfFhirObservation(base({ subject: { identifier: { system: 'urn:uuid:x', value: 'DEMO-0010' } } }))).toMatchObject({
      ok: true,
      target: { mrn: { system: 'urn:uuid:x', value: 'DEMO-0010' } },
    });
    const encounter = '22222222-2222-4222-8222-222222222222';
    expect(readingOfFhirObservation(base({ subject: undefined, encounter: { reference: `Encounter/${encounter}` } }))).toMatchObject({
      ok: true,
      target: { encounterId: encounter },
    });
  });
});
