/**
 * Reading a site's schedule (optionally one staff member's), audited with the patients it shows.
 *
 * @module
 */
import type { ScheduleEvent } from '@kairos/api';
import { assertSiteInScope } from '../access/site-scope.js';
import { audit } from '../audit.js';
import type { Actor, RequestMeta } from '../context.js';
import { transact } from '../transaction.js';
import type { Db } from '../../store/database.js';
import { listSchedule } from './list-schedule.js';

/** A site's schedule between two instants (optionally one staff member's), read by a staff member: audited with the patients it shows. */
export async function readSchedule(
  db: Db,
  actor: Actor,
  input: { siteId: string; from: string; to: string; userId?: string },
  meta: RequestMeta,
): Promise<ScheduleEvent[]> {
  return transact(db, async (tx) => {
    assertSiteInScope(actor, input.siteId, meta, 'schedule.read');
    const items = await listSchedule(tx, actor, input);
    await audit(
      tx,
      { ...meta, actor },
      {
        action: 'schedule.read',
        recordType: 'site',
        recordId: input.siteId,
        outcome: 'allowed',
        details: { patientIds: [...new Set(items.flatMap((i) => (i.patient.id === null ? [] : [i.patient.id])))] },
      },
    );
    return items;
  });
}
