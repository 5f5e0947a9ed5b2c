/**
 * The demo clinic's intake: patients at every stage from referral to eligibility, made through
 * the same services the API uses (so the demo shows what the product really records).
 *
 * @module
 */
import { addDaysToIsoDate, localDateOf, mondayOfWeek } from '@kairos/core';
import { signConsentOnTablet } from '../consent/sign-consent-on-tablet.js';
import { createEnrollment } from '../enrollment/create-enrollment.js';
import { transitionEnrollment } from '../enrollment/transition-enrollment.js';
import { addFact } from '../patients/add-fact.js';
import { addVitals } from '../patients/record-vitals.js';
import { ScreeningInputSchema } from '@kairos/api';
import { decideScreening } from '../screening/decide-eligibility.js';
import { overrideScreeningCheck } from '../screening/override-check.js';
import { saveScreeningInput } from '../screening/save-screening-input.js';
import { bookCohort } from '../scheduling/book-cohort.js';
import { internalMeta, type Actor, type RequestMeta } from '../context.js';
import { DEMO_SECOND_FACTOR_POLICY } from '../second-factor/policy.js';
import { createStepUp } from '../sign-in/create-step-up.js';
import type { Db } from '../../store/database.js';

const DAY_MS = 86_400_000;

async function actorOf(db: Db, email: string): Promise<Actor> {
  const u = await db.selectFrom('app_user').selectAll().where('email', '=', email).executeTakeFirstOrThrow();
  return { userId: u.id, email: u.email, displayName: u.display_name, roles: u.roles, siteId: u.site_id };
}

/** The intake steps of the demo loader, taken as of `now` (a past course is worked up in the past). */
async function intakeKit(db: Db, siteId: string, now: Date, password: string) {
  const meta: RequestMeta = internalMeta('demo-loader', now);
  const coordinator = await actorOf(db, 'coordinator@demo.test');
  const nurse = await actorOf(db, 'nurse@demo.test');
  const prescriber = await actorOf(db, 'prescriber@demo.test');
  const site = await db.selectFrom('site').select('time_zone').where('id', '=', siteId).executeTakeFirstOrThrow();
  const daysAgo = (n: number): string => localDateOf(new Date(now.getTime() - n * DAY_MS), site.time_zone);
  const patient = async (mrn: string) =>
    await db.selectFrom('patient').select(['id', 'given_name', 'family_name']).where('mrn', '=', mrn).executeTakeFirstOrThrow();
  const refer = async (mrn: string) => {
    const p = await patient(mrn);
    // Referred by a community clinician, as most referrals to the program are (the Referral card shows it).
    const referral = {
      source: 'clinician',
      clinician: { name: 'Dr. Sam Reyes', organisation: 'Eastside Community Mental Health', phone: '+1 555 0142' },
      reason: 'Chronic PTSD after two SSRI trials and a course of prolonged exposure without lasting response.',
      receivedOn: daysAgo(3),
    } as const;
    const e = await createEnrollment(db, coordinator, p.id, { programTemplate: 'retreat-5-day', siteId, referral }, meta);
    return { p, e };
  };
  const proof = async (actor: Actor, purpose: string) =>
    (
      await createStepUp(db, actor, { email: actor.email, password, purpose }, meta, {
        allowSynthetic: true,
        policy: DEMO_SECOND_FACTOR_POLICY,
      })
    ).stepUpToken;
  const fullWorkup = async (p: { id: string }, extra: { medication?: string; condition?: string } = {}) => {
    await addFact(db, nurse, p.id, 'diagnosis', { code: 'F43.12', display: 'Post-traumatic stress disorder, chronic' }, meta);
    if (extra.medication !== undefined) await addFact(db, nurse, p.id, 'medication', { name: extra.medication, dailyDoseMg: 1 }, meta);
    await addFact(db, nurse, p.id, 'medication', { name: 'Sertraline', dailyDoseMg: 100 }, meta);
    if (extra.condition !== undefined) await addFact(db, nurse, p.id, 'condition', { code: extra.condition }, meta);
    await addVitals(
      db,
      nurse,
      p.id,
      {
        measuredAt: new Date(now.getTime() - 2 * DAY_MS).toISOString(),
        systolic: 124,
        diastolic: 78,
        heartRate: 72,
        spo2: 98,
        weightKg: 74.2,
      },
      meta,
    );
  };
  const screeningInput = ScreeningInputSchema.parse({
    priorTreatments: ['ssri', 'trauma-focused-psychotherapy'],
    cardiovascularRiskFactors: false,
    pregnancyPossible: false,
    conditionsReviewed: true,
    medicationsReviewed: true,
    completed: { history: daysAgo(12), physicalExam: daysAgo(12), labs: daysAgo(10), psychiatricEvaluation: daysAgo(9) },
  });

  // Eligible, with signed consent.
  const makeEligible = async (mrn: string, programTemplate = 'retreat-5-day') => {
    const p = await patient(mrn);
    const e = await createEnrollment(db, coordinator, p.id, { programTemplate, siteId }, meta);
    await transitionEnrollment(db, coordinator, e.id, { to: 'screening' }, meta);
    await fullWorkup(p);
    await signConsentOnTablet(db, coordinator, e.id, { typedName: `${p.given_name} ${p.family_name}` }, meta);
    await saveScreeningInput(db, coordinator, e.id, screeningInput, meta);
    // Sertraline is not in the interaction table: Kairos lists it and a prescriber reviews it.
    await overrideScreeningCheck(
      db,
      prescriber,
      e.id,
      {
        checkId: 'unrecognised-medications',
        reason: 'Sertraline 100 mg: an SSRI, reviewed for interactions with ketamine; none that changes the plan',
        stepUpToken: await proof(prescriber, 'screening.override'),
      },
      meta,
    );
    await decideScreening(db, prescriber, e.id, { outcome: 'eligible', stepUpToken: await proof(prescriber, 'screening.decide') }, meta);
    return e.id;
  };
  return { meta, coordinator, nurse, prescriber, refer, proof, fullWorkup, screeningInput, makeEligible };
}

