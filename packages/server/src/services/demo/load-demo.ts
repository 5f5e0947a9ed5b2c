/**
 * The demo clinic: one site, staff in every role, and synthetic patients with care teams.
 * Deterministic given its seed and the clock's date (anchored to today, so later issues can put
 * today's dosing sessions in it). Every record is marked synthetic. Loading again resets it.
 *
 * @module
 */
import { sql } from 'kysely';
import type { Role } from '../../store/schema.js';
import { audit } from '../audit.js';
import { addDaysToIsoDate, localDateOf, type LicenceType } from '@kairos/core';
import { giveCurrentCredentials } from '../credentials/seed-credentials.js';
import { documentHash } from '../consent/internal/document-hash.js';
import { seedDemoIntake } from './seed-intake.js';
import { seedDemoMeasures } from './seed-measures.js';
import { seedDemoMessages } from './seed-messages.js';
import { seedDemoStock } from './seed-stock.js';
import { seededRandom } from './seeded-random.js';
import { demoProgramHistory } from './demo-program-history.js';
import { seedProgramHistory } from './seed-program-history.js';
import { seedDemoMaintenance } from './seed-maintenance.js';
import { seedDemoSessions } from './seed-sessions.js';
import { seedDemoNotes } from './seed-notes.js';
import { DEMO_PASSWORD, hashDemoPassword } from '../accounts/passwords.js';
import type { Db } from '../../store/database.js';
import { NO_USER } from '../context.js';

export const DEMO_SEED = 20261128;
export { seededRandom };
export { DEMO_PASSWORD };
export const DEMO_SITE_NAME = 'Kairos Demo Clinic (synthetic)';
export const DEMO_TIME_ZONE = 'America/New_York';
/** The demo clinic's state: its clinicians' licences and DEA registrations are for it. */
export const DEMO_STATE = 'NY';
/** The demo nurse whose ACLS expires soon (a warning on Today and their My day), and in how many days. */
export const DEMO_ACLS_LAPSING_EMAIL = 'nurse2@demo.test';
export const DEMO_ACLS_LAPSING_DAYS = 45;

/** A demo therapist's licence, by the letters after their name. */
function therapistLicenceOf(displayName: string): LicenceType {
  if (/PsyD|PhD/.test(displayName)) return 'PSYCHOLOGIST';
  if (/LMFT/.test(displayName)) return 'LMFT';
  if (/LPC/.test(displayName)) return 'LPC';
  return 'LCSW';
}

/** The demo staff. The first six are the ones the README and the sign-in page name. */
export const DEMO_USERS: readonly { email: string; displayName: string; roles: Role[] }[] = [
  { email: 'admin@demo.test', displayName: 'Alex Admin', roles: ['admin'] },
  { email: 'director@demo.test', displayName: 'Dr. Dana Director', roles: ['medical-director'] },
  { email: 'prescriber@demo.test', displayName: 'Dr. Priya Prescriber', roles: ['prescriber'] },
  { email: 'nurse@demo.test', displayName: 'Nora Nurse, RN', roles: ['nurse'] },
  { email: 'therapist@demo.test', displayName: 'Theo Therapist, LCSW', roles: ['therapist'] },
  { email: 'coordinator@demo.test', displayName: 'Cora Coordinator', roles: ['coordinator'] },
  { email: 'prescriber2@demo.test', displayName: 'Dr. Paul Second', roles: ['prescriber'] },
  { email: 'nurse2@demo.test', displayName: 'Nate Second, RN', roles: ['nurse'] },
  { email: 'therapist2@demo.test', displayName: 'Tess Second, PsyD', roles: ['therapist'] },
  { email: 'therapist3@demo.test', displayName: 'Tara Third, LMFT', roles: ['therapist'] },
  // Covers the interactive demo's maintenance session today, while the others work the retreat and the series.
  { email: 'therapist4@demo.test', displayName: 'Uma Fourth, LPC', roles: ['therapist'] },
];

