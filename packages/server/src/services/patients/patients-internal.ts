/**
 * Shared by the patient use cases of this folder: a patient's view (its own fields and site), its care
 * team, and the audit event of a patient record.
 *
 * @module
 */
import type { CareTeamMember, Patient } from '@kairos/api';
import type { PatientTable } from '../../store/schema.js';
import { audit } from '../audit.js';
import type { Actor, RequestMeta } from '../context.js';
import type { Db } from '../../store/database.js';

/** A patient's own fields (the contract's Patient without the care team), and their site. */
export interface PatientView extends Omit<Patient, 'careTeam'> {
  siteId: string;
}

type PatientRow = { [K in keyof PatientTable]: PatientTable[K] extends { __select__: infer S } ? S : PatientTable[K] };

export function toView(
  r: Pick<
    PatientRow,
    'id' | 'site_id' | 'mrn' | 'given_name' | 'family_name' | 'birth_date' | 'sex' | 'phone' | 'email' | 'address' | 'synthetic'
  >,
): PatientView {
  return {
    id: r.id,
    siteId: r.site_id,
    mrn: r.mrn,
    givenName: r.given_name,
    familyName: r.family_name,
    birthDate: r.birth_date,
    sex: r.sex,
    phone: r.phone,
    email: r.email,
    address: r.address,
    synthetic: r.synthetic,
  };
}

export function auditPatient(
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

export async function careTeamOf(tx: Db, patientId: string): Promise<CareTeamMember[]> {
  const rows = await tx
    .selectFrom('care_team_member as c')
    .innerJoin('app_user as u', 'u.id', 'c.user_id')
    .select(['c.role', 'c.user_id', 'u.display_name'])
    .where('c.patient_id', '=', patientId)
    .orderBy('c.role')
    .execute();
  return rows.map((r) => ({ role: r.role, userId: r.user_id, displayName: r.display_name }));
}
