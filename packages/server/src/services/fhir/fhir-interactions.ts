/**
 * Use cases of the FHIR API: read one resource, search a type. Each runs in one transaction with
 * the type's own access rules and leaves one audit event naming the type, what was asked and the
 * patients whose data was read (a read of nothing the actor may see is a 404, not a hint).
 *
 * @module
 */
import { AppError } from '../../errors.js';
import type { ParsedSearch } from '../../fhir/search-params.js';
import type { Db } from '../../store/database.js';
import { audit } from '../audit.js';
import type { Actor, RequestMeta } from '../context.js';
import { transact } from '../transaction.js';
import type { FhirHit, FhirTypeHandler } from './fhir-types.js';
import { patientsByIds } from './patient-resource.js';

const patientIdsOf = (hits: readonly FhirHit[]): string[] => [
  ...new Set(hits.flatMap((h) => [...(h.patientId === null ? [] : [h.patientId]), ...(h.patientIds ?? [])])),
];

/** One resource of `handler`'s type, or a 404 OperationOutcome. */
export async function fhirRead(db: Db, actor: Actor, handler: FhirTypeHandler, id: string, meta: RequestMeta): Promise<FhirHit> {
  return transact(db, async (tx) => {
    const hit = await handler.read(tx, actor, id, meta);
    if (hit === undefined) throw new AppError('NOT_FOUND', `${handler.type}/${id} is not known here`, { resourceType: handler.type, id });
    await audit(
      tx,
      { ...meta, actor },
      {
        action: 'fhir.read',
        recordType: handler.type,
        recordId: id,
        outcome: 'allowed',
        details: { resourceType: handler.type, patientIds: patientIdsOf([hit]) },
      },
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
): Promise<{ total: number; matches: FhirHit[]; included: FhirHit[] }> {
  return transact(db, async (tx) => {
    const { total, hits } = await handler.search(tx, actor, query, meta);
    // `_include` of the subject: the patients of the page's resources (visible: the search is scoped to them).
    const subjects = query.include.length > 0 && handler.type !== 'Patient' ? await patientsByIds(tx, patientIdsOf(hits)) : [];
    await audit(
      tx,
      { ...meta, actor },
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
    );
    return { total, matches: hits, included: subjects };
  });
}
