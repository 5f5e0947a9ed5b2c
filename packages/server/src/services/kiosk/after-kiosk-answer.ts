/**
 * Use case: after a questionnaire is sent from the clinic tablet. The answer is tied on the record
 * to the staff member who handed the tablet over (`portal.kiosk.answered`: the response, and who
 * started the tablet), since on a tablet staff hold, "the patient answered" rests on the date of
 * birth and that hand-over. Then the tablet's session ends when nothing more is due (issue 22:
 * "the session ends after the questionnaires").
 *
 * @module
 */
import { audit } from '../audit.js';
import { PATIENT, type RequestMeta } from '../context.js';
import { openQuestionnaires, portalEvent } from '../portal/internal/portal-views.js';
import type { PortalSessionInfo } from '../portal-access/portal-session.js';
import type { Db } from '../../store/database.js';

/** Records the answer's hand-over; whether the tablet's session ended (false while something is still due). */
export async function afterKioskAnswer(
  db: Db,
  portal: PortalSessionInfo & { kiosk: NonNullable<PortalSessionInfo['kiosk']> },
  answer: { responseId: string; instrument: string },
  meta: RequestMeta,
): Promise<boolean> {
  const ctx = { ...meta, actor: PATIENT };
  return db.transaction().execute(async (tx) => {
    await audit(
      tx,
      ctx,
      portalEvent(portal.patientId, 'portal.kiosk.answered', {
        responseId: answer.responseId,
        instrument: answer.instrument,
        handedOverBy: portal.kiosk.startedBy,
      }),
    );
    const { questionnaires } = await openQuestionnaires(tx, portal.patientId, meta.now);
    if (questionnaires.length > 0) return false;
    await tx.updateTable('portal_session').set({ revoked_at: meta.now }).where('token_hash', '=', portal.tokenHash).execute();
    await audit(tx, ctx, portalEvent(portal.patientId, 'portal.kiosk.end', { reason: 'questionnaires done' }));
    return true;
  });
}
