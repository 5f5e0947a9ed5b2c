/**
 * The CapabilityStatement (`GET /fhir/R4/metadata`): generated from the registry of served types,
 * so it states exactly what is supported: each type's read and search, its search parameters and
 * `_include`s, JSON only.
 *
 * @module
 */
import type { CapabilityStatement } from '@medplum/fhirtypes';
import type { FhirTypeHandler } from '../services/fhir/fhir-types.js';
import { COMMON_SEARCH_PARAMS } from './search-params.js';

/** The Kairos release the statement describes. */
const SOFTWARE_VERSION = '0.1.0';
/** When this statement's content last changed (with the served types). */
const STATEMENT_DATE = '2026-12-07';

export function capabilityStatement(baseUrl: string, types: readonly FhirTypeHandler[]): CapabilityStatement {
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: STATEMENT_DATE,
    publisher: 'Kairos',
    kind: 'instance',
    software: { name: 'Kairos', version: SOFTWARE_VERSION },
    implementation: { description: 'Kairos FHIR R4 API', url: baseUrl },
    fhirVersion: '4.0.1',
    format: ['json'],
    rest: [
      {
        mode: 'server',
        documentation:
          'Signed-in staff only, with the permissions and care-team rules of the Kairos API (a session cookie from /api/sign-in); every read and search is audited. Searches are strict: an unknown parameter or modifier is a 400 OperationOutcome naming it. Paging with _count (at most 1000) and _offset.',
        security: { cors: false, description: 'Session sign-in (cookie); SMART on FHIR is not supported.' },
        resource: types.map((t) => ({
          type: t.type,
          documentation: t.description,
          interaction: [
            { code: 'read' },
            { code: 'search-type' },
            ...(t.create === undefined ? [] : [{ code: 'create' as const, documentation: t.create }]),
          ],
          versioning: 'no-version',
          readHistory: false,
          searchInclude: [...t.includes],
          searchParam: [...COMMON_SEARCH_PARAMS, ...t.searchParams].map((p) => ({
            name: p.name,
            type: p.type,
            documentation: p.documentation,
          })),
        })),
        interaction: [],
      },
    ],
  };
}
