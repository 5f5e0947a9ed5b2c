import { describe, expect, it } from 'vitest';
import { homeMedicationRxNorm, routeConcept, toFhirMedicationAdministration, toFhirMedicationRequest } from './medication.js';

describe('a home medication’s RxNorm ingredient coding: the ingredient alone, never a brand or a combination', () => {
  it.each([
    ['the generic name', 'lorazepam', null, '6470'],
    ['with a strength and a form', 'Lorazepam 1 mg tablet', null, '6470'],
    ['with a strength written together', 'naltrexone 50mg daily', null, '7243'],
    ['the ingredient’s RxCUI recorded', 'Ativan', '6470', '6470'],
    ['a brand of one ingredient: a product, left as text', 'Ativan 1 mg', null, undefined],
    ['a combination brand (naltrexone with bupropion)', 'Contrave', null, undefined],
    ['a combination written with a slash', 'buprenorphine/naloxone', null, undefined],
    ['a combination of two known medications', 'lorazepam and naltrexone', null, undefined],
    ['an ingredient with another named', 'naltrexone bupropion', null, undefined],
    ['a medication the table does not know', 'sertraline 100 mg', null, undefined],
  ] as const)('%s: %j', (_case, name, rxcui, code) => {
    expect(homeMedicationRxNorm(name, rxcui)?.code).toBe(code);
  });
});

describe('the route of a ketamine dose in FHIR', () => {
  const order = {
    id: 'o1',
    sessionId: 's1',
    patientId: 'p1',
    orderedBy: 'u1',
    orderedAt: new Date('2026-12-07T15:00:00Z'),
    doseMg: 35,
    minutes: null,
    rateMlPerHour: null,
    bagTotalMl: null,
    doubleCheckedBy: null,
    doubleCheckedAt: null,
    sessionState: 'pre-dose' as const,
    infusionStarted: false,
    superseded: false,
    synthetic: false,
  };
  it.each([
    ['IV', '47625008', 'intravenous'],
    ['IM', '78421000', 'intramuscular'],
    ['SL', '37839007', 'oral/sublingual'],
  ] as const)('%s: SNOMED CT %s, "%s"', (route, code, text) => {
    expect(routeConcept(route)).toEqual({ coding: [{ system: 'http://snomed.info/sct', code, display: expect.any(String) }], text });
  });
  it('an IV order carries its minutes and rate; an intramuscular one only its mg, once', () => {
    const iv = toFhirMedicationRequest({ ...order, route: 'IV', minutes: 40, rateMlPerHour: 156.2, bagTotalMl: 104.1 });
    expect(iv.dosageInstruction?.[0]?.doseAndRate?.[0]?.rateQuantity?.value).toBe(156.2);
    expect(iv.dosageInstruction?.[0]?.timing?.repeat?.duration).toBe(40);
    const im = toFhirMedicationRequest({ ...order, route: 'IM' });
    expect(im.dosageInstruction?.[0]).toEqual({
      text: '35 mg ketamine by intramuscular injection, once',
      timing: { repeat: { count: 1 } },
      route: routeConcept('IM'),
      doseAndRate: [{ doseQuantity: { value: 35, unit: 'mg', system: 'http://unitsofmeasure.org', code: 'mg' } }],
    });
  });
  it('a sublingual dose given is an instant with the ordered mg', () => {
    const given = new Date('2026-12-07T15:10:00Z');
    const a = toFhirMedicationAdministration(
      {
        sessionId: 's1',
        patientId: 'p1',
        orderId: 'o1',
        route: 'SL',
        doseMg: 50,
        bagTotalMl: null,
        minutes: null,
        startedAt: given,
        endedAt: given,
        sessionState: 'observing',
        startedBy: 'u2',
        events: [],
        updatedAt: given,
        synthetic: false,
      },
      new Date('2026-12-07T16:00:00Z'),
    );
    expect(a).toMatchObject({ status: 'completed', effectiveDateTime: given.toISOString(), dosage: { dose: { value: 50 } } });
    expect(a.effectivePeriod).toBeUndefined();
    expect(a.dosage?.route?.coding?.[0]?.code).toBe('37839007');
  });
});
