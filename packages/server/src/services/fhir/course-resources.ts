/**
 * FHIR resources of a patient's course: EpisodeOfCare (an enrollment), Encounter (an event of a
 * booked course), Group (a cohort), Condition (a recorded diagnosis or condition) and Consent (a
 * consent signature). Patient data: a search lists only the patients the actor may see
 * (`patientVisibleTo`), a read follows the record's own access rules (`assertPatientAccess`, a
 * refusal audited). A Group is the site's (`schedule.read`), its members only the patients the
 * actor may see.
 *
 * @module
 */
import { programCohortLabel } from '@kairos/api';
import {
  CONDITION_CATEGORIES,
  CONSENT_CATEGORY,
  EPISODE_STATUS_OF,
  FHIR_SYSTEMS,
  PTSD_SNOMED,
  normalizeIcd10Code,
  toFhirCondition,
  toFhirConsent,
  toFhirEncounter,
  toFhirEpisodeOfCare,
  toFhirGroup,
  type EnrollmentState,
  type ProgramEventKind,
} from '@kairos/core';
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { ParsedSearch, Token } from '../../fhir/search-params.js';
import type { Db } from '../../store/database.js';
import { listSiteOf } from '../access/site-scope.js';
import type { Actor } from '../context.js';
import { assertPatientAccess } from '../patients/assert-patient-access.js';
import { patientVisibleTo } from '../patients/visible-patients.js';
import type { FhirHit, FhirTypeHandler } from './fhir-types.js';
import { allOf, always, anyOf, dateWhere, never, referenceWhere, uuidIdWhere, totalOf } from './search-sql.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const KAIROS = FHIR_SYSTEMS.kairos;

/** Each AND-ed token condition of `name`, its alternatives OR-ed through `match` (a token of another system matches nothing). */
function tokenWhere(q: ParsedSearch, name: string, match: (t: Token) => RawBuilder<SqlBool>): RawBuilder<SqlBool> {
  return allOf((q.tokens[name] ?? []).map((alternatives) => anyOf(alternatives.map(match))));
}

/** A token on a fixed system: its code's condition, any code of the system, or nothing for another system. */
const onSystem =
  (system: string, byCode: (code: string) => RawBuilder<SqlBool>) =>
  (t: Token): RawBuilder<SqlBool> =>
    t.system !== undefined && t.system !== system ? never : t.code === undefined ? always : byCode(t.code);

/** Reads a page of ids of `from … where` in `order`, and how many match in all. */
async function pageOf(
  tx: Db,
  q: ParsedSearch,
  from: RawBuilder<unknown>,
  where: RawBuilder<SqlBool>,
  order: RawBuilder<unknown>,
): Promise<{ total: number; ids: string[] }> {
  const { rows } =
    q.count === 0
      ? { rows: [] as { id: string }[] }
      : await sql<{
          id: string;
        }>`SELECT x.id::text AS id FROM ${from} WHERE ${where} ORDER BY ${order} LIMIT ${q.count} OFFSET ${q.offset}`.execute(tx);
  const total = await totalOf(q, rows.length, async () => {
    const { rows: counted } = await sql<{ n: string }>`SELECT count(*) AS n FROM ${from} WHERE ${where}`.execute(tx);
    return counted[0]?.n ?? 0;
  });
  return { total, ids: rows.map((r) => r.id) };
}

/** The hits of `ids` in their order (a row gone meanwhile is left out). */
const inOrder = (ids: readonly string[], hits: ReadonlyMap<string, FhirHit>): FhirHit[] =>
  ids.flatMap((id) => {
    const h = hits.get(id);
    return h === undefined ? [] : [h];
  });

// ---- EpisodeOfCare ----