/** A demo patient made eligible as of `asOf` (with a work-up dated before it); returns the enrollment id. */
export async function makeDemoPatientEligible(
  db: Db,
  siteId: string,
  asOf: Date,
  password: string,
  mrn: string,
  programTemplate = 'retreat-5-day',
): Promise<string> {
  return (await intakeKit(db, siteId, asOf, password)).makeEligible(mrn, programTemplate);
}

/** Puts demo patients at each intake stage; returns how many patients it moved. */
export async function seedDemoIntake(db: Db, siteId: string, now: Date, password: string): Promise<number> {
  const { meta, coordinator, nurse, prescriber, refer, proof, fullWorkup, screeningInput, makeEligible } = await intakeKit(
    db,
    siteId,
    now,
    password,
  );

  // Referred: waiting for screening to start.
  await refer('DEMO-0001');
  await refer('DEMO-0002');

  // Screening with missing items: a diagnosis on record, the rest still to gather.
  for (const mrn of ['DEMO-0003', 'DEMO-0004']) {
    const { p, e } = await refer(mrn);
    await transitionEnrollment(db, coordinator, e.id, { to: 'screening' }, meta);
    await addFact(db, nurse, p.id, 'diagnosis', { code: 'F43.10', display: 'Post-traumatic stress disorder, unspecified' }, meta);
  }

  // Needs review, with an override: a benzodiazepine to hold, overridden by the prescriber.
  {
    const { p, e } = await refer('DEMO-0005');
    await transitionEnrollment(db, coordinator, e.id, { to: 'screening' }, meta);
    await fullWorkup(p, { medication: 'Lorazepam' });
    await signConsentOnTablet(db, coordinator, e.id, { typedName: `${p.given_name} ${p.family_name}` }, meta);
    await saveScreeningInput(db, coordinator, e.id, screeningInput, meta);
    await overrideScreeningCheck(
      db,
      prescriber,
      e.id,
      {
        checkId: 'interaction:benzodiazepine',
        reason: 'Lorazepam 1 mg at night: held 24 h before each session, agreed with the patient',
        stepUpToken: await proof(prescriber, 'screening.override'),
      },
      meta,
    );
  }

  // Ineligible, with reasons: a history of psychosis.
  {
    const { p, e } = await refer('DEMO-0006');
    await transitionEnrollment(db, coordinator, e.id, { to: 'screening' }, meta);
    await fullWorkup(p, { condition: 'psychosis-history' });
    await saveScreeningInput(db, coordinator, e.id, screeningInput, meta);
    await decideScreening(
      db,
      prescriber,
      e.id,
      {
        outcome: 'ineligible',
        reason: 'History of psychosis (brief psychotic episode 2019): an absolute contraindication in this program',
        stepUpToken: await proof(prescriber, 'screening.decide'),
      },
      meta,
    );
  }

  // Eligible, with signed consent: two waiting to be scheduled, and the members of the demo cohorts.
  await makeEligible('DEMO-0007');
  await makeEligible('DEMO-0008');
  const cohortMembers = {
    thisWeek: [await makeEligible('DEMO-0009'), await makeEligible('DEMO-0010')],
    nextWeek: [await makeEligible('DEMO-0011'), await makeEligible('DEMO-0012')],
    series: await makeEligible('DEMO-0013', 'infusion-series-6'),
  };
  await seedDemoCohorts(db, siteId, now, coordinator, cohortMembers, meta);
  return 13;
}

