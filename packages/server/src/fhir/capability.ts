/**
 * The CapabilityStatement (`GET /fhir/R4/metadata`): generated from the registry of served types,
 * so it states exactly what is supported: each type's read and search, its search parameters and
 * `_include`s, JSON only; and the Bulk Data `$export` at the system, Patient and Group levels.
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
/** The Bulk Data Access IG's definitions of `$export` at each level. */
const BULK = 'http://hl7.org/fhir/uv/bulkdata';
const TYPE_EXPORT: Readonly<Record<string, string>> = { Patient: 'patient-export', Group: 'group-export' };

export function capabilityStatement(baseUrl: string, types: readonly FhirTypeHandler[]): CapabilityStatement {
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: STATEMENT_DATE,
    publisher: 'Kairos',
    kind: 'instance',
    software: { name: 'Kairos', version: SOFTWARE_VERSION },
    implementation: { description: 'Kairos FHIR R4 API', url: baseUrl },
    instantiates: [`${BULK}/CapabilityStatement/bulk-data`],
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
          ...(TYPE_EXPORT[t.type] === undefined
            ? {}
            : { operation: [{ name: 'export', definition: `${BULK}/OperationDefinition/${TYPE_EXPORT[t.type]}` }] }),
        })),
        interaction: [],
        operation: [
          {
            name: 'export',
            definition: `${BULK}/OperationDefinition/export`,
            documentation:
              'Bulk Data export (the medical director): Prefer: respond-async; _type, _since and _outputFormat=application/fhir+ndjson; every type but AuditEvent at the system level, the Patient compartment at the Patient and Group levels; the files are served to the requester only and deleted after the site’s setting (24 hours by default).',
          },
        ],
      },
    ],
  };
}
