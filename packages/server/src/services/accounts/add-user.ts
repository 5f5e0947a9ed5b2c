/**
 * Creates a staff account (used by the CLI; audited).
 *
 * @module
 */
import { AppError } from '../../errors.js';
import { ROLES, type Role } from '../../store/schema.js';
import { audit } from '../audit.js';
import { NO_USER, type AuditActor, type RequestMeta } from '../context.js';
import { emailKey } from './email-key.js';
import { resolveUserSite } from './internal/user-site.js';
import { assertPasswordPolicy, hashPassword } from './passwords.js';
import type { Db } from '../../store/database.js';

export interface NewUser {
  email: string;
  displayName: string;
  roles: Role[];
  password: string;
  /**
   * The user's site: an existing site's id or name; with `newSiteTimeZone`, a site of that name is
   * created first (the first account of a fresh installation). Optional only while exactly one site
   * exists (that one).
   */
  site?: string;
  newSiteTimeZone?: string;
}

export async function addUser(
  db: Db,
  input: NewUser,
  meta: RequestMeta,
  actor: AuditActor = NO_USER,
): Promise<{ userId: string; siteName: string }> {
  const email = emailKey(input.email);
  if (!/^[^@\s]+@[^@\s]+$/.test(email)) throw new AppError('VALIDATION_FAILED', `email: "${input.email}" is not an email address`);
  const unknown = input.roles.filter((r) => !(ROLES as readonly string[]).includes(r));
  if (input.roles.length === 0 || unknown.length > 0)
    throw new AppError(
      'VALIDATION_FAILED',
      `role: give one or more of ${ROLES.join(', ')}${unknown.length > 0 ? ` (unknown: ${unknown.join(', ')})` : ''}`,
    );
  assertPasswordPolicy(input.password, email);
  const passwordHash = await hashPassword(input.password);
  return db.transaction().execute(async (tx) => {
    const existing = await tx
      .selectFrom('app_user')
      .select('id')
      .where((eb) => eb(eb.fn('lower', ['email']), '=', email))
      .executeTakeFirst();
    if (existing !== undefined) throw new AppError('CONFLICT', `a user with email ${email} already exists`);
    const siteId = await resolveUserSite(tx, input, meta, actor);
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
      { action: 'user.create', recordType: 'user', recordId: row.id, outcome: 'allowed', details: { roles: input.roles, siteId } },
    );
    const site = await tx.selectFrom('site').select('name').where('id', '=', siteId).executeTakeFirstOrThrow();
    return { userId: row.id, siteName: site.name };
  });
}