/** Books the demo cohorts: a retreat whose day 2 is today, one starting in a week, a series in progress. */
async function seedDemoCohorts(
  db: Db,
  siteId: string,
  now: Date,
  coordinator: Actor,
  members: { thisWeek: string[]; nextWeek: string[]; series: string },
  meta: RequestMeta,
): Promise<void> {
  const site = await db.selectFrom('site').select('time_zone').where('id', '=', siteId).executeTakeFirstOrThrow();
  const { pair, user, room, chair } = await demoBookingKit(db, siteId);
  const today = localDateOf(now, site.time_zone);
  // The series started on the last Monday before today, so the demo always has completed
  // infusions (with their adverse event): loaded on a Monday, that is a week ago, not today.
  const lastMonday = mondayOfWeek(addDaysToIsoDate(today, -1));
  await bookCohort(
    db,
    coordinator,
    { siteId, programTemplate: 'retreat-5-day', startDate: addDaysToIsoDate(today, -1), members: await pair(members.thisWeek) },
    meta,
  );
  await bookCohort(
    db,
    coordinator,
    { siteId, programTemplate: 'retreat-5-day', startDate: addDaysToIsoDate(today, 7), members: await pair(members.nextWeek) },
    meta,
  );
  await bookCohort(
    db,
    coordinator,
    {
      siteId,
      programTemplate: 'infusion-series-6',
      startDate: lastMonday,
      members: [
        {
          enrollmentId: members.series,
          chairId: chair(2),
          roomId: room('Therapy room A'),
          staff: {
            'licensed-iv-runner': await user('director@demo.test'),
            therapist: await user('therapist3@demo.test'),
            prescriber: await user('prescriber2@demo.test'),
          },
        },
      ],
    },
    meta,
  );
}

/** Chairs, rooms and the two care teams of the demo site, for booking demo cohorts. */
async function demoBookingKit(db: Db, siteId: string) {
  const rooms = await db.selectFrom('room').select(['id', 'name']).where('site_id', '=', siteId).execute();
  const chairs = await db
    .selectFrom('chair')
    .innerJoin('room', 'room.id', 'chair.room_id')
    .select(['chair.id', 'chair.name'])
    .where('room.site_id', '=', siteId)
    .orderBy('chair.name')
    .execute();
  const user = async (email: string) =>
    (await db.selectFrom('app_user').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;
  const room = (name: string) => rooms.find((r) => r.name === name)?.id as string;
  const chair = (i: number) => chairs[i]?.id as string;
  const team = async (n: 1 | 2) => ({
    'licensed-iv-runner': await user(n === 1 ? 'nurse@demo.test' : 'nurse2@demo.test'),
    therapist: await user(n === 1 ? 'therapist@demo.test' : 'therapist2@demo.test'),
    prescriber: await user(n === 1 ? 'prescriber@demo.test' : 'prescriber2@demo.test'),
  });
  const pair = async (ids: string[]) => [
    { enrollmentId: ids[0] as string, chairId: chair(0), roomId: room('Therapy room A'), staff: await team(1) },
    { enrollmentId: ids[1] as string, chairId: chair(1), roomId: room('Therapy room B'), staff: await team(2) },
  ];
  return { pair, user, room, chair };
}

/** Books a demo retreat for two eligible enrollments (team 1 and team 2) as of `asOf`. */
export async function bookDemoRetreat(
  db: Db,
  siteId: string,
  startDate: string,
  enrollmentIds: [string, string],
  asOf: Date,
): Promise<void> {
  const coordinator = await actorOf(db, 'coordinator@demo.test');
  const { pair } = await demoBookingKit(db, siteId);
  await bookCohort(
    db,
    coordinator,
    { siteId, programTemplate: 'retreat-5-day', startDate, members: await pair(enrollmentIds) },
    internalMeta('demo-loader', asOf),
  );
}
