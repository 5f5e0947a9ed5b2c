/**
 * The staff directory the pickers list (care teams, schedules).
 *
 * @module
 */
import { listSiteOf } from '../access/site-scope.js';
import type { Actor } from '../context.js';
import type { Role } from '../../store/schema.js';
import type { Db } from '../../store/database.js';

/**
 * Active staff of the actor's site (admins: of every site), optionally only those with one role, by
 * name: ids, names and roles, nothing more.
 */
export async function listStaffDirectory(db: Db, actor: Actor, role?: Role): Promise<{ id: string; displayName: string; roles: Role[] }[]> {
  let q = db.selectFrom('app_user').select(['id', 'display_name', 'roles']).where('active', '=', true);
  if (!actor.roles.includes('admin')) q = q.where('site_id', '=', listSiteOf(actor));
  if (role !== undefined) q = q.where((eb) => eb(eb.val(role), '=', eb.fn.any('roles')));
  const rows = await q.orderBy('display_name').execute();
  return rows.map((r) => ({ id: r.id, displayName: r.display_name, roles: r.roles }));
}
