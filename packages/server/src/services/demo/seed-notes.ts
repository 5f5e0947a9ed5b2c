/**
 * The demo's clinical notes, made through the same services the API uses: for every booked course
 * of the demo, the notes of each day already past, written and signed by the patient's care team
 * (intake assessment, preparation, a note per discharged dosing session, integration, discharge
 * summary); each completed retreat ends in a signed continuing care plan, the first one with an
 * amendment. The series patient gets an intake before its first infusion.
 *
 * @module
 */
import { addAmendment } from '../notes/add-amendment.js';
import { createNote } from '../notes/create-note.js';
import { NOTE_SIGN_PURPOSE, signNote } from '../notes/sign-note.js';
import { internalMeta, type Actor, type RequestMeta } from '../context.js';
import { DEMO_SECOND_FACTOR_POLICY } from '../second-factor/policy.js';
import { createStepUp } from '../sign-in/create-step-up.js';
import type { Db } from '../../store/database.js';

const MIN = 60_000;
const DAY = 24 * 60 * MIN;

async function actorOf(db: Db, userId: string): Promise<Actor> {
  const u = await db.selectFrom('app_user').selectAll().where('id', '=', userId).executeTakeFirstOrThrow();
  return { userId: u.id, email: u.email, displayName: u.display_name, roles: u.roles, siteId: u.site_id };
}

const metaAt = (ms: number): RequestMeta => internalMeta('demo-loader', new Date(ms));

/** The demo notes' content, by template: synthetic, plausible, short. */
const CONTENT = {
  'intake-assessment': {
    presentingConcerns:
      'Nightmares most nights, intrusive memories of the event, avoidance of driving and crowded places; irritability at home.',
    traumaHistory: 'Road traffic collision as a passenger four years ago; a friend was seriously injured. Symptoms began within weeks.',
    treatmentHistory:
      'Sertraline 100 mg for two years (partial response); 14 sessions of trauma-focused CBT, stopped when exposure work felt overwhelming.',
    mentalStatus: 'Alert and oriented; good rapport; mood "flat", affect constricted; no psychotic features; insight good.',
    riskAssessment:
      'C-SSRS screener negative today. Passive thoughts of death two years ago, none since; no self-harm history. Protective: partner, work, dog.',
    formulation:
      'Chronic PTSD with avoidance limiting exposure-based therapy. Proceed with the retreat as planned; intentions to be set in preparation.',
  },
  preparation: {
    intentions: ['To look at the memory of the crash without being swept away', 'To feel safe in my body again'],
    expectations:
      'Discussed dissociation, changes in perception and time, nausea, a rise in blood pressure; the nurse and therapist stay throughout.',
    groundingTechniques:
      'Paced breathing (4-6), feet on the floor, naming five things in the room; practised twice, patient able to use them.',
    supportPlan: 'Partner drives home after each session and stays the evening; the clinic line is on the patient’s phone.',
  },
  'dosing-session': {
    intention: 'To meet the memory without being swept away',
    experience:
      'Felt "floating" by minute 15; images of the road, then a sense of distance from them. Tearful near the end, settled with music.',
    support: 'Quiet presence, two grounding prompts at minute 20, reassurance during emergence.',
    integrationTalk: 'Patient noticed the memory felt "smaller"; named relief and some sadness.',
  },
  integration: {
    modality: 'emdr',
    targets: 'The moment of impact; the image of the friend in the ambulance.',
    process: 'Standard EMDR protocol, eight sets of bilateral stimulation on the impact image; associations moved to the recovery months.',
    distressRatings: 'SUDS 8 before, 3 after',
    insights: '"It is over. I did what I could."',
    stateAtClose: 'Calm and grounded; no suicidal ideation; safe to leave with partner.',
    practice: 'Container exercise nightly; journal after any nightmare.',
    minutesWithPatient: '55',
  },
  'discharge-summary': {
    courseSummary:
      '5-day retreat completed as planned: assessment and preparation, two IV ketamine sessions (days 2 and 4), EMDR integration (day 3), review (day 5).',
    sessionsCompleted: '2 of 2, 0.5 mg/kg over 40 minutes each',
    adverseEvents: 'None.',
    outcomeMeasures: 'PCL-5 fell from baseline to day 5 (see the outcome record); PHQ-9 improved.',
    conditionAtDischarge: 'Stable, hopeful, sleeping better on nights 3 and 4; no suicidal ideation.',
    recommendations:
      'Continue sertraline; weekly trauma-focused therapy with the referring therapist; follow-up questionnaires at +7, +30 and +90 days.',
    minutesWithPatient: '45',
  },
  'continuing-care-plan': {
    goals: [
      'Sleep through the night at least five nights a week',
      'Drive to work on my own by the end of next month',
      'Use grounding when a memory comes instead of leaving the room',
    ],
    maintenancePlan:
      'Weekly trauma-focused therapy with your therapist for eight weeks, then every two weeks. Keep taking sertraline 100 mg each morning. Practise the container exercise each night. A maintenance ketamine session can be discussed if the +30 day questionnaire shows symptoms returning.',
    crisisResources: 'Call or text 988 (Suicide and Crisis Lifeline), day or night. Clinic line during opening hours: 555-0100.',
    supports: 'Partner; weekly therapy; the clinic’s monthly integration group.',
    referrerSummary:
      'Chronic PTSD (F43.12) after a road traffic collision; partial response to sertraline and TF-CBT. Completed the 5-day KAP retreat without adverse events; good engagement with EMDR integration. Please continue weekly trauma-focused therapy.',
  },
} as const satisfies Record<string, Record<string, unknown>>;

