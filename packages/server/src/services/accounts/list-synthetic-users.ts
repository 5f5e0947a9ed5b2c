/**
 * The demo's synthetic accounts, listed on the sign-in page of demo mode.
 *
 * @module
 */
import type { Role } from '../../store/schema.js';
import type { Db } from '../../store/database.js';

/** The demo's synthetic accounts, by email, for the sign-in page of demo mode. */
export async function listSyntheticUsers(db: Db): Promise<{ email: string; roles: Role[] }[]> {
  const users = await db.selectFrom('app_user').select(['email', 'roles']).where('synthetic', '=', true).orderBy('email').execute();
  return users.map((u) => ({ email: u.email, roles: u.roles }));
}
