/**
 * Row locks on what a plan books, so concurrent bookings of one chair, room or staff member
 * serialize and the second sees the first.
 *
 * @module
 */
import type { PlannedEvent } from '@kairos/api';
import type { Db } from '../../../store/database.js';

/** Locks the chairs, rooms and staff a plan touches, in a fixed order, until the transaction ends. */
export async function lockResources(tx: Db, planned: PlannedEvent[]): Promise<void> {
  const chairs = [...new Set(planned.flatMap((e) => (e.chairId === null ? [] : [e.chairId])))].sort();
  const rooms = [...new Set(planned.flatMap((e) => (e.roomId === null ? [] : [e.roomId])))].sort();
  const users = [...new Set(planned.flatMap((e) => e.staff.map((s) => s.userId)))].sort();
  if (chairs.length > 0) await tx.selectFrom('chair').select('id').where('id', 'in', chairs).orderBy('id').forUpdate().execute();
  if (rooms.length > 0) await tx.selectFrom('room').select('id').where('id', 'in', rooms).orderBy('id').forUpdate().execute();
  if (users.length > 0) await tx.selectFrom('app_user').select('id').where('id', 'in', users).orderBy('id').forUpdate().execute();
}
