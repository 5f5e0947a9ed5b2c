/**
 * Every kind of resource Kairos serves validates (issue 25, Must 4; in CI one of each kind: the
 * full export is validated in `npm run test:long`): @medplum/core's validator over FHIR R4 and the
 * profiles a resource claims (the vital-signs profiles), on the demo clinic through the API.
 */
import type { FastifyInstance } from 'fastify';
import type { Bundle, Observation, Resource } from '@medplum/fhirtypes';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { injectAs, signInAs, type TestAuth } from '../../test/auth.js';
import { buildDemoApp } from '../../test/app.js';
import { describeEachEngine } from '../../test/engines.js';
import { bpValidatorLimits, validateFhir } from '../../test/fhir-validator.js';
import { FHIR_TYPES } from '../services/fhir/registry.js';

describeEachEngine('FHIR resources validate', (h) => {
  let app: FastifyInstance;
  let director: TestAuth;
  const search = async (url: string): Promise<Resource[]> => {
    const r = await injectAs(app, director, { method: 'GET', url });
    expect(r.statusCode, url).toBe(200);
    return (JSON.parse(r.body) as Bundle).entry?.flatMap((e) => (e.resource === undefined ? [] : [e.resource])) ?? [];
  };

  beforeAll(async () => {
    ({ app } = await buildDemoApp(h.database));
    director = await signInAs(app, 'director@demo.test');
  });
  afterAll(async () => app?.close());

  it('the validator refuses what is wrong (so a pass means something): a vital sign without its code, a heart rate in the wrong unit field', () => {
    expect(validateFhir({ resourceType: 'Observation', status: 'final' } as Observation).join()).toContain('Missing required property');
    expect(
      validateFhir({
        resourceType: 'Observation',
        status: 'final',
        code: { coding: [{ system: 'http://loinc.org', code: '8867-4' }] },
        valueQuantity: { value: '80' as unknown as number },
      }),
    ).not.toEqual([]);
  });

  it('the validator’s one known limit: it finds no component of the specification’s own blood pressure under the bp profile (set aside, and only that)', () => {
    expect(bpValidatorLimits()).toEqual([
      "http://hl7.org/fhir/StructureDefinition/bp: Incorrect number of values provided for slice 'SystolicBP': expected 1..1, but found 0 (Observation.component)",
      "http://hl7.org/fhir/StructureDefinition/bp: Incorrect number of values provided for slice 'DiastolicBP': expected 1..1, but found 0 (Observation.component)",
    ]);
  });

  it('one resource of each type served, and one Observation of each kind, validate with no error', async () => {
    const problems: Record<string, string[]> = {};
    for (const t of FHIR_TYPES) {
      const found = await search(`/fhir/R4/${t.type}?_count=1`);
      expect(found, t.type).toHaveLength(1);
      problems[t.type] = validateFhir(found[0] as Resource);
    }
    // Each kind of Observation: every vital sign and MOAA/S, and each instrument's score.
    const kinds = [
      '85354-9',
      '8867-4',
      '9279-1',
      '2708-6',
      '8310-5',
      'moaas',
      '101698-9',
      '44261-6',
      '70274-6',
      'cssrs-screener-risk',
      'cadss6-total',
    ];
    for (const code of kinds) {
      const [o] = await search(`/fhir/R4/Observation?code=${encodeURIComponent(code)}&_count=1`);
      if (o === undefined) continue;
      problems[`Observation ${code}`] = validateFhir(o);
    }
    expect(Object.keys(problems).length).toBeGreaterThan(FHIR_TYPES.length + 5);
    expect(Object.fromEntries(Object.entries(problems).filter(([, p]) => p.length > 0))).toEqual({});
  });
});
