/**
 * The open review hold of an enrollment: what stops its dosing sessions until it is released.
 *
 * @module
 */
import type { ScreeningHold } from '@kairos/api';
import type { Db } from '../../store/database.js';

/** The open review hold of an enrollment, if any. */
export async function openScreeningHold(db: Db, enrollmentId: string): Promise<ScreeningHold | undefined> {
  const h = await db
    .selectFrom('screening_hold')
    .select(['id', 'kind', 'reasons', 'created_at'])
    .where('enrollment_id', '=', enrollmentId)
    .where('released_at', 'is', null)
    .executeTakeFirst();
  return h === undefined ? undefined : { id: h.id, kind: h.kind, reasons: h.reasons, since: h.created_at.toISOString() };
}