async function episodesByIds(tx: Db, ids: readonly string[]): Promise<Map<string, FhirHit>> {
  if (ids.length === 0) return new Map();
  const rows = await tx
    .selectFrom('enrollment as e')
    .innerJoin('patient as p', 'p.id', 'e.patient_id')
    .select((eb) => [
      'e.id',
      'e.patient_id',
      'e.site_id',
      'e.program_template',
      'e.state',
      'e.created_at',
      'e.updated_at',
      'p.synthetic',
      eb
        .selectFrom('enrollment_transition as t')
        .select((s) => s.fn.max('t.at').as('at'))
        .whereRef('t.enrollment_id', '=', 'e.id')
        .whereRef('t.to_state', '=', 'e.state')
        .as('ended_at'),
    ])
    .where('e.id', '=', sql<string>`ANY(${[...ids]}::uuid[])`)
    .execute();
  return new Map(
    rows.map((e) => [
      e.id,
      {
        resource: toFhirEpisodeOfCare({
          id: e.id,
          patientId: e.patient_id,
          siteId: e.site_id,
          programTemplate: e.program_template,
          state: e.state,
          createdAt: e.created_at,
          updatedAt: e.updated_at,
          endedAt: e.ended_at === null ? null : new Date(e.ended_at as Date | string),
          synthetic: e.synthetic,
        }),
        patientId: e.patient_id,
      },
    ]),
  );
}

/** The enrollment states an EpisodeOfCare status names. */
const statesOfEpisodeStatus = (code: string): EnrollmentState[] =>
  (Object.keys(EPISODE_STATUS_OF) as EnrollmentState[]).filter((s) => EPISODE_STATUS_OF[s] === code);

export const episodeOfCareResource: FhirTypeHandler = {
  type: 'EpisodeOfCare',
  action: 'patients.read',
  description: 'An enrollment: a patient referred into a program (its template), from the referral to its end',
  searchParams: [
    { name: 'patient', type: 'reference', target: 'Patient', documentation: 'The patient (Patient/<id> or <id>)' },
    { name: 'date', type: 'date', documentation: 'When the episode started (the referral)' },
    { name: 'status', type: 'token', documentation: 'planned, active, finished or cancelled' },
    { name: 'type', type: 'token', documentation: 'The program template (Kairos program-template code)' },
  ],
  includes: ['EpisodeOfCare:patient'],

  async read(tx, actor, id, meta) {
    if (!UUID.test(id)) return undefined;
    const hit = (await episodesByIds(tx, [id])).get(id);
    if (hit === undefined || hit.patientId === null) return undefined;
    await assertPatientAccess(tx, actor, hit.patientId, meta, 'fhir.read');
    return hit;
  },

  async search(tx, actor, q, meta) {
    const where = allOf([
      patientVisibleTo(actor, meta.now, { patientId: 'p.id', siteId: 'p.site_id' }),
      uuidIdWhere(q, 'x.id'),
      referenceWhere(q, ['patient'], 'x.patient_id'),
      dateWhere(q, 'date', 'x.created_at'),
      dateWhere(q, '_lastUpdated', 'x.updated_at'),
      tokenWhere(q, 'status', (t) => {
        if (t.code === undefined) return t.system === undefined ? always : never;
        const states = statesOfEpisodeStatus(t.code);
        return states.length === 0 ? never : sql<SqlBool>`x.state = ANY(${states}::text[])`;
      }),
      tokenWhere(
        q,
        'type',
        onSystem(`${KAIROS}/program-template`, (code) => sql<SqlBool>`x.program_template = ${code}`),
      ),
    ]);
    const from = sql`enrollment x JOIN patient p ON p.id = x.patient_id`;
    const { total, ids } = await pageOf(tx, q, from, where, sql`x.created_at DESC, x.id`);
    return { total, hits: inOrder(ids, await episodesByIds(tx, ids)) };
  },
};

// ---- Encounter ----

async function encountersByIds(tx: Db, ids: readonly string[], now: Date): Promise<Map<string, FhirHit>> {
  if (ids.length === 0) return new Map();
  const rows = await tx
    .selectFrom('scheduled_event as ev')
    .innerJoin('enrollment as e', 'e.id', 'ev.enrollment_id')
    .innerJoin('patient as p', 'p.id', 'e.patient_id')
    .select([
      'ev.id',
      'e.patient_id',
      'ev.enrollment_id',
      'ev.cohort_id',
      'ev.site_id',
      'ev.kind',
      'ev.title',
      'ev.starts_at',
      'ev.ends_at',
      'ev.chair_id',
      'ev.room_id',
      'ev.state',
      'ev.cancel_reason',
      'ev.updated_at',
      'p.synthetic',
    ])
    .where('ev.id', '=', sql<string>`ANY(${[...ids]}::uuid[])`)
    .execute();
  const staff = await tx
    .selectFrom('event_staff')
    .select(['event_id', 'user_id', 'role', 'starts_at', 'ends_at'])
    .where('event_id', '=', sql<string>`ANY(${[...ids]}::uuid[])`)
    .orderBy('starts_at')
    .orderBy('role')
    .orderBy('user_id')
    .execute();
  return new Map(
    rows.map((ev) => [
      ev.id,
      {
        resource: toFhirEncounter(
          {
            id: ev.id,
            patientId: ev.patient_id,
            enrollmentId: ev.enrollment_id,
            cohortId: ev.cohort_id,
            siteId: ev.site_id,
            kind: ev.kind,
            title: ev.title,
            startsAt: ev.starts_at,
            endsAt: ev.ends_at,
            chairId: ev.chair_id,
            roomId: ev.room_id,
            state: ev.state,
            cancelReason: ev.cancel_reason,
            staff: staff
              .filter((s) => s.event_id === ev.id)
              .map((s) => ({ userId: s.user_id, role: s.role, startsAt: s.starts_at, endsAt: s.ends_at })),
            updatedAt: ev.updated_at,
            synthetic: ev.synthetic,
          },
          now,
        ),
        patientId: ev.patient_id,
      },
    ]),
  );
}

