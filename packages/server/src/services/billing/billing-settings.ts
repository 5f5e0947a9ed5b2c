/**
 * Use case: a site's billing setup is read (issue 27): its billing identity (null until entered)
 * and its fee schedule, seeded with the codes Kairos proposes the first time. Who: `billing.configure`
 * (declared by the route) at their own site.
 *
 * @module
 */
import { BILLING_MINUTES } from '@kairos/core';
import type { BillingSettings } from '@kairos/api';
import type { Db } from '../../store/database.js';
import type { RequestMeta } from '../context.js';
import { transact } from '../transaction.js';
import { feeScheduleOf, seedFeeSchedule } from './internal/fee-schedule-rows.js';

export async function billingSettings(db: Db, siteId: string, meta: RequestMeta): Promise<BillingSettings> {
  return transact(db, async (tx) => {
    await seedFeeSchedule(tx, siteId, meta.now);
    const identity = await tx.selectFrom('site_billing').selectAll().where('site_id', '=', siteId).executeTakeFirst();
    return {
      identity:
        identity === undefined
          ? null
          : {
              legalName: identity.legal_name,
              address: identity.address,
              taxId: identity.tax_id,
              npi: identity.npi,
              placeOfService: identity.place_of_service,
              updatedAt: identity.updated_at.toISOString(),
            },
      fees: await feeScheduleOf(tx, siteId),
      provenance:
        BILLING_MINUTES.provenance.kind === 'site-default' && BILLING_MINUTES.provenance.note !== undefined
          ? `Codes and their minute rules: ${BILLING_MINUTES.provenance.note}.`
          : 'Codes and their minute rules: site defaults for the coder’s review.',
    };
  });
}
