/**
 * Staff accounts: create one, change a password. Used by the CLI (and later the admin pages);
 * every change is audited.
 *
 * @module
 */
import type { Kysely } from 'kysely';
import { AppError } from '../errors.js';
import { ROLES, type Database, type Role } from '../store/schema.js';
import { appendAudit } from './audit.js';
import { checkPasswordPolicy, hashPassword } from './passwords.js';
import { emailKey, type RequestMeta } from './sessions.js';

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

export async function addUser(
  db: Kysely<Database>,
  input: NewUser,
  meta: RequestMeta,
  actor: { userId: string | null; roles: string[] } = { userId: null, roles: [] },
): Promise<string> {
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
    await appendAudit(tx, {
      userId: actor.userId,
      userRoles: actor.roles,
      action: 'user.create',
      recordType: 'user',
      recordId: row.id,
      outcome: 'allowed',
      requestId: meta.requestId,
      clientAddress: meta.clientAddress,
      details: { roles: input.roles },
      at: meta.now,
    });
    return row.id;
  });
}

export async function setUserPassword(
  db: Kysely<Database>,
  email: string,
  password: string,
  meta: RequestMeta,
  actor: { userId: string | null; roles: string[] } = { userId: null, roles: [] },
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
    await appendAudit(tx, {
      userId: actor.userId,
      userRoles: actor.roles,
      action: 'user.password',
      recordType: 'user',
      recordId: user.id,
      outcome: 'allowed',
      requestId: meta.requestId,
      clientAddress: meta.clientAddress,
      at: meta.now,
    });
  });
}
