/**
 * FHIR Patient: the patients of the actor's site the actor may see (care team, site-wide role,
 * emergency access: `patientVisibleTo`); reading one follows the record's own access rules
 * (`assertPatientAccess`: access by assignment and emergency access included, a refusal audited).
 *
 * @module
 */
import { mrnSystemOf, toFhirPatient, type PatientRecord } from '@kairos/core';
import { sql, type Selectable, type SqlBool } from 'kysely';
import type { PatientTable } from '../../store/schema.js';
import type { Db } from '../../store/database.js';
import { assertPatientAccess } from '../patients/assert-patient-access.js';
import { patientVisibleTo } from '../patients/visible-patients.js';
import type { FhirHit, FhirTypeHandler } from './fhir-types.js';
import { allOf, always, anyOf, containsPattern, dateWhere, never, uuidIdWhere, totalOf } from './search-sql.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const patientRecordOf = (p: Selectable<PatientTable>): PatientRecord => ({
  id: p.id,
  siteId: p.site_id,
  mrn: p.mrn,
  givenName: p.given_name,
  familyName: p.family_name,
  birthDate: p.birth_date,
  sex: p.sex,
  phone: p.phone,
  email: p.email,
  address: p.address,
  synthetic: p.synthetic,
  updatedAt: p.updated_at,
});

const hitOf = (p: Selectable<PatientTable>): FhirHit => ({ resource: toFhirPatient(patientRecordOf(p)), patientId: p.id });

/** Patients by id, as `_include` adds them to a search of resources the actor may see (their patients are visible). */
export async function patientsByIds(tx: Db, ids: readonly string[]): Promise<FhirHit[]> {
  if (ids.length === 0) return [];
  const rows = await tx
    .selectFrom('patient')
    .selectAll()
    .where('id', '=', sql<string>`ANY(${[...ids]}::uuid[])`)
    .orderBy('id')
    .execute();
  return rows.map(hitOf);
}

export const patientResource: FhirTypeHandler = {
  type: 'Patient',
  action: 'patients.read',
  description: 'A patient of the site: medical record number, name, birth date, gender, contacts',
  searchParams: [
    { name: 'identifier', type: 'token', documentation: 'The medical record number (system|value, or the value)' },
    { name: 'name', type: 'string', documentation: 'Part of the given or family name (case-insensitive)' },
    { name: 'birthdate', type: 'date', documentation: 'The date of birth' },
    { name: 'gender', type: 'token', documentation: 'female, male, other or unknown' },
  ],
  includes: [],

  async read(tx, actor, id, meta) {
    if (!UUID.test(id)) return undefined;
    const row = await tx.selectFrom('patient').selectAll().where('id', '=', id).executeTakeFirst();
    if (row === undefined) return undefined;
    await assertPatientAccess(tx, actor, row.id, meta, 'fhir.read');
    return hitOf(row);
  },

  async search(tx, actor, q, meta) {
    const conditions = [
      patientVisibleTo(actor, meta.now, { patientId: 'p.id', siteId: 'p.site_id' }),
      uuidIdWhere(q, 'p.id'),
      dateWhere(q, '_lastUpdated', 'p.updated_at'),
      // A birth date is a day: compared as the UTC day it names.
      dateWhere(q, 'birthdate', 'p.birth_date'),
      ...(q.tokens.identifier ?? []).map((alternatives) =>
        anyOf(
          alternatives.map((t) => {
            const system = t.system === undefined ? always : sql<SqlBool>`${mrnSystemOf('')} || p.site_id::text = ${t.system}`;
            return t.code === undefined ? system : sql<SqlBool>`(p.mrn = ${t.code} AND ${system})`;
          }),
        ),
      ),
      ...(q.tokens.gender ?? []).map((alternatives) =>
        anyOf(alternatives.map((t) => (t.code === undefined ? never : sql<SqlBool>`p.sex = ${t.code}`))),
      ),
      ...(q.strings.name ?? []).map((alternatives) =>
        anyOf(
          alternatives.map((s) => {
            const like = containsPattern(s);
            return sql<SqlBool>`(lower(p.given_name) LIKE ${like} OR lower(p.family_name) LIKE ${like})`;
          }),
        ),
      ),
    ];
    const where = allOf(conditions);
    const rows =
      q.count === 0
        ? []
        : await tx
            .selectFrom('patient as p')
            .selectAll('p')
            .where(where)
            .orderBy('p.family_name')
            .orderBy('p.given_name')
            .orderBy('p.id')
            .limit(q.count)
            .offset(q.offset)
            .execute();
    const total = await totalOf(q, rows.length, async () => {
      const counted = await tx
        .selectFrom('patient as p')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where(where)
        .executeTakeFirstOrThrow();
      return counted.n;
    });
    return { total, hits: rows.map(hitOf) };
  },
};
