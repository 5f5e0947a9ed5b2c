/**
 * Use case: a member of the care team downloads a patient's progress letter to the referring
 * clinician as a PDF (issue 24, Must 3). The same patient access as the patient's outcomes
 * (`assertPatientAccess`: the care team, a site-wide role at the patient's site, an assignment
 * that day or emergency access; anyone else refused and audited); the route lets only the roles
 * that read outcomes in (director, prescriber, therapist), never a patient's portal session. The
 * download is audited with the patient (`outcomes.progress-letter-export`). It is downloaded, never
 * emailed: it carries PHI.
 *
 * What it reads: the patient and the site; the referring clinician from the referral details of
 * the patient's courses (the latest course that names one); the latest course, its events and
 * their dosing sessions; every dose given (dose orders of sessions whose infusion started); the
 * scored questionnaires with the PCL-5 against the baseline (`patientOutcomes`, as the outcome
 * view); the goals and maintenance plan of the latest signed continuing care plan. No other note
 * (never psychotherapy process notes). The PDF is rendered off the event loop, in the worker pool.
 *
 * @module
 */
import type { OutcomePoint, PatientOutcomes } from '@kairos/api';
import {
  DOSING_ROUTE_LABELS,
  ENROLLMENT_STATE_LABELS,
  findProgramTemplate,
  ivDoseOf,
  localDateOf,
  type AnyDoseCalculation,
  type FixedDoseCalculation,
} from '@kairos/core';
import { audit } from '../audit.js';
import type { Actor, RequestMeta } from '../context.js';
import { findLatestSignedPlan } from '../notes/internal/care-plan-facts.js';
import { assertPatientAccess } from '../patients/assert-patient-access.js';
import { pdfPatient } from '../pdf-printable.js';
import { transact } from '../transaction.js';
import type { Db } from '../../store/database.js';
import { renderPdf } from '../../workers/worker-pool.js';
import { patientOutcomes } from './internal/patient-outcomes.js';
import type { ProgressLetterPdfFacts, ProgressLetterScoreRow } from './render-progress-letter-pdf.js';

export const PROGRESS_LETTER_ACTION = 'outcomes.progress-letter-export';

const text = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');
const list = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x.trim() !== '').map((x) => x.trim()) : [];
const days = (n: number) => `${n} day${n === 1 ? '' : 's'}`;
/** "31% below baseline", "5% above baseline". */
const relative = (reductionPercent: number): string =>
  `${Math.round(Math.abs(reductionPercent))}% ${reductionPercent >= 0 ? 'below' : 'above'} baseline`;
