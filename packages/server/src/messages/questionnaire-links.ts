/**
 * A wave of in-clinic or at-home questionnaires in one action (issue 22, Must 2): a portal link
 * emailed to each patient of a site with questionnaires due now, as `createPortalAccessAndNotify`
 * does for one. A patient without an email address gets no link (none is made: a code nobody
 * receives is a credential left lying about; the clinic tablet is the way for them), and one with
 * nothing due gets none either. Each link is audited as `portal-access.create`; a patient the
 * caller may not reach is refused (audited) and the others go on.
 *
 * @module
 */
import type { QuestionnaireLinksResult } from '@kairos/api';
import { AppError } from '../errors.js';
import { assertPatientAccess } from '../services/patients/assert-patient-access.js';
import { openQuestionnaires } from '../services/portal/internal/portal-views.js';
import type { Actor, RequestMeta } from '../services/context.js';
import { transact } from '../services/transaction.js';
import type { Db } from '../store/database.js';
import { createPortalAccessAndNotify, type MessageSettings } from './producers.js';

type Outcome = QuestionnaireLinksResult['items'][number]['outcome'];

export async function sendQuestionnaireLinks(
  db: Db,
  actor: Actor,
  siteId: string,
  patientIds: readonly string[],
  input: { requireAddress: boolean },
  settings: MessageSettings,
  meta: RequestMeta,
): Promise<QuestionnaireLinksResult> {
  if (input.requireAddress && settings.publicUrl === undefined)
    throw new AppError(
      'CONFLICT',
      "Links cannot be emailed: the clinic's public web address (KAIROS_PUBLIC_URL) is not set. Hand over the tablet instead.",
      { reason: 'no-public-address' },
    );
  const items: QuestionnaireLinksResult['items'] = [];
  for (const patientId of new Set(patientIds)) {
    let outcome: Outcome;
    try {
      outcome = await transact(db, async (tx): Promise<Outcome> => {
        await assertPatientAccess(tx, actor, patientId, meta, 'portal-access.create');
        const p = await tx.selectFrom('patient').select(['site_id', 'email']).where('id', '=', patientId).executeTakeFirstOrThrow();
        if (p.site_id !== siteId) return 'refused';
        if ((await openQuestionnaires(tx, patientId, meta.now)).questionnaires.length === 0) return 'nothing-due';
        return p.email === null ? 'no-email' : 'sent';
      });
    } catch (err) {
      if (err instanceof AppError && (err.status === 403 || err.status === 404)) outcome = 'refused';
      else throw err;
    }
    if (outcome === 'sent') {
      const created = await createPortalAccessAndNotify(db, actor, patientId, { send: true, ...input }, settings, meta);
      if (created.message === null) outcome = created.messageNotSent === 'no-email' ? 'no-email' : 'refused';
    }
    items.push({ patientId, outcome });
  }
  return { items, sent: items.filter((i) => i.outcome === 'sent').length };
}