const EVENT_KINDS: readonly ProgramEventKind[] = ['assessment', 'preparation', 'intention', 'dosing', 'integration', 'review'];

/** The events an Encounter status names at `now` (the status of a booked event follows its times). */
function encounterStatusWhere(code: string, now: Date): RawBuilder<SqlBool> {
  switch (code) {
    case 'cancelled':
      return sql<SqlBool>`x.state = 'cancelled'`;
    case 'planned':
      return sql<SqlBool>`(x.state = 'scheduled' AND x.starts_at > ${now})`;
    case 'in-progress':
      return sql<SqlBool>`(x.state = 'scheduled' AND x.starts_at <= ${now} AND x.ends_at > ${now})`;
    case 'finished':
      return sql<SqlBool>`(x.state = 'scheduled' AND x.ends_at <= ${now})`;
    default:
      return never;
  }
}

export const encounterResource: FhirTypeHandler = {
  type: 'Encounter',
  action: 'patients.read',
  description:
    'An event of a booked course (assessment, preparation, intention check-in, dosing, integration, review): its time, place, staff and episode',
  searchParams: [
    { name: 'patient', type: 'reference', target: 'Patient', documentation: 'The patient (Patient/<id> or <id>)' },
    { name: 'subject', type: 'reference', target: 'Patient', documentation: 'The patient, as patient' },
    { name: 'date', type: 'date', documentation: 'When the event starts' },
    { name: 'status', type: 'token', documentation: 'planned, in-progress, finished (by its times) or cancelled' },
    { name: 'type', type: 'token', documentation: 'The kind of event (Kairos program-event code)' },
  ],
  includes: ['Encounter:patient', 'Encounter:subject'],

  async read(tx, actor, id, meta) {
    if (!UUID.test(id)) return undefined;
    const hit = (await encountersByIds(tx, [id], meta.now)).get(id);
    if (hit === undefined || hit.patientId === null) return undefined;
    await assertPatientAccess(tx, actor, hit.patientId, meta, 'fhir.read');
    return hit;
  },

  async search(tx, actor, q, meta) {
    const where = allOf([
      patientVisibleTo(actor, meta.now, { patientId: 'p.id', siteId: 'p.site_id' }),
      uuidIdWhere(q, 'x.id'),
      referenceWhere(q, ['patient', 'subject'], 'e.patient_id'),
      dateWhere(q, 'date', 'x.starts_at'),
      dateWhere(q, '_lastUpdated', 'x.updated_at'),
      tokenWhere(q, 'status', (t) =>
        t.code === undefined ? (t.system === undefined ? always : never) : encounterStatusWhere(t.code, meta.now),
      ),
      tokenWhere(
        q,
        'type',
        onSystem(`${KAIROS}/program-event`, (code) =>
          EVENT_KINDS.includes(code as ProgramEventKind) ? sql<SqlBool>`x.kind = ${code}` : never,
        ),
      ),
    ]);
    const from = sql`scheduled_event x JOIN enrollment e ON e.id = x.enrollment_id JOIN patient p ON p.id = e.patient_id`;
    const { total, ids } = await pageOf(tx, q, from, where, sql`x.starts_at DESC, x.id`);
    return { total, hits: inOrder(ids, await encountersByIds(tx, ids, meta.now)) };
  },
};

// ---- Group ----

