/**
 * Use case: the patient's portal home (schedule, preparation material, crisis resources, tasks).
 *
 * @module
 */
import type { PortalHome } from '@kairos/api';
import { findProgramTemplate } from '@kairos/core';
import { audit } from '../audit.js';
import { NO_USER, type RequestMeta } from '../context.js';
import { contentBody, portalSettingsOf } from '../site-content/internal/site-content.js';
import { transact } from '../transaction.js';
import type { Db } from '../../store/database.js';
import { portalEvent, crisisResources, patientSite, openQuestionnaires } from './internal/portal-views.js';

/** The portal's home: everything the patient's screens show. */
export async function portalHome(db: Db, patientId: string, meta: RequestMeta): Promise<PortalHome> {
  return transact(db, async (tx) => {
    const p = await patientSite(tx, patientId);
    const events = await tx
      .selectFrom('scheduled_event as e')
      .innerJoin('enrollment as en', 'en.id', 'e.enrollment_id')
      .select(['e.id', 'e.kind', 'e.title', 'e.program_day', 'e.starts_at', 'e.ends_at', 'en.program_template'])
      .where('en.patient_id', '=', patientId)
      .where('e.state', '=', 'scheduled')
      .orderBy('e.starts_at')
      .execute();
    const preparation: { templateId: string; day: number; title: string; body: string }[] = [];
    const seen = new Set<string>();
    for (const e of events) {
      const key = `preparation:${e.program_template}:day-${e.program_day}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const body = await contentBody(tx, p.site_id, key);
      const template = findProgramTemplate(e.program_template);
      if (body !== null)
        preparation.push({
          templateId: e.program_template,
          day: e.program_day,
          title: `${template?.title ?? e.program_template}, day ${e.program_day}`,
          body,
        });
    }
    const { today, questionnaires } = await openQuestionnaires(tx, patientId, meta.now);
    const discharged = await tx
      .selectFrom('dosing_session')
      .select(['id'])
      .where('patient_id', '=', patientId)
      .where('state', '=', 'discharged')
      .limit(1)
      .executeTakeFirst();
    const dischargeInstructions = discharged === undefined ? null : await contentBody(tx, p.site_id, 'discharge-instructions');
    const carePlan = await tx
      .selectFrom('clinical_note')
      .select(['id', 'signed_at'])
      .where('patient_id', '=', patientId)
      .where('template', '=', 'continuing-care-plan')
      .where('state', '=', 'signed')
      .orderBy('signed_at', 'desc')
      .executeTakeFirst();
    // A superbill can be printed once the clinic has entered its billing identity and finalised a charge.
    const billed = await tx
      .selectFrom('charge_line as c')
      .innerJoin('site_billing as b', 'b.site_id', 'c.site_id')
      .select('c.id')
      .where('c.patient_id', '=', patientId)
      .limit(1)
      .executeTakeFirst();
    await audit(tx, { ...meta, actor: NO_USER }, portalEvent(patientId, 'portal.home.read'));
    return {
      givenName: p.given_name,
      site: { name: p.site_name, timeZone: p.time_zone },
      today,
      schedule: events.map((e) => ({
        id: e.id,
        kind: e.kind,
        title: e.title,
        programDay: e.program_day,
        startsAt: e.starts_at.toISOString(),
        endsAt: e.ends_at.toISOString(),
      })),
      preparation,
      questionnaires,
      crisisResources: await crisisResources(tx, p.site_id),
      showResults: portalSettingsOf(p.settings).showResults,
      dischargeInstructions,
      carePlan: carePlan === undefined ? null : { noteId: carePlan.id, signedAt: carePlan.signed_at?.toISOString() ?? null },
      superbill: billed !== undefined,
    };
  });
}
