/**
 * What a care plan PDF shows, gathered for the staff and the portal exports alike, the latest signed
 * plan the portal shows, and the PDF's file name.
 *
 * @module
 */
import { ENROLLMENT_STATE_LABELS, findProgramTemplate, generateSchedule, INSTRUMENT_DISPLAY_NAMES, localDateOf } from '@kairos/core';
import { AppError } from '../../../errors.js';
import { pdfPatient } from '../../pdf-printable.js';
import { protocolInForce } from '../../protocol/protocol-in-force.js';
import type { RequestMeta } from '../../context.js';
import type { Db } from '../../../store/database.js';
import type { CarePlanAudience, CarePlanPdfFacts } from '../render-care-plan-pdf.js';
import { amendmentsOf } from './amendments.js';
import { siteCrisisResources } from './crisis-resources.js';
import { CARE_PLAN, type NoteRow } from './note-rows.js';

/** What a care plan PDF shows: the plan, the clinic, the program and its follow-up dates. */
export async function carePlanFacts(tx: Db, row: NoteRow, meta: RequestMeta): Promise<CarePlanPdfFacts> {
  const patient = await tx
    .selectFrom('patient as p')
    .innerJoin('site as s', 's.id', 'p.site_id')
    .select([
      'p.given_name',
      'p.family_name',
      'p.birth_date',
      'p.mrn',
      'p.synthetic',
      'p.site_id',
      's.name as site_name',
      's.time_zone',
      's.working_days',
      's.closed_dates',
    ])
    .where('p.id', '=', row.patient_id)
    .executeTakeFirstOrThrow();
  const signer =
    row.signed_by === null
      ? undefined
      : await tx.selectFrom('app_user').select('display_name').where('id', '=', row.signed_by).executeTakeFirst();
  let program: CarePlanPdfFacts['program'] = null;
  let followUps: CarePlanPdfFacts['followUps'] = [];
  if (row.enrollment_id !== null) {
    const e = await tx
      .selectFrom('enrollment')
      .select(['program_template', 'state'])
      .where('id', '=', row.enrollment_id)
      .executeTakeFirstOrThrow();
    const template = findProgramTemplate(e.program_template);
    const events = await tx
      .selectFrom('scheduled_event as ev')
      .innerJoin('cohort as c', 'c.id', 'ev.cohort_id')
      .select(['ev.starts_at', 'c.start_date'])
      .where('ev.enrollment_id', '=', row.enrollment_id)
      .where('ev.state', '=', 'scheduled')
      .orderBy('ev.starts_at')
      .execute();
    const first = events[0];
    const last = events.at(-1);
    program = {
      title: template?.title ?? e.program_template,
      firstDay: first === undefined ? null : localDateOf(first.starts_at, patient.time_zone),
      lastDay: last === undefined ? null : localDateOf(last.starts_at, patient.time_zone),
      state: ENROLLMENT_STATE_LABELS[e.state],
    };
    if (template !== undefined && first !== undefined) {
      try {
        const protocol = await protocolInForce(tx, patient.site_id, meta.now);
        const schedule = generateSchedule(
          template,
          first.start_date,
          { timeZone: patient.time_zone, workingDays: patient.working_days, closedDates: patient.closed_dates },
          protocol.config,
        );
        followUps = schedule.measures
          .filter((m) => m.purposes.includes('follow-up'))
          .map((m) => ({ date: m.date, label: m.labels.join('; '), instruments: m.instruments.map((i) => INSTRUMENT_DISPLAY_NAMES[i]) }));
      } catch {
        // The site's calendar changed since booking: the plan's own text still lists the measures.
        followUps = [];
      }
    }
  }
  const amendments = await amendmentsOf(tx, row.id);
  return {
    clinicName: patient.site_name,
    timeZone: patient.time_zone,
    patient: pdfPatient(patient),
    program,
    signedBy: signer?.display_name ?? '',
    signedAt: row.signed_at ?? meta.now,
    contentHash: row.content_hash ?? '',
    content: row.content,
    followUps,
    amendments: amendments.map((a) => ({ at: new Date(a.at), by: a.by.name, reason: a.reason, body: a.body })),
    siteCrisisResources: await siteCrisisResources(tx, row.patient_id),
    generatedAt: meta.now,
  };
}

/** The PDF's file name: the audience and the patient's MRN (letters, digits and dashes only). */
export const pdfName = (audience: CarePlanAudience, mrn: string) => `care-plan-${audience}-${mrn.replace(/[^A-Za-z0-9-]/g, '')}.pdf`;

/** The patient's latest signed care plan, if one is signed. */
export function findLatestSignedPlan(tx: Db, patientId: string): Promise<NoteRow | undefined> {
  return tx
    .selectFrom('clinical_note')
    .selectAll()
    .where('patient_id', '=', patientId)
    .where('template', '=', CARE_PLAN)
    .where('state', '=', 'signed')
    .orderBy('signed_at', 'desc')
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
}

/** The patient's latest signed care plan, or a 404 saying it is not ready. */
export async function latestSignedPlan(tx: Db, patientId: string): Promise<NoteRow> {
  const row = await findLatestSignedPlan(tx, patientId);
  if (row === undefined)
    throw new AppError(
      'NOT_FOUND',
      'Your continuing care plan is not ready yet: your care team writes it with you on the last day of your program.',
      { kind: 'care plan' },
    );
  return row;
}
