/**
 * Use case: an administrator creates a staff account from the Users page (step-up): name, email,
 * roles, site, and a first password the administrator hands over (the CLI's `user add` takes one
 * too; Kairos sends no password links).
 *
 * @module
 */
import type { StaffAccount, StaffAccountCreateBody } from '@kairos/api';
import { AppError } from '../../errors.js';
import { audit } from '../audit.js';
import type { Actor, RequestMeta } from '../context.js';
import { transact } from '../transaction.js';
import type { Db } from '../../store/database.js';
import { emailKey } from './email-key.js';
import { hashNewPassword } from './internal/new-password.js';
import { auditActionOf, consumeOwnStepUp, staffAccountView } from './internal/staff-accounts.js';

const duplicate = (email: string) =>
  new AppError('CONFLICT', `An account with the email ${email} already exists.`, {
    issues: [{ field: 'body.email', message: 'an account with this email already exists' }],
  });

/** Creates the account (the email is stored lower-case, one account per address); answers it as the Users page shows it. */
export async function createStaffAccount(db: Db, actor: Actor, input: StaffAccountCreateBody, meta: RequestMeta): Promise<StaffAccount> {
  const email = emailKey(input.email);
  const passwordHash = await hashNewPassword(input.password, email);
  const roles = [...new Set(input.roles)];
  try {
    return await transact(db, async (tx) => {
      await consumeOwnStepUp(tx, actor, input.stepUpToken, 'create', null, meta);
      const site = await tx.selectFrom('site').select('id').where('id', '=', input.siteId).executeTakeFirst();
      if (site === undefined)
        throw new AppError('VALIDATION_FAILED', 'siteId: no such site', { issues: [{ field: 'body.siteId', message: 'no such site' }] });
      const existing = await tx
        .selectFrom('app_user')
        .select('id')
        .where((eb) => eb(eb.fn('lower', ['email']), '=', email))
        .executeTakeFirst();
      if (existing !== undefined) throw duplicate(email);
      const row = await tx
        .insertInto('app_user')
        .values({
          email,
          display_name: input.displayName,
          password_hash: passwordHash,
          // The administrator chose it: its owner chooses their own at the first sign-in.
          password_change_required: true,
          roles,
          site_id: input.siteId,
          created_at: meta.now,
          updated_at: meta.now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await audit(
        tx,
        { ...meta, actor },
        {
          action: auditActionOf('create'),
          recordType: 'user',
          recordId: row.id,
          outcome: 'allowed',
          details: { before: null, after: { email, displayName: input.displayName, roles, siteId: input.siteId, active: true } },
        },
      );
      return staffAccountView(tx, actor, row.id);
    });
  } catch (err) {
    // Two administrators creating the same address at once: the unique index decides, still a 409.
    if ((err as { code?: unknown }).code === '23505') throw duplicate(email);
    throw err;
  }
}
