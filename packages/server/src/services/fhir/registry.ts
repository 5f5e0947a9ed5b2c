/**
 * The FHIR resource types Kairos serves, each with its handler: the routes, the
 * CapabilityStatement and the tests are generated from this list, so a type is supported exactly
 * when it is here.
 *
 * @module
 */
import type { FhirTypeHandler } from './fhir-types.js';
import { conditionResource, consentResource, encounterResource, episodeOfCareResource, groupResource } from './course-resources.js';
import { medicationAdministrationResource, medicationRequestResource, medicationStatementResource } from './medication-resources.js';
import { carePlanResource, documentReferenceResource } from './document-resources.js';
import { observationResource } from './observation-resource.js';
import { organizationResource, locationResource } from './place-resources.js';
import { patientResource } from './patient-resource.js';
import { questionnaireResource, questionnaireResponseResource } from './questionnaire-resources.js';
import { adverseEventResource, auditEventResource, provenanceResource } from './record-resources.js';
import { practitionerResource, practitionerRoleResource } from './staff-resources.js';

export const FHIR_TYPES: readonly FhirTypeHandler[] = [
  patientResource,
  practitionerResource,
  practitionerRoleResource,
  organizationResource,
  locationResource,
  observationResource,
  episodeOfCareResource,
  encounterResource,
  groupResource,
  conditionResource,
  consentResource,
  questionnaireResource,
  questionnaireResponseResource,
  carePlanResource,
  documentReferenceResource,
  medicationRequestResource,
  medicationAdministrationResource,
  medicationStatementResource,
  adverseEventResource,
  provenanceResource,
  auditEventResource,
];

/** The handler of a resource type, or undefined when Kairos does not serve it. */
export const fhirTypeOf = (type: string): FhirTypeHandler | undefined => FHIR_TYPES.find((t) => t.type === type);
