/**
 * FHIR Practitioner and PractitionerRole: the staff of the actor's site (any staff member may list
 * them, as the staff list). No patient data. The NPI is carried when one is recorded (none yet:
 * the billing issue records them).
 *
 * @module
 */
import { toFhirPractitioner, toFhirPractitionerRole, type StaffRecord } from '@kairos/core';
import { sql, type SqlBool } from 'kysely';
import type { Selectable } from 'kysely';
import type { AppUserTable } from '../../store/schema.js';
import { listSiteOf } from '../access/site-scope.js';
import type { FhirHit, FhirTypeHandler } from './fhir-types.js';
import { allOf, anyOf, containsPattern, dateWhere, never, uuidIdWhere, totalOf } from './search-sql.js';
import type { Db } from '../../store/database.js';
import type { Actor } from '../context.js';
import type { ParsedSearch } from '../../fhir/search-params.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const staffOf = (u: Selectable<AppUserTable>): StaffRecord => ({
  id: u.id,
  displayName: u.display_name,
  email: u.email,
  roles: u.roles,
  siteId: u.site_id,
  active: u.active,
  npi: u.npi,
  synthetic: u.synthetic,
  updatedAt: u.updated_at,
});

/** The staff of the actor's site matching `q` (a page, and how many in all). */
async function searchStaff(tx: Db, actor: Actor, q: ParsedSearch) {
  const where = allOf([
    sql<SqlBool>`u.site_id = ${listSiteOf(actor)}`,
    uuidIdWhere(q, 'u.id'),
    dateWhere(q, '_lastUpdated', 'u.updated_at'),
    ...(q.strings.name ?? []).map((alternatives) =>
      anyOf(alternatives.map((n) => sql<SqlBool>`lower(u.display_name) LIKE ${containsPattern(n)}`)),
    ),
    ...(q.tokens.active ?? []).map((alternatives) =>
      anyOf(
        alternatives.map((t) => (t.code === 'true' ? sql<SqlBool>`u.active` : t.code === 'false' ? sql<SqlBool>`NOT u.active` : never)),
      ),
    ),
    ...(q.tokens.role ?? []).map((alternatives) =>
      anyOf(alternatives.map((t) => (t.code === undefined ? never : sql<SqlBool>`${t.code} = ANY(u.roles)`))),
    ),
  ]);
  const rows =
    q.count === 0
      ? []
      : await tx
          .selectFrom('app_user as u')
          .selectAll('u')
          .where(where)
          .orderBy('u.display_name')
          .orderBy('u.id')
          .limit(q.count)
          .offset(q.offset)
          .execute();
  const total = await totalOf(q, rows.length, async () => {
    const counted = await tx
      .selectFrom('app_user as u')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where(where)
      .executeTakeFirstOrThrow();
    return counted.n;
  });
  return { total, rows };
}

async function readStaff(tx: Db, actor: Actor, id: string) {
  if (!UUID.test(id)) return undefined;
  return tx.selectFrom('app_user').selectAll().where('id', '=', id).where('site_id', '=', listSiteOf(actor)).executeTakeFirst();
}

const hit = (resource: FhirHit['resource']): FhirHit => ({ resource, patientId: null });

export const practitionerResource: FhirTypeHandler = {
  type: 'Practitioner',
  action: 'staff.list',
  description: 'A staff member of the clinic: name, work email, NPI when recorded',
  searchParams: [
    { name: 'name', type: 'string', documentation: 'Part of the name (case-insensitive)' },
    { name: 'active', type: 'token', documentation: 'true or false' },
  ],
  includes: [],
  async read(tx, actor, id) {
    const u = await readStaff(tx, actor, id);
    return u === undefined ? undefined : hit(toFhirPractitioner(staffOf(u)));
  },
  async search(tx, actor, q) {
    const { total, rows } = await searchStaff(tx, actor, q);
    return { total, hits: rows.map((u) => hit(toFhirPractitioner(staffOf(u)))) };
  },
};

export const practitionerRoleResource: FhirTypeHandler = {
  type: 'PractitionerRole',
  action: 'staff.list',
  description: 'A staff member’s roles at the clinic (medical director, prescriber, nurse, therapist, coordinator, administrator)',
  searchParams: [
    {
      name: 'role',
      type: 'token',
      documentation: 'A Kairos role code (medical-director, prescriber, nurse, therapist, coordinator, admin)',
    },
    { name: 'active', type: 'token', documentation: 'true or false' },
  ],
  includes: [],
  async read(tx, actor, id) {
    const u = await readStaff(tx, actor, id);
    return u === undefined ? undefined : hit(toFhirPractitionerRole(staffOf(u)));
  },
  async search(tx, actor, q) {
    const { total, rows } = await searchStaff(tx, actor, q);
    return { total, hits: rows.map((u) => hit(toFhirPractitionerRole(staffOf(u)))) };
  },
};
