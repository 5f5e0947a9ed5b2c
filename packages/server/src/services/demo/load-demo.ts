/**
 * The demo clinic: one site, staff in every role, and synthetic patients with care teams.
 * Deterministic given its seed and the clock's date (anchored to today, so later issues can put
 * today's dosing sessions in it). Every record is marked synthetic. Loading again resets it.
 *
 * @module
 */
import { sql, type Kysely } from 'kysely';
import type { Database, Role } from '../../store/schema.js';
import { appendAudit } from '../audit.js';
import { hashPassword } from '../passwords.js';

export const DEMO_SEED = 20261128;
export const DEMO_PASSWORD = 'kairos-demo-2026';
export const DEMO_SITE_NAME = 'Kairos Demo Clinic (synthetic)';

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
];

const GIVEN = ['Avery', 'Blake', 'Casey', 'Devon', 'Emerson', 'Finley', 'Gray', 'Harper', 'Indigo', 'Jordan', 'Kendall', 'Logan', 'Morgan', 'Noel', 'Oakley', 'Parker', 'Quinn', 'Riley', 'Sage', 'Taylor', 'Umber', 'Val', 'Wren', 'Xen', 'Yael', 'Zion'];
const FAMILY = ['Ashdown', 'Brightwater', 'Coldbrook', 'Dunmore', 'Elmsworth', 'Fairhaven', 'Glenrock', 'Hollowell', 'Ironwood', 'Juniper', 'Kestrel', 'Larkspur', 'Marlowe', 'Northcott', 'Oakhurst', 'Pemberton', 'Quarry', 'Ravensworth', 'Stonebridge', 'Thornfield'];

export const DEMO_PATIENT_COUNT = 44;

/** A small seeded PRNG (mulberry32): the same seed gives the same clinic. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

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
export async function isDemoLoaded(db: Kysely<Database>): Promise<boolean> {
  const row = await db.selectFrom('site').select('id').where('synthetic', '=', true).executeTakeFirst();
  return row !== undefined;
}

/** True when the database holds no users and no patients: a fresh install. */
export async function isEmpty(db: Kysely<Database>): Promise<boolean> {
  const u = await db.selectFrom('app_user').select('id').limit(1).executeTakeFirst();
  const p = await db.selectFrom('patient').select('id').limit(1).executeTakeFirst();
  return u === undefined && p === undefined;
}

/** Removes every synthetic record (the audit trail is append-only and keeps its events). */
async function removeDemo(tx: Kysely<Database>): Promise<void> {
  const sites = tx.selectFrom('site').select('id').where('synthetic', '=', true);
  const patients = tx.selectFrom('patient').select('id').where('synthetic', '=', true);
  const users = tx.selectFrom('app_user').select('id').where('synthetic', '=', true);
  await tx.deleteFrom('care_team_member').where((eb) => eb.or([eb('patient_id', 'in', patients), eb('user_id', 'in', users)])).execute();
  await tx.deleteFrom('patient').where('synthetic', '=', true).execute();
  await tx.deleteFrom('user_session').where('user_id', 'in', users).execute();
  await tx.deleteFrom('step_up').where((eb) => eb.or([eb('user_id', 'in', users), eb('requested_by', 'in', users)])).execute();
  await tx.deleteFrom('app_user').where('synthetic', '=', true).execute();
  await tx.deleteFrom('site').where('id', 'in', sites).execute();
}

/** Loads (or reloads) the demo clinic as of `now`. */
export async function loadDemo(db: Kysely<Database>, now: Date, { seed = DEMO_SEED }: { seed?: number } = {}): Promise<{ users: number; patients: number }> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const today = now.toISOString().slice(0, 10);
  const patients = buildDemoPatients(today, seed);
  return db.transaction().execute(async (tx) => {
    await removeDemo(tx);
    const site = await tx
      .insertInto('site')
      .values({ name: DEMO_SITE_NAME, time_zone: 'America/New_York', settings: JSON.stringify({}), synthetic: true, created_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    const ids = new Map<string, string>();
    for (const u of DEMO_USERS) {
      const row = await tx
        .insertInto('app_user')
        .values({ email: u.email, display_name: u.displayName, password_hash: passwordHash, roles: u.roles, site_id: site.id, synthetic: true, created_at: now, updated_at: now })
        .returning('id')
        .executeTakeFirstOrThrow();
      ids.set(u.email, row.id);
    }
    const team = (n: 1 | 2) =>
      n === 1
        ? { prescriber: ids.get('prescriber@demo.test'), therapist: ids.get('therapist@demo.test'), nurse: ids.get('nurse@demo.test') }
        : { prescriber: ids.get('prescriber2@demo.test'), therapist: ids.get('therapist2@demo.test'), nurse: ids.get('nurse2@demo.test') };
    for (const p of patients) {
      const row = await tx
        .insertInto('patient')
        .values({ site_id: site.id, mrn: p.mrn, given_name: p.givenName, family_name: p.familyName, birth_date: p.birthDate, sex: p.sex, phone: p.phone, email: null, synthetic: true, created_at: now, updated_at: now })
        .returning('id')
        .executeTakeFirstOrThrow();
      const t = team(p.team);
      for (const role of ['prescriber', 'therapist', 'nurse'] as const) {
        await tx.insertInto('care_team_member').values({ patient_id: row.id, role, user_id: t[role] as string }).execute();
      }
    }
    await sql`INSERT INTO kairos_meta (key, value) VALUES ('demo', ${JSON.stringify({ seed, loadedFor: today })}::jsonb)
      ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`.execute(tx);
    await appendAudit(tx, { userId: null, userRoles: [], action: 'demo.load', recordType: 'site', recordId: site.id, outcome: 'allowed', details: { seed, users: DEMO_USERS.length, patients: patients.length }, at: now });
    return { users: DEMO_USERS.length, patients: patients.length };
  });
}
