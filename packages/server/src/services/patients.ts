/**
 * Patients: create, read, update, search. Every read or write of patient data leaves an audit
 * event in the same transaction. Ordinary access follows the care team; medical directors and
 * coordinators work site-wide; anything else is refused and audited.
 *
 * @module
 */
import { isIsoDate } from '@kairos/core';
import type {
  CareTeamMember,
  Patient,
  PatientCreateBody,
  PatientSearchQuery,
  PatientSearchResult,
  PatientUpdateBody,
  Sex,
} from '@kairos/api';
import { sql } from 'kysely';
import { AppError, notFound } from '../errors.js';
import { SITE_WIDE_ROLES } from './access/permissions.js';
import type { PatientTable } from '../store/schema.js';
import { audit } from './audit.js';
import { AuditedRefusal, transact } from './transaction.js';
import type { Actor, RequestMeta } from './context.js';
import type { Db } from '../store/database.js';

/** A patient's own fields (the contract's Patient without the care team), and their site. */
export interface PatientView extends Omit<Patient, 'careTeam'> {
  siteId: string;
}

type PatientRow = { [K in keyof PatientTable]: PatientTable[K] extends { __select__: infer S } ? S : PatientTable[K] };

function toView(
  r: Pick<PatientRow, 'id' | 'site_id' | 'mrn' | 'given_name' | 'family_name' | 'birth_date' | 'sex' | 'phone' | 'email' | 'synthetic'>,
): PatientView {
  return {
    id: r.id as string,
    siteId: r.site_id,
    mrn: r.mrn,
    givenName: r.given_name,
    familyName: r.family_name,
    birthDate: r.birth_date as string,
    sex: r.sex as Sex,
    phone: r.phone,
    email: r.email,
    synthetic: r.synthetic as boolean,
  };
}

export const isSiteWide = (actor: Actor): boolean => actor.roles.some((r) => SITE_WIDE_ROLES.includes(r));

function auditPatient(
  tx: Db,
  actor: Actor,
  meta: RequestMeta,
  action: string,
  patientId: string | null,
  outcome: 'allowed' | 'denied',
  details: Record<string, unknown> = {},
) {
  return audit(tx, { ...meta, actor }, { action, recordType: 'patient', recordId: patientId, patientId, outcome, details });
}

/** The site a new patient of this actor belongs to: theirs, or the installation's first. */
async function siteFor(tx: Db, actor: Actor): Promise<string> {
  if (actor.siteId !== null) return actor.siteId;
  const site = await tx.selectFrom('site').select('id').orderBy('created_at').limit(1).executeTakeFirst();
  if (site === undefined) throw new AppError('CONFLICT', 'No site exists yet: an administrator must create one first.');
  return site.id;
}

/**
 * Refuses (and audits) access to a patient outside the actor's care teams, unless the actor works
 * site-wide. A patient that does not exist is a 404.
 */
export async function assertPatientAccess(tx: Db, actor: Actor, patientId: string, meta: RequestMeta, action: string): Promise<void> {
  const patient = await tx.selectFrom('patient').select(['id', 'site_id']).where('id', '=', patientId).executeTakeFirst();
  if (patient === undefined) throw notFound('patient', patientId);
  if (isSiteWide(actor) && (actor.siteId === null || actor.siteId === patient.site_id)) return;
  const member = await tx
    .selectFrom('care_team_member')
    .select('role')
    .where('patient_id', '=', patientId)
    .where('user_id', '=', actor.userId)
    .executeTakeFirst();
  if (member !== undefined) return;
  throw new AuditedRefusal(
    'FORBIDDEN',
    'You are not on this patient’s care team. Access outside the care team is refused and recorded.',
    { ...meta, actor },
    { action, recordType: 'patient', recordId: patientId, patientId, outcome: 'denied', details: { reason: 'outside care team' } },
    { patientId },
  );
}

async function careTeamOf(tx: Db, patientId: string): Promise<CareTeamMember[]> {
  const rows = await tx
    .selectFrom('care_team_member as c')
    .innerJoin('app_user as u', 'u.id', 'c.user_id')
    .select(['c.role', 'c.user_id', 'u.display_name'])
    .where('c.patient_id', '=', patientId)
    .orderBy('c.role')
    .execute();
  return rows.map((r) => ({ role: r.role, userId: r.user_id, displayName: r.display_name }));
}

