/**
 * Use case: the staff accounts on the administrators' Users page (roles, site, active, second factor,
 * last sign-in).
 *
 * @module
 */
import type { StaffAccount } from '@kairos/api';
import type { Actor } from '../context.js';
import type { Db } from '../../store/database.js';
import { listStaffAccountViews } from './internal/staff-accounts.js';

/** Every account the actor manages (administrators: every site's), by name. */
export function listStaffAccounts(db: Db, actor: Actor): Promise<StaffAccount[]> {
  return listStaffAccountViews(db, actor);
}
