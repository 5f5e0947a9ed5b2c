/**
 * FHIR validation for the tests (issue 25, Must 4): the server's own validation (src/fhir/fhir-validation.ts),
 * in this process, each problem in words: "<profile or R4>: <message> (<where>)".
 */
import type { Resource } from '@medplum/fhirtypes';
import { bpValidatorLimits as limits, fhirProblems, type FhirProblem } from '../src/fhir/fhir-validation.js';

const words = (p: FhirProblem): string => `${p.profile ?? 'R4'}: ${p.message} (${p.expression})`;

/** The validator's errors for `resource` against R4 and each profile it claims (none: valid). */
export function validateFhir(resource: Resource): string[] {
  return fhirProblems(resource).map(words);
}

/** The problems the validator finds in the specification's own blood pressure (its known limit, set aside). */
export function bpValidatorLimits(): string[] {
  return limits().map(words);
}
