/**
 * Use case: a site's billing identity is entered or changed (issue 27, Must 3): legal name,
 * address, tax id, type 2 NPI (its check digit checked: refused naming `body.npi`), place of
 * service. Who: `billing.configure` (the route) at their own site. Audited with what changed.
 *
 * @module
 */
import { checkNpi } from '@kairos/core';
import type { BillingIdentity, BillingIdentityBody } from '@kairos/api';
import { AppError } from '../../errors.js';
import type { Db } from '../../store/database.js';
import { audit } from '../audit.js';
import type { Actor, RequestMeta } from '../context.js';
import { transact } from '../transaction.js';

export function setBillingIdentity(
  db: Db,
  actor: Actor,
  siteId: string,
  body: BillingIdentityBody,
  meta: RequestMeta,
): Promise<BillingIdentity> {
  const npiProblem = checkNpi(body.npi);
  if (npiProblem !== undefined)
    throw new AppError('VALIDATION_FAILED', `body.npi: ${npiProblem}`, { issues: [{ field: 'body.npi', message: npiProblem }] });
  return transact(db, async (tx) => {
    const before = await tx.selectFrom('site_billing').selectAll().where('site_id', '=', siteId).executeTakeFirst();
    const values = {
      legal_name: body.legalName,
      address: body.address,
      tax_id: body.taxId,
      npi: body.npi,
      place_of_service: body.placeOfService,
      updated_by: actor.userId,
      updated_at: meta.now,
    };
    await tx
      .insertInto('site_billing')
      .values({ site_id: siteId, ...values })
      .onConflict((oc) => oc.column('site_id').doUpdateSet(values))
      .execute();
    const changed =
      before === undefined
        ? Object.keys(body)
        : Object.entries(body)
            .filter(([k]) => {
              const column = {
                legalName: 'legal_name',
                address: 'address',
                taxId: 'tax_id',
                npi: 'npi',
                placeOfService: 'place_of_service',
              }[k] as keyof typeof before;
              return before[column] !== (body as Record<string, string>)[k];
            })
            .map(([k]) => k);
    await audit(
      tx,
      { ...meta, actor },
      { action: 'billing.identity', recordType: 'site', recordId: siteId, outcome: 'allowed', details: { changed } },
    );
    return { ...body, updatedAt: meta.now.toISOString() };
  });
}