export async function createPatient(
  db: Db,
  actor: Actor,
  input: PatientCreateBody,
  meta: RequestMeta,
): Promise<PatientView & Pick<Patient, 'careTeam'>> {
  return transact(db, async (tx) => {
    const siteId = await siteFor(tx, actor);
    const taken = await tx.selectFrom('patient').select('id').where('site_id', '=', siteId).where('mrn', '=', input.mrn).executeTakeFirst();
    if (taken !== undefined) throw new AppError('CONFLICT', `MRN ${input.mrn} is already used at this site`, { field: 'body.mrn' });
    const row = await tx
      .insertInto('patient')
      .values({
        site_id: siteId,
        mrn: input.mrn,
        given_name: input.givenName,
        family_name: input.familyName,
        birth_date: input.birthDate,
        sex: input.sex ?? 'unknown',
        phone: input.phone ?? null,
        email: input.email ?? null,
        created_at: meta.now,
        updated_at: meta.now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    for (const member of input.careTeam ?? []) {
      const user = await tx.selectFrom('app_user').select(['id', 'roles']).where('id', '=', member.userId).executeTakeFirst();
      if (user === undefined)
        throw new AppError('VALIDATION_FAILED', `care team: user ${member.userId} does not exist`, {
          issues: [{ field: 'body.careTeam', message: 'unknown user' }],
        });
      await tx.insertInto('care_team_member').values({ patient_id: row.id, role: member.role, user_id: member.userId }).execute();
    }
    await auditPatient(tx, actor, meta, 'patient.create', row.id, 'allowed');
    return { ...toView(row), careTeam: await careTeamOf(tx, row.id) };
  });
}

export async function getPatient(
  db: Db,
  actor: Actor,
  patientId: string,
  meta: RequestMeta,
): Promise<PatientView & Pick<Patient, 'careTeam'>> {
  return transact(db, async (tx) => {
    await assertPatientAccess(tx, actor, patientId, meta, 'patient.read');
    const row = await tx.selectFrom('patient').selectAll().where('id', '=', patientId).executeTakeFirstOrThrow();
    await auditPatient(tx, actor, meta, 'patient.read', patientId, 'allowed');
    return { ...toView(row), careTeam: await careTeamOf(tx, patientId) };
  });
}

export async function updatePatient(
  db: Db,
  actor: Actor,
  patientId: string,
  changes: PatientUpdateBody,
  meta: RequestMeta,
): Promise<PatientView & Pick<Patient, 'careTeam'>> {
  return transact(db, async (tx) => {
    await assertPatientAccess(tx, actor, patientId, meta, 'patient.update');
    const before = await tx.selectFrom('patient').selectAll().where('id', '=', patientId).forUpdate().executeTakeFirstOrThrow();
    if (changes.mrn !== undefined && changes.mrn !== before.mrn) {
      const taken = await tx
        .selectFrom('patient')
        .select('id')
        .where('site_id', '=', before.site_id)
        .where('mrn', '=', changes.mrn)
        .executeTakeFirst();
      if (taken !== undefined) throw new AppError('CONFLICT', `MRN ${changes.mrn} is already used at this site`, { field: 'body.mrn' });
    }
    const set = {
      ...(changes.mrn !== undefined ? { mrn: changes.mrn } : {}),
      ...(changes.givenName !== undefined ? { given_name: changes.givenName } : {}),
      ...(changes.familyName !== undefined ? { family_name: changes.familyName } : {}),
      ...(changes.birthDate !== undefined ? { birth_date: changes.birthDate } : {}),
      ...(changes.sex !== undefined ? { sex: changes.sex } : {}),
      ...(changes.phone !== undefined ? { phone: changes.phone } : {}),
      ...(changes.email !== undefined ? { email: changes.email } : {}),
    };
    const row = await tx
      .updateTable('patient')
      .set({ ...set, updated_at: meta.now })
      .where('id', '=', patientId)
      .returningAll()
      .executeTakeFirstOrThrow();
    // The audit records which fields changed, not their values (the values are in the record).
    await auditPatient(tx, actor, meta, 'patient.update', patientId, 'allowed', { fields: Object.keys(changes).sort() });
    return { ...toView(row), careTeam: await careTeamOf(tx, patientId) };
  });
}

/** Searches by name, MRN or date of birth; the list holds only patients the actor may see. */
export async function searchPatients(db: Db, actor: Actor, search: PatientSearchQuery, meta: RequestMeta): Promise<PatientSearchResult> {
  return transact(db, async (tx) => {
    let q = tx.selectFrom('patient as p');
    if (!isSiteWide(actor)) {
      q = q.where((eb) =>
        eb.exists(
          eb
            .selectFrom('care_team_member as c')
            .select('c.patient_id')
            .whereRef('c.patient_id', '=', 'p.id')
            .where('c.user_id', '=', actor.userId),
        ),
      );
    } else if (actor.siteId !== null) {
      q = q.where('p.site_id', '=', actor.siteId);
    }
    const text = search.q?.trim() ?? '';
    if (text !== '') {
      if (isIsoDate(text)) {
        q = q.where(sql<boolean>`p.birth_date = ${text}::date`);
      } else {
        const like = `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
        q = q.where((eb) =>
          eb.or([
            eb(eb.fn('lower', ['p.mrn']), 'like', like),
            eb(sql`lower(p.given_name || ' ' || p.family_name)`, 'like', like),
            eb(sql`lower(p.family_name || ', ' || p.given_name)`, 'like', like),
          ]),
        );
      }
    }
    const total = await q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    const rows = await q
      .selectAll('p')
      .orderBy('p.family_name')
      .orderBy('p.given_name')
      .orderBy('p.id')
      .limit(search.limit)
      .offset(search.offset)
      .execute();
    await audit(
      tx,
      { ...meta, actor },
      {
        action: 'patient.search',
        recordType: 'patient',
        outcome: 'allowed',
        details: { results: rows.length, patientIds: rows.map((r) => r.id) },
      },
    );
    return { items: rows.map(toView), total: Number(total.n) };
  });
}
