/**
 * Use case: the medical director's list of the site's emergency accesses: those awaiting review
 * (oldest first), then those reviewed in the last `RECENTLY_REVIEWED_DAYS` days (latest review
 * first, at most `RECENTLY_REVIEWED_MAX`). Only the director's own site. Audited with the
 * patients it names.
 *
 * @module
 */
import type { EmergencyAccess } from '@kairos/api';
import { listSiteOf } from '../access/site-scope.js';
import { audit } from '../audit.js';
import type { Actor, RequestMeta } from '../context.js';
import { transact } from '../transaction.js';
import type { Db } from '../../store/database.js';
import { selectEmergencyAccesses, toEmergencyAccess } from './emergency-access-internal.js';

/** How far back reviewed accesses are still listed, days. */
const RECENTLY_REVIEWED_DAYS = 30;
const RECENTLY_REVIEWED_MAX = 100;

export async function listEmergencyAccesses(db: Db, actor: Actor, meta: RequestMeta): Promise<EmergencyAccess[]> {
  return transact(db, async (tx) => {
    const site = listSiteOf(actor);
    const awaiting = await selectEmergencyAccesses(tx)
      .where('x.site_id', '=', site)
      .where('x.reviewed_at', 'is', null)
      .orderBy('x.opened_at')
      .orderBy('x.id')
      .execute();
    const reviewed = await selectEmergencyAccesses(tx)
      .where('x.site_id', '=', site)
      .where('x.reviewed_at', '>=', new Date(meta.now.getTime() - RECENTLY_REVIEWED_DAYS * 86_400_000))
      .orderBy('x.reviewed_at', 'desc')
      .orderBy('x.id')
      .limit(RECENTLY_REVIEWED_MAX)
      .execute();
    const rows = [...awaiting, ...reviewed];
    await audit(
      tx,
      { ...meta, actor },
      {
        action: 'emergency-access.list',
        recordType: 'emergency_access',
        outcome: 'allowed',
        details: { patientIds: [...new Set(rows.map((r) => r.patient_id))] },
      },
    );
    return rows.map((r) => toEmergencyAccess(r, meta.now));
  });
}
