/**
 * The FHIR resource types Kairos serves, each with its handler: the routes, the
 * CapabilityStatement and the tests are generated from this list, so a type is supported exactly
 * when it is here.
 *
 * @module
 */
import type { FhirTypeHandler } from './fhir-types.js';
import { observationResource } from './observation-resource.js';
import { organizationResource, locationResource } from './place-resources.js';
import { patientResource } from './patient-resource.js';
import { practitionerResource, practitionerRoleResource } from './staff-resources.js';

export const FHIR_TYPES: readonly FhirTypeHandler[] = [
  patientResource,
  practitionerResource,
  practitionerRoleResource,
  organizationResource,
  locationResource,
  observationResource,
];

/** The handler of a resource type, or undefined when Kairos does not serve it. */
export const fhirTypeOf = (type: string): FhirTypeHandler | undefined => FHIR_TYPES.find((t) => t.type === type);