const GIVEN = [
  'Avery',
  'Blake',
  'Casey',
  'Devon',
  'Emerson',
  'Finley',
  'Gray',
  'Harper',
  'Indigo',
  'Jordan',
  'Kendall',
  'Logan',
  'Morgan',
  'Noel',
  'Oakley',
  'Parker',
  'Quinn',
  'Riley',
  'Sage',
  'Taylor',
  'Umber',
  'Val',
  'Wren',
  'Xen',
  'Yael',
  'Zion',
];
const FAMILY = [
  'Ashdown',
  'Brightwater',
  'Coldbrook',
  'Dunmore',
  'Elmsworth',
  'Fairhaven',
  'Glenrock',
  'Hollowell',
  'Ironwood',
  'Juniper',
  'Kestrel',
  'Larkspur',
  'Marlowe',
  'Northcott',
  'Oakhurst',
  'Pemberton',
  'Quarry',
  'Ravensworth',
  'Stonebridge',
  'Thornfield',
];

export const DEMO_PATIENT_COUNT = 44;

export interface DemoPatient {
  mrn: string;
  givenName: string;
  familyName: string;
  birthDate: string;
  sex: 'female' | 'male' | 'other' | 'unknown';
  phone: string;
  team: 1 | 2;
}

/** The demo patients for a given date (ages are computed from it). Pure and deterministic. */
export function buildDemoPatients(today: string, seed = DEMO_SEED): DemoPatient[] {
  const rand = seededRandom(seed);
  const year = Number(today.slice(0, 4));
  const used = new Set<string>();
  const out: DemoPatient[] = [];
  for (let i = 0; out.length < DEMO_PATIENT_COUNT; i++) {
    const given = GIVEN[Math.floor(rand() * GIVEN.length)] as string;
    const family = FAMILY[Math.floor(rand() * FAMILY.length)] as string;
    const age = 22 + Math.floor(rand() * 45);
    const month = 1 + Math.floor(rand() * 12);
    const day = 1 + Math.floor(rand() * 28);
    const sexRoll = rand();
    if (used.has(`${given} ${family}`)) continue;
    used.add(`${given} ${family}`);
    const n = out.length + 1;
    out.push({
      mrn: `DEMO-${String(n).padStart(4, '0')}`,
      givenName: given,
      familyName: family,
      birthDate: `${year - age}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
      sex: sexRoll < 0.47 ? 'female' : sexRoll < 0.94 ? 'male' : 'other',
      phone: `555-01${String(n).padStart(2, '0')}`,
      team: n <= 32 ? 1 : 2,
    });
    if (i > 10_000) throw new Error('cannot build distinct demo names');
  }
  return out;
}

/** True when the demo clinic is loaded. */
export async function isDemoLoaded(db: Db): Promise<boolean> {
  const row = await db.selectFrom('site').select('id').where('synthetic', '=', true).executeTakeFirst();
  return row !== undefined;
}

/** True when the database holds no users and no patients: a fresh install. */
export async function isEmpty(db: Db): Promise<boolean> {
  const u = await db.selectFrom('app_user').select('id').limit(1).executeTakeFirst();
  const p = await db.selectFrom('patient').select('id').limit(1).executeTakeFirst();
  return u === undefined && p === undefined;
}

/** Removes the demo clinic: everything at its site and every synthetic record (the audit trail is append-only and keeps its events). */
async function removeDemo(tx: Db): Promise<void> {
  const sites = tx.selectFrom('site').select('id').where('synthetic', '=', true);
  const patients = tx
    .selectFrom('patient')
    .select('id')
    .where((eb) => eb.or([eb('synthetic', '=', true), eb('site_id', 'in', sites)]));
  const users = tx.selectFrom('app_user').select('id').where('synthetic', '=', true);
  const enrollments = tx
    .selectFrom('enrollment')
    .select('id')
    .where((eb) => eb.or([eb('patient_id', 'in', patients), eb('site_id', 'in', sites)]));
  const assessments = tx.selectFrom('screening_assessment').select('id').where('enrollment_id', 'in', enrollments);
  const events = tx
    .selectFrom('scheduled_event')
    .select('id')
    .where((eb) => eb.or([eb('enrollment_id', 'in', enrollments), eb('site_id', 'in', sites)]));
  const sessions = tx.selectFrom('dosing_session').select('id').where('site_id', 'in', sites);
  // Signed notes and amendments are locked; the demo reset alone may remove the demo's (0008).
  await sql`SELECT set_config('kairos.demo_reset', 'on', true)`.execute(tx);
  // Billing: charges and payments are append-only except for this reset of a synthetic site (0040).
  await tx.deleteFrom('charge_line').where('site_id', 'in', sites).execute();
  await tx.deleteFrom('payment').where('site_id', 'in', sites).execute();
  await tx.deleteFrom('patient_insurance').where('patient_id', 'in', patients).execute();
  await tx.deleteFrom('fee_schedule_item').where('site_id', 'in', sites).execute();
  await tx.deleteFrom('site_billing').where('site_id', 'in', sites).execute();
  // Staff credentials of the demo's people, and the overrides given at its site (issue 28).
  await tx
    .deleteFrom('credential_override')
    .where((eb) => eb.or([eb('site_id', 'in', sites), eb('user_id', 'in', users), eb('decided_by', 'in', users)]))
    .execute();
  await tx
    .deleteFrom('staff_credential')
    .where((eb) => eb.or([eb('user_id', 'in', users), eb('recorded_by', 'in', users), eb('removed_by', 'in', users)]))
    .execute();
  await tx
    .deleteFrom('note_amendment')
    .where('note_id', 'in', tx.selectFrom('clinical_note').select('id').where('patient_id', 'in', patients))
    .execute();
  await tx.deleteFrom('clinical_note').where('patient_id', 'in', patients).execute();
  await tx.deleteFrom('live_event').where('site_id', 'in', sites).execute();
  await tx.deleteFrom('clinical_task').where('patient_id', 'in', patients).execute();
  await tx.deleteFrom('questionnaire_draft').where('patient_id', 'in', patients).execute();
  await tx.deleteFrom('questionnaire_response').where('patient_id', 'in', patients).execute();
  await tx.deleteFrom('journal_entry').where('patient_id', 'in', patients).execute();
  await tx.deleteFrom('site_content').where('site_id', 'in', sites).execute();
  // FHIR exports asked for in the demo (their files go with them).
  await tx
    .deleteFrom('fhir_export')
    .where((eb) => eb.or([eb('site_id', 'in', sites), eb('requested_by', 'in', users)]))
    .execute();
  // The ketamine stock ledger is append-only except for this reset of a synthetic site (0027).
  for (const table of [
    'stock_count_resolution',
    'stock_count_line',
    'stock_count',
    'stock_effect',
    'stock_entry',
    'stock_lot',
    'stock_product',
    'stock_location',
    'site_dea_registration',
  ] as const) {
    await tx.deleteFrom(table).where('site_id', 'in', sites).execute();
  }
  for (const table of [
    'session_medication',
    'adverse_event',
    'vital_reading',
    'session_alert',
    'infusion_event',
    'dose_order',
    'session_transition',
  ] as const) {
    await tx.deleteFrom(table).where('session_id', 'in', sessions).execute();
  }
  await tx.deleteFrom('dosing_session').where('site_id', 'in', sites).execute();
  await tx.deleteFrom('device_token').where('site_id', 'in', sites).execute();
  await tx.deleteFrom('hl7_sender').where('site_id', 'in', sites).execute();
  await tx.deleteFrom('event_staff').where('event_id', 'in', events).execute();
  await tx
    .deleteFrom('scheduled_event')
    .where((eb) => eb.or([eb('enrollment_id', 'in', enrollments), eb('site_id', 'in', sites)]))
    .execute();
  await tx.deleteFrom('cohort').where('site_id', 'in', sites).execute();
  await tx.deleteFrom('calendar_feed').where('user_id', 'in', users).execute();
  await tx.deleteFrom('message').where('patient_id', 'in', patients).execute();
  await tx.deleteFrom('portal_session').where('patient_id', 'in', patients).execute();
  await tx.deleteFrom('portal_access').where('patient_id', 'in', patients).execute();
  await tx.deleteFrom('consent_signature').where('enrollment_id', 'in', enrollments).execute();
  // A referral's documents and details (0024) name their uploader and editor (demo users too).
  await tx
    .deleteFrom('referral_document')
    .where((eb) => eb.or([eb('enrollment_id', 'in', enrollments), eb('uploaded_by', 'in', users)]))
    .execute();
  await tx
    .deleteFrom('referral_detail')
    .where((eb) => eb.or([eb('enrollment_id', 'in', enrollments), eb('updated_by', 'in', users)]))
    .execute();
  await tx.deleteFrom('screening_decision').where('enrollment_id', 'in', enrollments).execute();
  await tx.deleteFrom('screening_override').where('assessment_id', 'in', assessments).execute();
  await tx.deleteFrom('screening_assessment').where('enrollment_id', 'in', enrollments).execute();
  await tx.deleteFrom('screening_input').where('enrollment_id', 'in', enrollments).execute();
  await tx.deleteFrom('enrollment_transition').where('enrollment_id', 'in', enrollments).execute();
  await tx.deleteFrom('enrollment').where('id', 'in', enrollments).execute();
  await tx
    .deleteFrom('emergency_access')
    .where((eb) => eb.or([eb('patient_id', 'in', patients), eb('user_id', 'in', users)]))
    .execute();
  // Corrections name their corrector (a demo user) and patient.
  await tx
    .deleteFrom('record_correction')
    .where((eb) => eb.or([eb('patient_id', 'in', patients), eb('corrected_by', 'in', users)]))
    .execute();
  await tx.deleteFrom('patient_vitals').where('patient_id', 'in', patients).execute();
  await tx.deleteFrom('patient_fact').where('patient_id', 'in', patients).execute();
  await tx.deleteFrom('consent_document').where('site_id', 'in', sites).execute();
  await tx.deleteFrom('protocol_version').where('site_id', 'in', sites).execute();
  await tx
    .deleteFrom('chair')
    .where('room_id', 'in', tx.selectFrom('room').select('id').where('site_id', 'in', sites))
    .execute();
  await tx.deleteFrom('room').where('site_id', 'in', sites).execute();
  await tx
    .deleteFrom('care_team_member')
    .where((eb) => eb.or([eb('patient_id', 'in', patients), eb('user_id', 'in', users)]))
    .execute();
  await tx.deleteFrom('patient').where('id', 'in', patients).execute();
  await tx.deleteFrom('user_session').where('user_id', 'in', users).execute();
  await tx.deleteFrom('recovery_code').where('user_id', 'in', users).execute();
  await tx.deleteFrom('user_second_factor').where('user_id', 'in', users).execute();
  await tx
    .deleteFrom('step_up')
    .where((eb) => eb.or([eb('user_id', 'in', users), eb('requested_by', 'in', users)]))
    .execute();
  await tx.deleteFrom('app_user').where('synthetic', '=', true).execute();
  await tx.deleteFrom('site').where('synthetic', '=', true).execute();
}

/** The demo site's consent document (synthetic; a real site writes its own in Settings). */
export const DEMO_CONSENT = {
  title: 'Consent to ketamine-assisted psychotherapy (demo clinic, synthetic)',
  body: [
    'This is a demonstration document of a synthetic clinic. A real clinic writes its own consent in Settings.',
    '',
    'I agree to take part in the ketamine-assisted psychotherapy program described to me: preparation, monitored intravenous ketamine sessions with vital-sign monitoring, integration therapy and follow-up questionnaires.',
    'I have been told about the expected effects (dissociation, changes in perception, a rise in blood pressure and heart rate, nausea) and the risks, and about the alternatives.',
    'I will not drive until the next day after a session, and a responsible adult will take me home.',
    'I may stop at any time without affecting my other care.',
  ].join('\n'),
};

/** The demo's listed HL7 v2 sender: this machine (127.0.0.1), where the monitor simulator runs. */
export const DEMO_HL7_SENDER_NAME = 'Monitor gateway on this machine (demo)';

/** Loads (or reloads) the demo clinic as of `now`. */
export async function loadDemo(
  db: Db,
  now: Date,
  { seed = DEMO_SEED, stock = false, history = false }: { seed?: number; stock?: boolean; history?: boolean } = {},
): Promise<{ users: number; patients: number }> {
  const passwordHash = await hashDemoPassword();
  const today = localDateOf(now, 'UTC');
  const patients = buildDemoPatients(today, seed);
  const loaded = await db.transaction().execute(async (tx) => {
    await removeDemo(tx);
    const site = await tx
      .insertInto('site')
      // The demo clinic works every day, so that whatever the day the demo has dosing sessions today.
      .values({
        name: DEMO_SITE_NAME,
        time_zone: DEMO_TIME_ZONE,
        working_days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'],
        settings: JSON.stringify({}),
        state: DEMO_STATE,
        synthetic: true,
        created_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    // The monitor simulator on this machine sends HL7 v2 as a listed sender (`kairos simulate-monitor --hl7`).
    await tx
      .insertInto('hl7_sender')
      .values({ site_id: site.id, name: DEMO_HL7_SENDER_NAME, address: '127.0.0.1', created_by: null, created_at: now })
      .execute();
    const ids = new Map<string, string>();
    for (const u of DEMO_USERS) {
      const row = await tx
        .insertInto('app_user')
        .values({
          email: u.email,
          display_name: u.displayName,
          password_hash: passwordHash,
          roles: u.roles,
          site_id: site.id,
          synthetic: true,
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      ids.set(u.email, row.id);
    }
    // Every clinician holds current credentials; Nate Second's ACLS lapses in 45 days (issue 28, Must 5).
    const siteToday = localDateOf(now, DEMO_TIME_ZONE);
    for (const u of DEMO_USERS) {
      const id = ids.get(u.email);
      if (id === undefined) continue;
      await giveCurrentCredentials(
        tx,
        { id, displayName: u.displayName, roles: u.roles },
        {
          today: siteToday,
          state: DEMO_STATE,
          recordedBy: ids.get('director@demo.test') ?? id,
          now,
          therapistLicence: therapistLicenceOf(u.displayName),
          ...(u.email === DEMO_ACLS_LAPSING_EMAIL ? { aclsExpiresOn: addDaysToIsoDate(siteToday, DEMO_ACLS_LAPSING_DAYS) } : {}),
        },
      );
    }
    const team = (n: 1 | 2) =>
      n === 1
        ? { prescriber: ids.get('prescriber@demo.test'), therapist: ids.get('therapist@demo.test'), nurse: ids.get('nurse@demo.test') }
        : { prescriber: ids.get('prescriber2@demo.test'), therapist: ids.get('therapist2@demo.test'), nurse: ids.get('nurse2@demo.test') };
    for (const [index, p] of patients.entries()) {
      const row = await tx
        .insertInto('patient')
        .values({
          site_id: site.id,
          mrn: p.mrn,
          given_name: p.givenName,
          family_name: p.familyName,
          birth_date: p.birthDate,
          sex: p.sex,
          phone: p.phone,
          email: null,
          // Synthetic, like every demo fact (the controlled-substance records print it).
          address: `${120 + index * 7} Maple Street, Springfield, NY 12${String(100 + index).padStart(3, '0')}`,
          synthetic: true,
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const t = team(p.team);
      for (const role of ['prescriber', 'therapist', 'nurse'] as const) {
        await tx
          .insertInto('care_team_member')
          .values({ patient_id: row.id, role, user_id: t[role] as string })
          .execute();
      }
    }
    const suite = await tx
      .insertInto('room')
      .values({ site_id: site.id, name: 'Infusion suite', created_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const chair of ['Chair 1', 'Chair 2', 'Chair 3', 'Chair 4'])
      await tx.insertInto('chair').values({ room_id: suite.id, name: chair, created_at: now }).execute();
    await tx.insertInto('room').values({ site_id: site.id, name: 'Therapy room A', created_at: now }).execute();
    await tx.insertInto('room').values({ site_id: site.id, name: 'Therapy room B', created_at: now }).execute();
    await tx
      .insertInto('consent_document')
      .values({
        site_id: site.id,
        version: 1,
        title: DEMO_CONSENT.title,
        body: DEMO_CONSENT.body,
        hash: documentHash(DEMO_CONSENT.title, DEMO_CONSENT.body),
        created_at: now,
        created_by: ids.get('director@demo.test') ?? null,
      })
      .execute();
    // The demo runs on the shipped defaults signed at load by the demo medical director, and says
    // so (design.md, Modes): the protocol in force is always a signed version.
    const director = ids.get('director@demo.test') ?? null;
    await tx
      .insertInto('protocol_version')
      .values({
        site_id: site.id,
        version: 1,
        overrides: '{}',
        changes: '[]',
        reason: 'Kairos protocol defaults as shipped (signed at demo load by the demo medical director)',
        created_at: now,
        created_by: null,
        signed_at: now,
        signed_by: director,
      })
      .execute();
    await audit(
      tx,
      { actor: { userId: director, roles: ['medical-director'] }, now },
      {
        action: 'protocol.sign',
        recordType: 'protocol_version',
        recordId: `${site.id}:1`,
        outcome: 'allowed',
        details: { version: 1, demo: 'signed at demo load' },
      },
    );
    await sql`INSERT INTO kairos_meta (key, value) VALUES ('demo', ${JSON.stringify({ seed, loadedFor: today })}::jsonb)
      ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`.execute(tx);
    await audit(
      tx,
      { actor: NO_USER, now },
      {
        action: 'demo.load',
        recordType: 'site',
        recordId: site.id,
        outcome: 'allowed',
        details: { seed, users: DEMO_USERS.length, patients: patients.length },
      },
    );
    return { users: DEMO_USERS.length, patients: patients.length, siteId: site.id };
  });
  // Then the workflows, through the services the API uses.
  await seedDemoIntake(db, loaded.siteId, now, DEMO_PASSWORD);
  // The ketamine stock (npm start, kairos demo): the tests' demo keeps none unless a test sets it up.
  if (stock) await seedDemoStock(db, loaded.siteId, now);
  await seedDemoSessions(db, now, DEMO_PASSWORD);
  await seedDemoMeasures(db, loaded.siteId, now, DEMO_PASSWORD);
  await seedDemoMessages(db, loaded.siteId, now);
  await seedDemoNotes(db, now, DEMO_PASSWORD);
  // The program's past courses for the Outcomes page (npm start, kairos demo), written as history.
  const past = history ? demoProgramHistory(localDateOf(now, DEMO_TIME_ZONE)) : [];
  if (history) {
    await seedProgramHistory(db, loaded.siteId, now, past);
    // And a maintenance session today to click through (the bladder questions before it).
    await seedDemoMaintenance(db, now);
  }
  return { users: loaded.users, patients: loaded.patients + past.length + (history ? 1 : 0) };
}
