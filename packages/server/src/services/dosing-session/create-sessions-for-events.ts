/**
 * Use case: create the dosing session of each booked dosing event (called by scheduling).
 *
 * @module
 */
import type { Db } from '../../store/database.js';

/** Creates the dosing session of every dosing event that has none (called when events are booked). */
export async function createSessionsForEvents(tx: Db, eventIds: string[], now: Date): Promise<void> {
  if (eventIds.length === 0) return;
  const events = await tx
    .selectFrom('scheduled_event as e')
    .innerJoin('enrollment as en', 'en.id', 'e.enrollment_id')
    .select(['e.id', 'e.enrollment_id', 'e.site_id', 'en.patient_id'])
    .where('e.id', 'in', eventIds)
    .where('e.kind', '=', 'dosing')
    .execute();
  for (const e of events) {
    await tx
      .insertInto('dosing_session')
      .values({
        event_id: e.id,
        enrollment_id: e.enrollment_id,
        patient_id: e.patient_id,
        site_id: e.site_id,
        state: 'scheduled',
        checklist: '{}',
        created_at: now,
        updated_at: now,
      })
      .onConflict((oc) => oc.column('event_id').doNothing())
      .execute();
  }
}
