/**
 * Use case: what the clinic tablet shows its patient: their given name, the date-of-birth question
 * until it is answered, then the questionnaires due now (nothing else of the portal).
 *
 * @module
 */
import type { KioskState } from '@kairos/api';
import { audit } from '../audit.js';
import { PATIENT, type RequestMeta } from '../context.js';
import { crisisResources, openQuestionnaires, patientSite, portalEvent } from '../portal/internal/portal-views.js';
import type { PortalSessionInfo } from '../portal-access/portal-session.js';
import { transact } from '../transaction.js';
import type { Db } from '../../store/database.js';
import { KIOSK_LIMITS } from './kiosk-internal.js';

export async function kioskState(db: Db, portal: PortalSessionInfo, meta: RequestMeta): Promise<KioskState> {
  return transact(db, async (tx) => {
    const p = await patientSite(tx, portal.patientId);
    const row = await tx
      .selectFrom('portal_session')
      .select('kiosk_failures')
      .where('token_hash', '=', portal.tokenHash)
      .executeTakeFirstOrThrow();
    const confirmed = portal.kiosk?.confirmed === true;
    const questionnaires = confirmed ? (await openQuestionnaires(tx, portal.patientId, meta.now)).questionnaires : [];
    await audit(tx, { ...meta, actor: PATIENT }, portalEvent(portal.patientId, 'portal.kiosk.read', { confirmed }));
    return {
      givenName: p.given_name,
      site: { name: p.site_name },
      confirmed,
      triesLeft: Math.max(0, KIOSK_LIMITS.birthDateTries - row.kiosk_failures),
      questionnaires,
      crisisResources: await crisisResources(tx, p.site_id),
    };
  });
}
