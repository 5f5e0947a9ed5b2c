/**
 * What a FHIR Bulk Data export holds at each level, from the registry: a system-level export every
 * type Kairos serves but AuditEvent; a Patient- or Group-level export the types of the Patient
 * compartment (Patient, and each type searched by `patient` or `subject`). The audit trail is
 * not exported: the medical director reads it by search (AuditEvent), where each read is itself
 * on the record.
 *
 * @module
 */
import type { ExportLevel } from '../../../fhir/bulk-params.js';
import { rolesAllow } from '../../access/permissions.js';
import type { FhirTypeHandler } from '../fhir-types.js';
import { FHIR_TYPES } from '../registry.js';

const NOT_EXPORTED = new Set(['AuditEvent']);

/** The search parameter that names a resource's patient (`patient`, else `subject`), if the type has one. */
export function patientParamOf(handler: FhirTypeHandler): string | undefined {
  if (handler.type === 'Patient') return undefined;
  for (const name of ['patient', 'subject'])
    if (handler.searchParams.some((p) => p.name === name && p.type === 'reference' && p.target === 'Patient')) return name;
  return undefined;
}

/** Whether the type's resources belong to one patient (exported a page of patients at a time). */
export const inPatientCompartment = (handler: FhirTypeHandler): boolean =>
  handler.type === 'Patient' || patientParamOf(handler) !== undefined;

/** The types an export at `level` may hold, in the registry's order. */
export function exportableTypes(level: ExportLevel): FhirTypeHandler[] {
  return FHIR_TYPES.filter((h) => !NOT_EXPORTED.has(h.type) && (level === 'system' || inPatientCompartment(h)));
}

/** Of `types`, those the roles may read (each type's own permission, as its search route). */
export function typesAllowed(roles: readonly string[], types: readonly FhirTypeHandler[]): FhirTypeHandler[] {
  return types.filter((h) => rolesAllow(roles, h.action));
}