async function groupsByIds(tx: Db, actor: Actor, ids: readonly string[], now: Date): Promise<Map<string, FhirHit>> {
  if (ids.length === 0) return new Map();
  const rows = await tx
    .selectFrom('cohort as c')
    .innerJoin('site as s', 's.id', 'c.site_id')
    .select(['c.id', 'c.site_id', 'c.program_template', 'c.start_date', 'c.state', 'c.created_at', 's.synthetic'])
    .where('c.id', '=', sql<string>`ANY(${[...ids]}::uuid[])`)
    .where('c.site_id', '=', listSiteOf(actor))
    .execute();
  // The members: the patients booked into the cohort that the actor may see.
  const { rows: members } = await sql<{ cohort_id: string; patient_id: string }>`
    SELECT DISTINCT ev.cohort_id::text AS cohort_id, p.id::text AS patient_id
      FROM scheduled_event ev JOIN enrollment e ON e.id = ev.enrollment_id JOIN patient p ON p.id = e.patient_id
     WHERE ev.cohort_id = ANY(${[...ids]}::uuid[]) AND ${patientVisibleTo(actor, now, { patientId: 'p.id', siteId: 'p.site_id' })}
     ORDER BY 2`.execute(tx);
  return new Map(
    rows.map((c) => {
      const memberIds = members.filter((m) => m.cohort_id === c.id).map((m) => m.patient_id);
      return [
        c.id,
        {
          resource: toFhirGroup({
            id: c.id,
            siteId: c.site_id,
            programTemplate: c.program_template,
            startDate: c.start_date,
            state: c.state,
            label: programCohortLabel(c.program_template, c.start_date),
            memberIds,
            createdAt: c.created_at,
            synthetic: c.synthetic,
          }),
          patientId: null,
          // The audit names every member returned.
          patientIds: memberIds,
        },
      ] as const;
    }),
  );
}

export const groupResource: FhirTypeHandler = {
  type: 'Group',
  action: 'schedule.read',
  description: 'A cohort: a program started on one day; its members the patients booked into it that the reader may see',
  searchParams: [
    { name: 'code', type: 'token', documentation: 'The program template (Kairos program-template code)' },
    { name: 'member', type: 'reference', target: 'Patient', documentation: 'A member (a patient the reader may see)' },
  ],
  includes: [],

  async read(tx, actor, id, meta) {
    if (!UUID.test(id)) return undefined;
    return (await groupsByIds(tx, actor, [id], meta.now)).get(id);
  },

  async search(tx, actor, q, meta) {
    const visible = patientVisibleTo(actor, meta.now, { patientId: 'p.id', siteId: 'p.site_id' });
    const where = allOf([
      sql<SqlBool>`x.site_id = ${listSiteOf(actor)}`,
      uuidIdWhere(q, 'x.id'),
      dateWhere(q, '_lastUpdated', 'x.created_at'),
      tokenWhere(
        q,
        'code',
        onSystem(`${KAIROS}/program-template`, (code) => sql<SqlBool>`x.program_template = ${code}`),
      ),
      ...(q.references.member ?? []).map((alternatives) => {
        const valid = alternatives.filter((id) => UUID.test(id));
        return valid.length === 0
          ? never
          : sql<SqlBool>`EXISTS (SELECT 1 FROM scheduled_event ev JOIN enrollment e ON e.id = ev.enrollment_id
              JOIN patient p ON p.id = e.patient_id
              WHERE ev.cohort_id = x.id AND p.id = ANY(${valid}::uuid[]) AND ${visible})`;
      }),
    ]);
    const { total, ids } = await pageOf(tx, q, sql`cohort x`, where, sql`x.start_date DESC, x.id`);
    return { total, hits: inOrder(ids, await groupsByIds(tx, actor, ids, meta.now)) };
  },
};

// ---- Condition ----

