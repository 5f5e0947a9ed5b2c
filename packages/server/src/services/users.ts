/**
 * Staff accounts: create one, change a password (used by the CLI; every change is audited), and
 * the staff directory the pickers list.
 *
 * @module
 */
import { AppError } from '../errors.js';
import { ROLES, type Role } from '../store/schema.js';
import { audit } from './audit.js';
import { checkPasswordPolicy, hashPassword } from './passwords.js';
import { emailKey } from './sessions.js';
import { NO_USER, type AuditActor, type RequestMeta } from './context.js';
import type { Db } from '../store/database.js';

export interface NewUser {
  email: string;
  displayName: string;
  roles: Role[];
  password: string;
  siteId?: string | null;
}

function assertPassword(password: string, email: string): void {
  const problems = checkPasswordPolicy(password, { email });
  if (problems.length > 0) {
    throw new AppError('VALIDATION_FAILED', `password: ${problems.join('; ')}`, {
      issues: problems.map((message) => ({ field: 'password', message })),
    });
  }
}

export async function addUser(db: Db, input: NewUser, meta: RequestMeta, actor: AuditActor = NO_USER): Promise<string> {
  const email = emailKey(input.email);
  if (!/^[^@\s]+@[^@\s]+$/.test(email)) throw new AppError('VALIDATION_FAILED', `email: "${input.email}" is not an email address`);
  const unknown = input.roles.filter((r) => !(ROLES as readonly string[]).includes(r));
  if (input.roles.length === 0 || unknown.length > 0)
    throw new AppError(
      'VALIDATION_FAILED',
      `role: give one or more of ${ROLES.join(', ')}${unknown.length > 0 ? ` (unknown: ${unknown.join(', ')})` : ''}`,
    );
  assertPassword(input.password, email);
  const passwordHash = await hashPassword(input.password);
  return db.transaction().execute(async (tx) => {
    const existing = await tx
      .selectFrom('app_user')
      .select('id')
      .where((eb) => eb(eb.fn('lower', ['email']), '=', email))
      .executeTakeFirst();
    if (existing !== undefined) throw new AppError('CONFLICT', `a user with email ${email} already exists`);
    const siteId = input.siteId ?? (await tx.selectFrom('site').select('id').orderBy('created_at').limit(1).executeTakeFirst())?.id ?? null;
    const row = await tx
      .insertInto('app_user')
      .values({
        email,
        display_name: input.displayName,
        password_hash: passwordHash,
        roles: [...new Set(input.roles)],
        site_id: siteId,
        created_at: meta.now,
        updated_at: meta.now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit(
      tx,
      { ...meta, actor },
      { action: 'user.create', recordType: 'user', recordId: row.id, outcome: 'allowed', details: { roles: input.roles } },
    );
    return row.id;
  });
}

export async function setUserPassword(
  db: Db,
  email: string,
  password: string,
  meta: RequestMeta,
  actor: AuditActor = NO_USER,
): Promise<void> {
  assertPassword(password, email);
  const passwordHash = await hashPassword(password);
  await db.transaction().execute(async (tx) => {
    const user = await tx
      .selectFrom('app_user')
      .select('id')
      .where((eb) => eb(eb.fn('lower', ['email']), '=', emailKey(email)))
      .executeTakeFirst();
    if (user === undefined) throw new AppError('NOT_FOUND', `no user with email ${emailKey(email)}`);
    await tx.updateTable('app_user').set({ password_hash: passwordHash, updated_at: meta.now }).where('id', '=', user.id).execute();
    // A new password ends every open session of the account.
    await tx
      .updateTable('user_session')
      .set({ revoked_at: meta.now })
      .where('user_id', '=', user.id)
      .where('revoked_at', 'is', null)
      .execute();
    await audit(tx, { ...meta, actor }, { action: 'user.password', recordType: 'user', recordId: user.id, outcome: 'allowed' });
  });
}

/** Active staff, optionally only those with one role, by name: ids, names and roles, nothing more. */
export async function listStaffDirectory(db: Db, role?: Role): Promise<{ id: string; displayName: string; roles: Role[] }[]> {
  let q = db.selectFrom('app_user').select(['id', 'display_name', 'roles']).where('active', '=', true);
  if (role !== undefined) q = q.where((eb) => eb(eb.val(role), '=', eb.fn.any('roles')));
  const rows = await q.orderBy('display_name').execute();
  return rows.map((r) => ({ id: r.id, displayName: r.display_name, roles: r.roles }));
}

/** The demo's synthetic accounts, by email, for the sign-in page of demo mode. */
export async function listSyntheticUsers(db: Db): Promise<{ email: string; roles: Role[] }[]> {
  const users = await db.selectFrom('app_user').select(['email', 'roles']).where('synthetic', '=', true).orderBy('email').execute();
  return users.map((u) => ({ email: u.email, roles: u.roles }));
}
