/**
 * What the administrators' account use cases share (`/api/staff-accounts`): the account as the
 * Users page shows it, loading an account to change, the administrator's own step-up proof, ending
 * an account's sign-ins, and the rule that an active administrator remains.
 *
 * @module
 */
import { STAFF_ACCOUNT_PURPOSES, type StaffAccount, type StaffAccountAct } from '@kairos/api';
import { AppError } from '../../../errors.js';
import { assertSiteInScope, listSiteOf } from '../../access/site-scope.js';
import type { Actor, RequestMeta } from '../../context.js';
import { consumeStepUp } from '../../sign-in/step-up.js';
import { AuditedRefusal } from '../../transaction.js';
import type { Db } from '../../../store/database.js';
import type { Role } from '../../../store/schema.js';

/** The audit action of each change (`staff-account.roles`...), the same words as its step-up purpose. */
export const auditActionOf = (act: StaffAccountAct): string => STAFF_ACCOUNT_PURPOSES[act];

/**
 * The accounts the actor manages, by name: administrators manage every site's staff (as they manage
 * every site's configuration and device tokens: `site-scope.ts`); anyone else, were they let in, only
 * their own site's. `ids` narrows to those accounts.
 */
export async function listStaffAccountViews(db: Db, actor: Actor, ids?: readonly string[]): Promise<StaffAccount[]> {
  if (ids !== undefined && ids.length === 0) return [];
  let q = db
    .selectFrom('app_user as u')
    .leftJoin('site as s', 's.id', 'u.site_id')
    .select((eb) => [
      'u.id',
      'u.email',
      'u.display_name',
      'u.roles',
      'u.site_id',
      's.name as site_name',
      'u.active',
      'u.created_at',
      eb
        .exists(
          eb
            .selectFrom('user_second_factor as f')
            .select('f.user_id')
            .whereRef('f.user_id', '=', 'u.id')
            .where('f.confirmed_at', 'is not', null),
        )
        .as('second_factor'),
      eb
        .selectFrom('user_session as us')
        .select((e) => e.fn.max('us.created_at').as('m'))
        .whereRef('us.user_id', '=', 'u.id')
        .as('last_sign_in'),
      'u.synthetic',
      'u.npi',
      'u.licence',
    ]);
  if (!actor.roles.includes('admin')) q = q.where('u.site_id', '=', listSiteOf(actor));
  if (ids !== undefined) q = q.where('u.id', 'in', ids);
  const rows = await q.orderBy('u.display_name').orderBy('u.email').execute();
  return rows.map((r) => ({
    id: r.id,
    email: r.email,
    displayName: r.display_name,
    roles: r.roles,
    siteId: r.site_id,
    siteName: r.site_name,
    active: r.active,
    secondFactorEnrolled: Boolean(r.second_factor),
    lastSignInAt: r.last_sign_in === null ? null : new Date(r.last_sign_in).toISOString(),
    synthetic: r.synthetic,
    createdAt: r.created_at.toISOString(),
    npi: r.npi,
    licence: r.licence,
  }));
}

/** One account as the Users page shows it, after a change. */
export async function staffAccountView(db: Db, actor: Actor, id: string): Promise<StaffAccount> {
  const [view] = await listStaffAccountViews(db, actor, [id]);
  if (view === undefined) throw new AppError('NOT_FOUND', 'This account was not found.', { kind: 'staff account', id });
  return view;
}

export interface AccountRow {
  id: string;
  email: string;
  display_name: string;
  roles: Role[];
  site_id: string | null;
  active: boolean;
}

/**
 * The account to change, locked for the transaction: a 404 for an unknown account, and
 * a refusal, audited, of an account of a site outside the actor's scope.
 */
export async function loadAccountToChange(tx: Db, actor: Actor, id: string, meta: RequestMeta, act: StaffAccountAct): Promise<AccountRow> {
  const row = await tx
    .selectFrom('app_user')
    .select(['id', 'email', 'display_name', 'roles', 'site_id', 'active'])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  if (row === undefined) throw new AppError('NOT_FOUND', 'This account was not found.', { kind: 'staff account', id });
  if (row.site_id !== null) assertSiteInScope(actor, row.site_id, meta, auditActionOf(act), 'site-config');
  return row;
}

/**
 * Uses the administrator's step-up proof for `act`: it must be their own (an administrator confirms a
 * change to an account with their own password and second factor, never someone else's). Refusals are
 * audited (consumeStepUp's own, and this one).
 */
export async function consumeOwnStepUp(
  tx: Db,
  actor: Actor,
  token: string,
  act: StaffAccountAct,
  recordId: string | null,
  meta: RequestMeta,
): Promise<void> {
  const purpose = STAFF_ACCOUNT_PURPOSES[act];
  const proof = await consumeStepUp(tx, actor, token, { purpose }, meta);
  if (proof.userId !== actor.userId)
    throw new AuditedRefusal(
      'STEP_UP_REQUIRED',
      'A change to an account is confirmed by the administrator making it: confirm with your own password.',
      { ...meta, actor },
      {
        action: auditActionOf(act),
        recordType: 'user',
        recordId,
        outcome: 'denied',
        details: { reason: 'step-up proved by another user' },
      },
      { purpose },
    );
}

/** Ends every open sign-in of the account, and voids the step-up proofs it has not used yet. */
export async function endSignInsOf(tx: Db, userId: string, now: Date): Promise<number> {
  const ended = await tx
    .updateTable('user_session')
    .set({ revoked_at: now })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  await tx.updateTable('step_up').set({ used_at: now }).where('user_id', '=', userId).where('used_at', 'is', null).execute();
  return Number(ended.numUpdatedRows);
}

/**
 * Refuses (audited) a change that would leave no active administrator: nobody could then manage
 * accounts from the app. Every active administrator's row is locked first, so two administrators
 * removing each other at once cannot both succeed.
 */
export async function assertAnAdminRemains(
  tx: Db,
  actor: Actor,
  account: AccountRow,
  after: { roles: readonly Role[]; active: boolean },
  act: StaffAccountAct,
  meta: RequestMeta,
): Promise<void> {
  const wasAdmin = account.active && account.roles.includes('admin');
  const staysAdmin = after.active && after.roles.includes('admin');
  if (!wasAdmin || staysAdmin) return;
  const admins = await tx
    .selectFrom('app_user')
    .select('id')
    .where('active', '=', true)
    .where((eb) => eb(eb.val('admin'), '=', eb.fn.any('roles')))
    .forUpdate()
    .execute();
  if (admins.some((a) => a.id !== account.id)) return;
  throw new AuditedRefusal(
    'CONFLICT',
    'This is the last active administrator: make another person an administrator first, or nobody could manage accounts.',
    { ...meta, actor },
    {
      action: auditActionOf(act),
      recordType: 'user',
      recordId: account.id,
      outcome: 'denied',
      details: { reason: 'last active administrator' },
    },
    { reason: 'last-admin' },
  );
}
