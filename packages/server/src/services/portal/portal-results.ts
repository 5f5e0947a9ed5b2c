/**
 * Use case: the patient reads their results, when the site shows them.
 *
 * @module
 */
import type { PortalResults } from '@kairos/api';
import { AppError } from '../../errors.js';
import { audit } from '../audit.js';
import { patientOutcomes } from '../patient-outcomes/internal/patient-outcomes.js';
import { NO_USER, type RequestMeta } from '../context.js';
import { portalSettingsOf } from '../site-content/internal/site-content.js';
import { transact } from '../transaction.js';
import type { Db } from '../../store/database.js';
import { portalEvent, patientSite } from './internal/portal-views.js';

/** The patient's own results over time, when the site shows them. */
export async function portalResults(db: Db, patientId: string, meta: RequestMeta): Promise<PortalResults> {
  return transact(db, async (tx) => {
    const p = await patientSite(tx, patientId);
    if (!portalSettingsOf(p.settings).showResults)
      throw new AppError('FORBIDDEN', 'Your clinic does not show results in the portal. Ask your therapist about your progress.');
    const o = await patientOutcomes(tx, patientId, meta.now);
    await audit(tx, { ...meta, actor: NO_USER }, portalEvent(patientId, 'portal.results.read'));
    const series = (pts: typeof o.pcl5) => pts.map((x) => ({ date: x.date, total: x.total }));
    return { pcl5: series(o.pcl5), phq9: series(o.phq9), gad7: series(o.gad7), baseline: o.baseline };
  });
}
