/**
 * Use cases of the FHIR API: read one resource, search a type. Each runs on one connection (its
 * statements only read, so without a transaction's two extra round trips) with the type's own access
 * rules, and leaves one audit event naming the type, what was asked and the patients whose data was
 * read, written before the answer is (a read of nothing the actor may see is a 404, not a hint).
 *
 * @module
 */
import { AppError } from '../../errors.js';
import type { ParsedSearch } from '../../fhir/search-params.js';
import type { Db } from '../../store/database.js';
import { appendAuditRecords, auditRecord, sealPendingAudit, stageAuditRecords, type AuditEvent } from '../audit.js';
import type { Actor, RequestMeta } from '../context.js';
import { onOneConnection } from '../transaction.js';
import type { FhirHit, FhirTypeHandler } from './fhir-types.js';
import { patientsByIds } from './patient-resource.js';

const patientIdsOf = (hits: readonly FhirHit[]): string[] => [
  ...new Set(hits.flatMap((h) => [...(h.patientId === null ? [] : [h.patientId]), ...(h.patientIds ?? [])])),
];

export interface FhirReadOptions {
  /**
   * Stage the audit event (the caller has it sealed into the chain after the commit, as the
   * routes do) instead of appending it under the chain's lock: a client paging through a patient's
   * records does not queue behind every other writer of the chain.
   */
  stageAudit?: boolean;
}

/** The read's audit event, appended or staged (`options.stageAudit`). */
async function auditRead(tx: Db, actor: Actor, meta: RequestMeta, event: AuditEvent, options: FhirReadOptions): Promise<void> {
  const record = auditRecord({ ...meta, actor }, event);
  if (options.stageAudit === true) await stageAuditRecords(tx, [record]);
  else await appendAuditRecords(tx, [record]);
}

/** One resource of `handler`'s type, or a 404 OperationOutcome. */
export async function fhirRead(
  db: Db,
  actor: Actor,
  handler: FhirTypeHandler,
  id: string,
  meta: RequestMeta,
  options: FhirReadOptions = {},
): Promise<FhirHit> {
  if (handler.readsAuditTrail === true) await sealPendingAudit(db);
  return onOneConnection(db, async (tx) => {
    const hit = await handler.read(tx, actor, id, meta);
    if (hit === undefined) throw new AppError('NOT_FOUND', `${handler.type}/${id} is not known here`, { resourceType: handler.type, id });
    await auditRead(
      tx,
      actor,
      meta,
      {
        action: 'fhir.read',
        recordType: handler.type,
        recordId: id,
        outcome: 'allowed',
        details: { resourceType: handler.type, patientIds: patientIdsOf([hit]) },
      },
      options,
    );
    return hit;
  });
}

/** A page of `handler`'s type matching `query`, the total, and the resources `_include` adds. */
export async function fhirSearch(
  db: Db,
  actor: Actor,
  handler: FhirTypeHandler,
  query: ParsedSearch,
  parameters: readonly string[],
  meta: RequestMeta,
  options: FhirReadOptions = {},
): Promise<{ total: number; matches: FhirHit[]; included: FhirHit[] }> {
  if (handler.readsAuditTrail === true) await sealPendingAudit(db);
  return onOneConnection(db, async (tx) => {
    const { total, hits } = await handler.search(tx, actor, query, meta);
    // `_include` of the subject: the patients of the page's resources (visible: the search is scoped to them).
    const subjects = query.include.length > 0 && handler.type !== 'Patient' ? await patientsByIds(tx, patientIdsOf(hits)) : [];
    await auditRead(
      tx,
      actor,
      meta,
      {
        action: 'fhir.search',
        recordType: handler.type,
        outcome: 'allowed',
        details: {
          resourceType: handler.type,
          parameters: [...parameters].sort(),
          total,
          results: hits.length,
          included: subjects.length,
          patientIds: patientIdsOf([...hits, ...subjects]),
        },
      },
      options,
    );
    return { total, matches: hits, included: subjects };
  });
}
