/**
 * What each FHIR resource type Kairos serves declares: who may read it (a permission, as every
 * route), the search parameters and `_include`s it supports (what the CapabilityStatement states),
 * and how it reads one resource and searches many, among what the actor may see.
 *
 * @module
 */
import type { Resource } from '@medplum/fhirtypes';
import type { Actor, RequestMeta } from '../context.js';
import type { PermissionAction } from '../access/permissions.js';
import type { Db } from '../../store/database.js';
import type { ParsedSearch, SearchParamDef } from '../../fhir/search-params.js';

/** A resource found, with the patient it belongs to (for the audit trail and `_include`). */
export interface FhirHit {
  resource: Resource;
  patientId: string | null;
  /** The patients a resource about several names (a Group's members), for the audit trail. */
  patientIds?: readonly string[];
}

export interface FhirTypeHandler {
  type: Resource['resourceType'];
  /** The permission a caller needs (then each resource's own access rules apply: site, care team). */
  action: PermissionAction;
  /** What the type holds, in words (the route's summary and the CapabilityStatement's documentation). */
  description: string;
  searchParams: readonly SearchParamDef[];
  /** Who may create one and how, when the type takes writes (the CapabilityStatement's `create`). */
  create?: string;
  /** The `_include` values supported (`Observation:patient`). */
  includes: readonly string[];
  /** One resource by id; undefined when there is none (or none the actor may know of). Refusals throw, audited. */
  read: (tx: Db, actor: Actor, id: string, meta: RequestMeta) => Promise<FhirHit | undefined>;
  /** A page of the matches among what the actor may see, and how many match in all. */
  search: (tx: Db, actor: Actor, query: ParsedSearch, meta: RequestMeta) => Promise<{ total: number; hits: FhirHit[] }>;
  /** The type reads the audit trail: events staged and not yet sealed are sealed into it first. */
  readsAuditTrail?: true;
}