type Template = keyof typeof CONTENT;

/** Writes and signs one note as `author` at `atMs` (a step-up proof of the author's own password). */
async function signedNote(
  db: Db,
  author: Actor,
  password: string,
  patientId: string,
  template: Template,
  atMs: number,
  links: { enrollmentId: string; sessionId?: string },
  content: Record<string, unknown> = CONTENT[template],
): Promise<string> {
  const draft = await createNote(db, author, patientId, { template, ...links, content }, metaAt(atMs - 20 * MIN));
  const proof = await createStepUp(db, author, { email: author.email, password, purpose: NOTE_SIGN_PURPOSE }, metaAt(atMs), {
    allowSynthetic: true,
    policy: DEMO_SECOND_FACTOR_POLICY,
  });
  await signNote(db, author, draft.id, proof.stepUpToken, metaAt(atMs));
  return draft.id;
}

/** A second set of goals, so two completed patients do not share one plan. */
const OTHER_GOALS = [
  'Go back to the weekly football game with friends',
  'Talk about the event with my partner without shutting down',
  'Keep the PHQ-9 below 10 at every follow-up',
];

/** Seeds the demo's notes as of `now`. Returns how many notes it signed. */
export async function seedDemoNotes(db: Db, now: Date, password: string): Promise<number> {
  const events = await db
    .selectFrom('scheduled_event as ev')
    .innerJoin('enrollment as en', 'en.id', 'ev.enrollment_id')
    .innerJoin('patient as p', 'p.id', 'en.patient_id')
    .innerJoin('site as s', 's.id', 'en.site_id')
    .leftJoin('dosing_session as ds', 'ds.event_id', 'ev.id')
    .select([
      'ev.kind',
      'ev.program_day',
      'ev.starts_at',
      'ev.ends_at',
      'en.id as enrollment_id',
      'en.program_template',
      'p.id as patient_id',
      'p.mrn',
      'ds.id as session_id',
      'ds.state as session_state',
    ])
    .where('s.synthetic', '=', true)
    .where('ev.state', '=', 'scheduled')
    .orderBy('p.mrn')
    .orderBy('ev.starts_at')
    .execute();
  const courses = new Map<string, typeof events>();
  for (const e of events) courses.set(e.enrollment_id, [...(courses.get(e.enrollment_id) ?? []), e]);
  const nowMs = now.getTime();
  let signed = 0;
  let amended = false;
  for (const [enrollmentId, evs] of courses) {
    const first = evs[0];
    if (first === undefined || first.starts_at.getTime() > nowMs) continue;
    const team = await db.selectFrom('care_team_member').select(['role', 'user_id']).where('patient_id', '=', first.patient_id).execute();
    const member = (role: string) => team.find((m) => m.role === role)?.user_id;
    const therapistId = member('therapist');
    const prescriberId = member('prescriber');
    if (therapistId === undefined || prescriberId === undefined) continue;
    const therapist = await actorOf(db, therapistId);
    const prescriber = await actorOf(db, prescriberId);
    const links = { enrollmentId };
    const note = async (
      author: Actor,
      template: Template,
      atMs: number,
      extra: { sessionId?: string; content?: Record<string, unknown> } = {},
    ) => {
      if (atMs > nowMs) return undefined;
      signed++;
      return signedNote(
        db,
        author,
        password,
        first.patient_id,
        template,
        atMs,
        { ...links, ...(extra.sessionId === undefined ? {} : { sessionId: extra.sessionId }) },
        extra.content,
      );
    };
    // A program without an assessment day (the series) has its intake before the first infusion.
    if (!evs.some((e) => e.kind === 'assessment')) await note(prescriber, 'intake-assessment', first.starts_at.getTime() - 60 * MIN);
    let dosing = 0;
    for (const e of evs) {
      const after = e.ends_at.getTime() + 15 * MIN;
      if (e.kind === 'assessment') await note(prescriber, 'intake-assessment', after);
      else if (e.kind === 'preparation') await note(therapist, 'preparation', after);
      else if (e.kind === 'integration') await note(therapist, 'integration', after);
      else if (e.kind === 'dosing' && e.session_state === 'discharged' && e.session_id !== null) {
        dosing++;
        const content =
          dosing === 2
            ? {
                ...CONTENT['dosing-session'],
                experience:
                  'Less "floating" than the first session; stayed with the memory and said it felt far away. Calm throughout emergence.',
              }
            : undefined;
        await note(therapist, 'dosing-session', after, { sessionId: e.session_id, ...(content === undefined ? {} : { content }) });
      } else if (e.kind === 'review' && after <= nowMs) {
        await note(prescriber, 'discharge-summary', after);
        const plan = { ...CONTENT['continuing-care-plan'], goals: amended ? OTHER_GOALS : [...CONTENT['continuing-care-plan'].goals] };
        // The follow-up measures stay as prefilled from the measurement schedule.
        const planId = await note(therapist, 'continuing-care-plan', after + 30 * MIN, { content: plan });
        if (planId !== undefined && !amended && after + 9 * DAY <= nowMs) {
          await addAmendment(
            db,
            therapist,
            planId,
            {
              body: 'Added a goal after the +7 day questionnaire: join the clinic’s monthly integration group from next month.',
              reason: 'Agreed with the patient at the +7 day check-in call',
            },
            metaAt(after + 9 * DAY),
          );
          amended = true;
        }
      }
    }
  }
  return signed;
}
