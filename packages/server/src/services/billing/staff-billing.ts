/**
 * Use case: a clinician's type 1 NPI and licence, as a superbill names the rendering clinician, are
 * set by an administrator (`users.manage`, the route) for a user of a site they manage. The NPI's
 * check digit is checked (refused naming `body.npi`); null clears. Audited.
 *
 * @module
 */
import { checkNpi } from '@kairos/core';
import type { StaffBilling, StaffBillingBody } from '@kairos/api';
import { AppError } from '../../errors.js';
import type { Db } from '../../store/database.js';
import { audit } from '../audit.js';
import type { Actor, RequestMeta } from '../context.js';
import { transact } from '../transaction.js';

export function setStaffBilling(db: Db, actor: Actor, userId: string, body: StaffBillingBody, meta: RequestMeta): Promise<StaffBilling> {
  const npiProblem = body.npi === null ? undefined : checkNpi(body.npi);
  if (npiProblem !== undefined)
    throw new AppError('VALIDATION_FAILED', `body.npi: ${npiProblem}`, { issues: [{ field: 'body.npi', message: npiProblem }] });
  return transact(db, async (tx) => {
    let q = tx.selectFrom('app_user').select(['id', 'npi', 'licence']).where('id', '=', userId);
    if (actor.siteId !== null) q = q.where('site_id', '=', actor.siteId);
    const before = await q.executeTakeFirst();
    if (before === undefined) throw new AppError('NOT_FOUND', 'no such user at your site', { kind: 'user', id: userId });
    await tx.updateTable('app_user').set({ npi: body.npi, licence: body.licence, updated_at: meta.now }).where('id', '=', userId).execute();
    await audit(
      tx,
      { ...meta, actor },
      {
        action: 'users.billing',
        recordType: 'app_user',
        recordId: userId,
        outcome: 'allowed',
        details: { before: { npi: before.npi, licence: before.licence }, after: body },
      },
    );
    return body;
  });
}