async function conditionsByIds(tx: Db, ids: readonly string[]): Promise<Map<string, FhirHit>> {
  if (ids.length === 0) return new Map();
  const rows = await tx
    .selectFrom('patient_fact as f')
    .innerJoin('patient as p', 'p.id', 'f.patient_id')
    .select(['f.id', 'f.patient_id', 'f.kind', 'f.data', 'f.recorded_at', 'f.recorded_by', 'f.retired_at', 'p.synthetic'])
    .where('f.id', '=', sql<string>`ANY(${[...ids]}::uuid[])`)
    .where('f.kind', 'in', ['diagnosis', 'condition'])
    .execute();
  return new Map(
    rows.flatMap((f) => {
      const data = f.data as { code?: unknown; display?: unknown; severe?: unknown };
      if (typeof data.code !== 'string' || (f.kind !== 'diagnosis' && f.kind !== 'condition')) return [];
      const hit: FhirHit = {
        resource: toFhirCondition({
          id: f.id,
          patientId: f.patient_id,
          kind: f.kind,
          code: data.code,
          display: typeof data.display === 'string' ? data.display : null,
          severe: data.severe === true,
          recordedAt: f.recorded_at,
          recordedBy: f.recorded_by,
          retiredAt: f.retired_at,
          synthetic: f.synthetic,
        }),
        patientId: f.patient_id,
      };
      return [[f.id, hit] as const];
    }),
  );
}

/** The PTSD ICD-10-CM codes SNOMED CT 47505003 stands beside. */
const PTSD_ICD10 = ['F43.1', 'F43.10', 'F43.11', 'F43.12'];

/** The facts a Condition `code` token selects: an ICD-10-CM code, SNOMED CT PTSD, or a Kairos condition code. */
function conditionCodeWhere(t: Token): RawBuilder<SqlBool> {
  const icd = (code: string) => sql<SqlBool>`(x.kind = 'diagnosis' AND upper(x.data->>'code') = ${normalizeIcd10Code(code.trim())})`;
  const snomed = (code: string) =>
    code === PTSD_SNOMED.code ? sql<SqlBool>`(x.kind = 'diagnosis' AND upper(x.data->>'code') = ANY(${PTSD_ICD10}::text[]))` : never;
  const local = (code: string) => sql<SqlBool>`(x.kind = 'condition' AND x.data->>'code' = ${code})`;
  if (t.system === FHIR_SYSTEMS.icd10cm) return t.code === undefined ? sql<SqlBool>`x.kind = 'diagnosis'` : icd(t.code);
  if (t.system === FHIR_SYSTEMS.snomed) return t.code === undefined ? never : snomed(t.code);
  if (t.system === `${KAIROS}/condition`) return t.code === undefined ? sql<SqlBool>`x.kind = 'condition'` : local(t.code);
  if (t.system !== undefined || t.code === undefined) return never;
  return anyOf([icd(t.code), snomed(t.code), local(t.code)]);
}

export const conditionResource: FhirTypeHandler = {
  type: 'Condition',
  action: 'patients.read',
  description: 'A diagnosis (ICD-10-CM; SNOMED CT beside PTSD) or a condition recorded on the patient’s problem list',
  searchParams: [
    { name: 'patient', type: 'reference', target: 'Patient', documentation: 'The patient (Patient/<id> or <id>)' },
    { name: 'subject', type: 'reference', target: 'Patient', documentation: 'The patient, as patient' },
    { name: 'code', type: 'token', documentation: 'ICD-10-CM, SNOMED CT (PTSD) or Kairos condition code (system|code, or code)' },
    { name: 'category', type: 'token', documentation: 'problem-list-item (every Condition served) or encounter-diagnosis (none)' },
    { name: 'clinical-status', type: 'token', documentation: 'active (on the list) or inactive (retired)' },
    { name: 'recorded-date', type: 'date', documentation: 'When it was recorded' },
  ],
  includes: ['Condition:patient', 'Condition:subject'],

  async read(tx, actor, id, meta) {
    if (!UUID.test(id)) return undefined;
    const hit = (await conditionsByIds(tx, [id])).get(id);
    if (hit === undefined || hit.patientId === null) return undefined;
    await assertPatientAccess(tx, actor, hit.patientId, meta, 'fhir.read');
    return hit;
  },

  async search(tx, actor, q, meta) {
    const where = allOf([
      sql<SqlBool>`x.kind IN ('diagnosis', 'condition')`,
      patientVisibleTo(actor, meta.now, { patientId: 'p.id', siteId: 'p.site_id' }),
      uuidIdWhere(q, 'x.id'),
      referenceWhere(q, ['patient', 'subject'], 'x.patient_id'),
      dateWhere(q, 'recorded-date', 'x.recorded_at'),
      dateWhere(q, '_lastUpdated', 'x.last_updated'),
      tokenWhere(q, 'code', conditionCodeWhere),
      tokenWhere(q, 'category', (t) =>
        t.system !== undefined && t.system !== CONDITION_CATEGORIES.problemListItem.system
          ? never
          : t.code === undefined || t.code === CONDITION_CATEGORIES.problemListItem.code
            ? always
            : never,
      ),
      tokenWhere(
        q,
        'clinical-status',
        onSystem('http://terminology.hl7.org/CodeSystem/condition-clinical', (code) =>
          code === 'active' ? sql<SqlBool>`x.retired_at IS NULL` : code === 'inactive' ? sql<SqlBool>`x.retired_at IS NOT NULL` : never,
        ),
      ),
    ]);
    const from = sql`(SELECT f.*, COALESCE(f.retired_at, f.recorded_at) AS last_updated FROM patient_fact f) x JOIN patient p ON p.id = x.patient_id`;
    const { total, ids } = await pageOf(tx, q, from, where, sql`x.recorded_at DESC, x.id`);
    return { total, hits: inOrder(ids, await conditionsByIds(tx, ids)) };
  },
};

