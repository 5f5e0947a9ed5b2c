/**
 * Use case: after a questionnaire is sent from the clinic tablet, the tablet's session ends when
 * nothing more is due (issue 22: "the session ends after the questionnaires").
 *
 * @module
 */
import { audit } from '../audit.js';
import { PATIENT, type RequestMeta } from '../context.js';
import { openQuestionnaires, portalEvent } from '../portal/internal/portal-views.js';
import type { PortalSessionInfo } from '../portal-access/portal-session.js';
import type { Db } from '../../store/database.js';

/** Whether the tablet's session ended (false for a portal link's session, or while something is still due). */
export async function endKioskWhenDone(db: Db, portal: PortalSessionInfo, meta: RequestMeta): Promise<boolean> {
  if (portal.kiosk === null) return false;
  return db.transaction().execute(async (tx) => {
    const { questionnaires } = await openQuestionnaires(tx, portal.patientId, meta.now);
    if (questionnaires.length > 0) return false;
    await tx.updateTable('portal_session').set({ revoked_at: meta.now }).where('token_hash', '=', portal.tokenHash).execute();
    await audit(tx, { ...meta, actor: PATIENT }, portalEvent(portal.patientId, 'portal.kiosk.end', { reason: 'questionnaires done' }));
    return true;
  });
}