const longDate = (isoDate: string): string =>
  new Intl.DateTimeFormat('en-US', { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${isoDate}T12:00:00Z`));

/** A PCL-5 against the baseline in words: "38% below baseline: response and remission". */
function pcl5Words(p: OutcomePoint, isBaseline: boolean): string | null {
  if (isBaseline) return 'Baseline';
  const o = p.outcome;
  if (o === undefined) return null;
  if (o.reductionPercent === null) return 'Baseline of 0: not assessable';
  const where = relative(o.reductionPercent);
  const verdict =
    o.response === true
      ? o.remission === true
        ? 'response and remission'
        : 'response'
      : o.reliableImprovement
        ? 'reliable improvement, not a response'
        : 'no response';
  return `${where}: ${verdict}`;
}

/** The scores by date: each questionnaire's last total of the day. */
function scoreRows(o: PatientOutcomes): ProgressLetterScoreRow[] {
  const rows = new Map<string, ProgressLetterScoreRow>();
  const row = (date: string) => {
    const r = rows.get(date) ?? { date, pcl5: null, phq9: null, gad7: null, pcl5Words: null };
    rows.set(date, r);
    return r;
  };
  o.pcl5.forEach((p, i) => {
    const r = row(p.date);
    r.pcl5 = p.total;
    r.pcl5Words = pcl5Words(p, i === 0);
  });
  for (const p of o.phq9) row(p.date).phq9 = { total: p.total, severity: p.severity ?? null };
  for (const p of o.gad7) row(p.date).gad7 = { total: p.total, severity: p.severity ?? null };
  return [...rows.values()].sort((a, b) => a.date.localeCompare(b.date));
}

/** The course's response and its durability in words, once assessed. */
function responseWords(o: PatientOutcomes): string | null {
  const c = o.course;
  if (c === null || c.responder === null || c.responseAssessment === null) return null;
  const a = c.responseAssessment;
  const head = `${c.responder ? 'Responder' : 'Not a responder'} after the course: PCL-5 ${a.total} on ${longDate(a.date)}, ${relative(a.reductionPercent)}, ${days(a.days)} after the last dosing session.`;
  if (!c.responder) return head;
  if (c.loss !== null)
    return `${head} The response was lost on ${longDate(c.loss.date)} (PCL-5 ${c.loss.total}, ${days(c.loss.days)} after the last dosing session).`;
  return c.survival === null
    ? head
    : `${head} The response held at the last PCL-5, ${days(c.survival.days)} after the last dosing session.`;
}

async function letterFacts(tx: Db, actor: Actor, patientId: string, meta: RequestMeta): Promise<ProgressLetterPdfFacts> {
  const patient = await tx
    .selectFrom('patient as p')
    .innerJoin('site as s', 's.id', 'p.site_id')
    .select(['p.given_name', 'p.family_name', 'p.birth_date', 'p.mrn', 'p.synthetic', 's.name as site_name', 's.time_zone'])
    .where('p.id', '=', patientId)
    .executeTakeFirstOrThrow();
  const zone = patient.time_zone;

  const referrer = await tx
    .selectFrom('referral_detail as r')
    .innerJoin('enrollment as e', 'e.id', 'r.enrollment_id')
    .select(['r.clinician_name', 'r.clinician_organisation'])
    .where('e.patient_id', '=', patientId)
    .where('r.clinician_name', 'is not', null)
    .orderBy('e.created_at', 'desc')
    .limit(1)
    .executeTakeFirst();

  const enrollment = await tx
    .selectFrom('enrollment')
    .select(['id', 'program_template', 'state'])
    .where('patient_id', '=', patientId)
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
  let course: ProgressLetterPdfFacts['course'] = null;
  if (enrollment !== undefined) {
    const events = await tx
      .selectFrom('scheduled_event as ev')
      .leftJoin('dosing_session as s', 's.event_id', 'ev.id')
      .select(['ev.starts_at', 'ev.title', 'ev.kind', 's.infusion_started_at'])
      .where('ev.enrollment_id', '=', enrollment.id)
      .where('ev.state', '=', 'scheduled')
      .orderBy('ev.starts_at')
      .execute();
    const held = events.filter((e) => e.starts_at <= meta.now);
    const first = events[0];
    const last = events.at(-1);
    course = {
      title: findProgramTemplate(enrollment.program_template)?.title ?? 'Program',
      state: ENROLLMENT_STATE_LABELS[enrollment.state],
      firstDay: first === undefined ? null : localDateOf(first.starts_at, zone),
      lastDay: last === undefined ? null : localDateOf(last.starts_at, zone),
      eventsHeld: held.map((e) => ({
        date: localDateOf(e.starts_at, zone),
        title: e.title,
        dosed: e.kind === 'dosing' ? e.infusion_started_at !== null : null,
      })),
      eventsAhead: events.length - held.length,
    };
  }

  const doseRows = await tx
    .selectFrom('dosing_session as s')
    .innerJoin('dose_order as d', 'd.session_id', 's.id')
    .innerJoin('enrollment as e', 'e.id', 's.enrollment_id')
    .select(['s.infusion_started_at', 'd.calculation', 'e.program_template'])
    .where('s.patient_id', '=', patientId)
    .where('s.infusion_started_at', 'is not', null)
    .orderBy('s.infusion_started_at')
    .execute();
  const doses = doseRows.flatMap((r) => {
    const calc = r.calculation as unknown as AnyDoseCalculation | null;
    if (r.infusion_started_at === null || calc === null || typeof calc.doseMg !== 'number') return [];
    const iv = ivDoseOf(calc);
    const fixed = calc as FixedDoseCalculation;
    return [
      {
        date: localDateOf(r.infusion_started_at, zone),
        program: findProgramTemplate(r.program_template)?.title.replace(/ketamine-assisted psychotherapy /, '') ?? 'Program',
        doseMg: calc.doseMg,
        mgPerKg: iv === undefined ? fixed.mgPerKg : iv.inputs.mgPerKg,
        weightKg: calc.inputs.weightKg,
        route: iv === undefined ? DOSING_ROUTE_LABELS[fixed.route] : `IV infusion over ${iv.inputs.minutes} min`,
      },
    ];
  });

  const outcomes = await patientOutcomes(tx, patientId, meta.now);

  // The one note the letter reads: the signed continuing care plan (never process notes).
  const plan = await findLatestSignedPlan(tx, patientId);
  const signer =
    plan?.signed_by === null || plan?.signed_by === undefined
      ? undefined
      : await tx.selectFrom('app_user').select('display_name').where('id', '=', plan.signed_by).executeTakeFirst();

  return {
    clinicName: patient.site_name,
    timeZone: zone,
    patient: pdfPatient(patient),
    addressee:
      referrer?.clinician_name === null || referrer?.clinician_name === undefined
        ? null
        : { name: referrer.clinician_name, organisation: referrer.clinician_organisation },
    course,
    doses,
    scores: scoreRows(outcomes),
    responseWords: responseWords(outcomes),
    carePlan:
      plan === undefined
        ? null
        : {
            signedAt: plan.signed_at ?? meta.now,
            signedBy: signer?.display_name ?? '',
            goals: list(plan.content.goals),
            maintenancePlan: text(plan.content.maintenancePlan),
          },
    author: actor.displayName,
    generatedAt: meta.now,
  };
}

/** The patient's progress letter as a PDF, with a file name free of patient data. */
export async function progressLetterPdf(
  db: Db,
  actor: Actor,
  patientId: string,
  meta: RequestMeta,
): Promise<{ pdf: Buffer; filename: string }> {
  const facts = await transact(db, async (tx) => {
    await assertPatientAccess(tx, actor, patientId, meta, PROGRESS_LETTER_ACTION);
    const f = await letterFacts(tx, actor, patientId, meta);
    await audit(
      tx,
      { ...meta, actor },
      {
        action: PROGRESS_LETTER_ACTION,
        recordType: 'patient',
        recordId: patientId,
        patientId,
        outcome: 'allowed',
        details: {
          format: 'pdf',
          addressed: f.addressee === null ? 'referring clinician (not recorded)' : 'referring clinician (recorded)',
          doses: f.doses.length,
          scores: f.scores.length,
          carePlan: f.carePlan !== null,
        },
      },
    );
    return f;
  });
  const pdf = await renderPdf({ kind: 'progress-letter', facts });
  return { pdf, filename: `progress-letter-${localDateOf(meta.now, facts.timeZone)}.pdf` };
}