// ---- Consent ----

async function consentsByIds(tx: Db, ids: readonly string[]): Promise<Map<string, FhirHit>> {
  if (ids.length === 0) return new Map();
  const rows = await tx
    .selectFrom('consent_signature as cs')
    .innerJoin('enrollment as e', 'e.id', 'cs.enrollment_id')
    .innerJoin('patient as p', 'p.id', 'e.patient_id')
    .innerJoin('consent_document as d', 'd.id', 'cs.document_id')
    .select([
      'cs.id',
      'e.patient_id',
      'p.site_id',
      'cs.enrollment_id',
      'cs.document_id',
      'd.title',
      'd.version',
      'cs.document_hash',
      'cs.signed_at',
      'cs.channel',
      'p.synthetic',
    ])
    .where('cs.id', '=', sql<string>`ANY(${[...ids]}::uuid[])`)
    .execute();
  return new Map(
    rows.map((s) => [
      s.id,
      {
        resource: toFhirConsent({
          id: s.id,
          patientId: s.patient_id,
          siteId: s.site_id,
          enrollmentId: s.enrollment_id,
          documentId: s.document_id,
          documentTitle: s.title,
          documentVersion: s.version,
          documentHash: s.document_hash,
          signedAt: s.signed_at,
          channel: s.channel,
          synthetic: s.synthetic,
        }),
        patientId: s.patient_id,
      },
    ]),
  );
}

export const consentResource: FhirTypeHandler = {
  type: 'Consent',
  action: 'patients.read',
  description: 'A consent to treatment the patient signed (the document’s title, version and hash)',
  searchParams: [
    { name: 'patient', type: 'reference', target: 'Patient', documentation: 'The patient (Patient/<id> or <id>)' },
    { name: 'date', type: 'date', documentation: 'When it was signed' },
    { name: 'status', type: 'token', documentation: 'active (every Consent served is active)' },
    { name: 'category', type: 'token', documentation: 'Kairos consent-category treatment' },
  ],
  includes: ['Consent:patient'],

  async read(tx, actor, id, meta) {
    if (!UUID.test(id)) return undefined;
    const hit = (await consentsByIds(tx, [id])).get(id);
    if (hit === undefined || hit.patientId === null) return undefined;
    await assertPatientAccess(tx, actor, hit.patientId, meta, 'fhir.read');
    return hit;
  },

  async search(tx, actor, q, meta) {
    const where = allOf([
      patientVisibleTo(actor, meta.now, { patientId: 'p.id', siteId: 'p.site_id' }),
      uuidIdWhere(q, 'x.id'),
      referenceWhere(q, ['patient'], 'e.patient_id'),
      dateWhere(q, 'date', 'x.signed_at'),
      dateWhere(q, '_lastUpdated', 'x.signed_at'),
      tokenWhere(q, 'status', (t) => (t.system === undefined && (t.code === undefined || t.code === 'active') ? always : never)),
      tokenWhere(
        q,
        'category',
        onSystem(CONSENT_CATEGORY.system, (code) => (code === CONSENT_CATEGORY.code ? always : never)),
      ),
    ]);
    const from = sql`consent_signature x JOIN enrollment e ON e.id = x.enrollment_id JOIN patient p ON p.id = e.patient_id`;
    const { total, ids } = await pageOf(tx, q, from, where, sql`x.signed_at DESC, x.id`);
    return { total, hits: inOrder(ids, await consentsByIds(tx, ids)) };
  },
};
