/**
 * FHIR Organization (a site) and Location (its rooms and treatment chairs): no patient data; a
 * staff member reads their own site's (admins too: they manage sites).
 *
 * @module
 */
import { toFhirLocation, toFhirOrganization } from '@kairos/core';
import { sql, type SqlBool } from 'kysely';
import { listSiteOf } from '../access/site-scope.js';
import type { FhirHit, FhirTypeHandler } from './fhir-types.js';
import { allOf, anyOf, containsPattern, dateWhere, never, uuidIdWhere } from './search-sql.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const organizationResource: FhirTypeHandler = {
  type: 'Organization',
  action: 'sites.read',
  description: 'The clinic (a site of Kairos)',
  searchParams: [{ name: 'name', type: 'string', documentation: 'Part of the name (case-insensitive)' }],
  includes: [],
  async read(tx, actor, id) {
    if (!UUID.test(id) || id !== listSiteOf(actor)) return undefined;
    const s = await tx.selectFrom('site').select(['id', 'name', 'synthetic', 'created_at']).where('id', '=', id).executeTakeFirst();
    return s === undefined ? undefined : hitOfSite(s);
  },
  async search(tx, actor, q) {
    const where = allOf([
      sql<SqlBool>`s.id = ${listSiteOf(actor)}`,
      uuidIdWhere(q, 's.id'),
      dateWhere(q, '_lastUpdated', 's.created_at'),
      ...(q.strings.name ?? []).map((alternatives) =>
        anyOf(alternatives.map((n) => sql<SqlBool>`lower(s.name) LIKE ${containsPattern(n)}`)),
      ),
    ]);
    const rows = await tx
      .selectFrom('site as s')
      .select(['s.id', 's.name', 's.synthetic', 's.created_at'])
      .where(where)
      .orderBy('s.id')
      .execute();
    return { total: rows.length, hits: rows.slice(q.offset, q.offset + q.count).map(hitOfSite) };
  },
};

function hitOfSite(s: { id: string; name: string; synthetic: boolean; created_at: Date }): FhirHit {
  return { resource: toFhirOrganization({ id: s.id, name: s.name, synthetic: s.synthetic, createdAt: s.created_at }), patientId: null };
}

/** Rooms and chairs of a site as one list (chairs through their room). */
function places(siteId: string) {
  return sql<{
    id: string;
    site_id: string;
    kind: 'room' | 'chair';
    name: string;
    room_id: string | null;
    active: boolean;
    synthetic: boolean;
    created_at: Date;
  }>`
    SELECT r.id, r.site_id, 'room' AS kind, r.name, NULL::uuid AS room_id, r.active, s.synthetic, r.created_at
      FROM room r JOIN site s ON s.id = r.site_id WHERE r.site_id = ${siteId}
    UNION ALL
    SELECT c.id, r.site_id, 'chair', c.name, c.room_id, c.active AND r.active, s.synthetic, c.created_at
      FROM chair c JOIN room r ON r.id = c.room_id JOIN site s ON s.id = r.site_id WHERE r.site_id = ${siteId}`;
}

const hitOfPlace = (p: {
  id: string;
  site_id: string;
  kind: 'room' | 'chair';
  name: string;
  room_id: string | null;
  active: boolean;
  synthetic: boolean;
  created_at: Date;
}): FhirHit => ({
  resource: toFhirLocation({
    id: p.id,
    siteId: p.site_id,
    kind: p.kind,
    name: p.name,
    roomId: p.room_id,
    active: p.active,
    synthetic: p.synthetic,
    createdAt: p.created_at,
  }),
  patientId: null,
});

export const locationResource: FhirTypeHandler = {
  type: 'Location',
  action: 'sites.read',
  description: 'A room of the clinic, or a treatment chair in a room',
  searchParams: [
    { name: 'name', type: 'string', documentation: 'Part of the name (case-insensitive)' },
    { name: 'status', type: 'token', documentation: 'active or inactive' },
  ],
  includes: [],
  async read(tx, actor, id) {
    if (!UUID.test(id)) return undefined;
    const { rows } = await sql<Parameters<typeof hitOfPlace>[0]>`SELECT * FROM (${places(listSiteOf(actor))}) p WHERE p.id = ${id}`.execute(
      tx,
    );
    return rows[0] === undefined ? undefined : hitOfPlace(rows[0]);
  },
  async search(tx, actor, q) {
    const where = allOf([
      uuidIdWhere(q, 'p.id'),
      dateWhere(q, '_lastUpdated', 'p.created_at'),
      ...(q.strings.name ?? []).map((alternatives) =>
        anyOf(alternatives.map((n) => sql<SqlBool>`lower(p.name) LIKE ${containsPattern(n)}`)),
      ),
      ...(q.tokens.status ?? []).map((alternatives) =>
        anyOf(
          alternatives.map((t) =>
            t.code === 'active' ? sql<SqlBool>`p.active` : t.code === 'inactive' ? sql<SqlBool>`NOT p.active` : never,
          ),
        ),
      ),
    ]);
    const { rows } = await sql<Parameters<typeof hitOfPlace>[0]>`
      SELECT * FROM (${places(listSiteOf(actor))}) p WHERE ${where} ORDER BY p.kind DESC, p.name, p.id`.execute(tx);
    return { total: rows.length, hits: rows.slice(q.offset, q.offset + q.count).map(hitOfPlace) };
  },
};
