/**
 * Creates a patient at the actor's site (or the installation's first), with its care team; the MRN
 * is unique per site.
 *
 * @module
 */
import type { Patient, PatientCreateBody } from '@kairos/api';
import { AppError } from '../../errors.js';
import { transact } from '../transaction.js';
import type { Actor, RequestMeta } from '../context.js';
import type { Db } from '../../store/database.js';
import { auditPatient, careTeamOf, toView, type PatientView } from './patients-internal.js';

/** The site a new patient of this actor belongs to: the actor's own (an account without a site may not create patients). */
function siteFor(actor: Actor): string {
  if (actor.siteId !== null) return actor.siteId;
  throw new AppError(
    'FORBIDDEN',
    'Your account is not attached to a site, so it cannot register patients. Ask an administrator to attach it to your site.',
  );
}

export async function createPatient(
  db: Db,
  actor: Actor,
  input: PatientCreateBody,
  meta: RequestMeta,
): Promise<PatientView & Pick<Patient, 'careTeam'>> {
  return transact(db, async (tx) => {
    const siteId = siteFor(actor);
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
        address: input.address ?? null,
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
