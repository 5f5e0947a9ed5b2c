/**
 * The de-identified research export through the API on both engines (issue 24, Must 4): the demo
 * clinic with its 40 past courses (written as history, as `npm start` loads them) and one patient
 * aged 95. Who may export (the medical director; everyone else and another site refused and
 * audited); the exported fields are the documented ones, in NDJSON and CSV; no value is or holds a
 * demo patient's name, MRN, email, phone, birth date, address, any ISO date, any UUID or any free
 * text stored with the courses; ages over 89 grouped; study ids kept across exports, one a
 * patient; the audit event of an export; bad input refused naming its field.
 */
import type { FastifyInstance } from 'fastify';
import { localDateOf } from '@kairos/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { injectAs, signInAs, type TestAuth } from '../../../test/auth.js';
import { buildDemoApp, TEST_START_MS } from '../../../test/app.js';
import { describeEachEngine } from '../../../test/engines.js';
import { parseCsv } from '../../../test/parse-csv.js';
import { demoProgramHistory } from '../demo/demo-program-history.js';
import { seedProgramHistory } from '../demo/seed-program-history.js';
import { pathsOf, RESEARCH_CSV_COLUMNS, RESEARCH_NDJSON_PATHS } from './research-fields.js';
import { exportResearchData, RESEARCH_EXPORT_ACTION } from './export-research-data.js';
import { internalMeta } from '../context.js';

const WHO = ['director', 'prescriber', 'therapist', 'nurse', 'coordinator', 'admin'] as const;
type Who = (typeof WHO)[number];

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
const ISO_DATE = /\d{4}-\d{2}-\d{2}/;
const AGE_GROUP = /^(\d+-\d+|90 or older)$/;

/** The patient aged 95 the test adds (and whose identifiers must not leave either). */
const ELDER = {
  given_name: 'Winifred',
  family_name: 'Oldcastle',
  mrn: 'ELDER-0095',
  birth_date: '1931-03-14',
  phone: '+1 617 555 0195',
  email: 'winifred.oldcastle@example.org',
  address: '12 Quarry Lane, Lowell, MA 01852',
};
/** Free text stored with the courses that must not leave. */
const FREE_TEXT = ['found the sessions too distressing', 'moved out of state', 'moving to her daughter in Vermont'];

/** Every string and number of a parsed NDJSON record, or of the CSV's cells. */
function stringsOf(value: unknown): string[] {
  if (value === null || value === undefined) return [];
  if (Array.isArray(value)) return value.flatMap(stringsOf);
  if (typeof value === 'object') return Object.values(value).flatMap(stringsOf);
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? [String(value)] : [];
}

describeEachEngine('the de-identified research export', (h) => {
  let app: FastifyInstance;
  let siteId: string;
  const auth = {} as Record<Who, TestAuth>;
  /** Every patient's identifiers as stored. */
  let identifiers: { names: string[]; exact: string[] };

  const get = (who: Who, query: string, site = () => siteId) =>
    injectAs(app, auth[who], { method: 'GET', url: `/api/sites/${site()}/research-export${query === '' ? '' : `?${query}`}` });
  const ndjson = async (query = ''): Promise<Record<string, unknown>[]> => {
    const r = await get('director', `format=ndjson${query}`);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.headers['content-type']).toMatch(/^application\/x-ndjson/);
    if (r.body === '') return [];
    expect(r.body.endsWith('\n')).toBe(true);
    return r.body
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  };
  const lastAudit = () =>
    h.database.db
      .selectFrom('audit_event')
      .select(['action', 'outcome', 'user_id', 'record_id', 'patient_id', 'details'])
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();

  /** What no exported string may be or hold. */
  function identifierProblems(values: readonly string[]): string[] {
    const problems: string[] = [];
    const names = new RegExp(`\\b(${identifiers.names.map((n) => n.replace(/[^\p{L}' -]/gu, '')).join('|')})\\b`, 'iu');
    const exact = [...identifiers.exact, ...FREE_TEXT].map((x) => x.toLowerCase());
    for (const v of new Set(values)) {
      if (UUID.test(v)) problems.push(`${v}: a UUID`);
      if (ISO_DATE.test(v)) problems.push(`${v}: an ISO date`);
      const lower = v.toLowerCase();
      for (const x of exact) if (lower.includes(x)) problems.push(`${v}: holds ${x}`);
      const name = names.exec(v);
      if (name !== null) problems.push(`${v}: names ${name[1] ?? ''}`);
    }
    return problems;
  }

  beforeAll(async () => {
    ({ app } = await buildDemoApp(h.database));
    for (const who of WHO) auth[who] = await signInAs(app, `${who}@demo.test`);
    const db = h.database.db;
    const site = await db.selectFrom('site').select(['id', 'time_zone']).where('synthetic', '=', true).executeTakeFirstOrThrow();
    siteId = site.id;
    const now = new Date(TEST_START_MS);
    // The demo's past courses, as npm start loads them (two withdrawn with a reason).
    await seedProgramHistory(db, siteId, now, demoProgramHistory(localDateOf(now, site.time_zone)));
    // A patient aged 95, referred ten days ago, withdrawn with a reason naming a place.
    const enrolledAt = new Date(TEST_START_MS - 10 * 86_400_000);
    const elder = await db
      .insertInto('patient')
      .values({ site_id: siteId, ...ELDER, sex: 'female', synthetic: true, created_at: enrolledAt, updated_at: enrolledAt })
      .returning('id')
      .executeTakeFirstOrThrow();
    const enrollment = await db
      .insertInto('enrollment')
      .values({
        patient_id: elder.id,
        site_id: siteId,
        program_template: 'retreat-5-day',
        state: 'withdrawn',
        created_at: enrolledAt,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('enrollment_transition')
      .values([
        { enrollment_id: enrollment.id, from_state: null, to_state: 'referred', at: enrolledAt, actor_id: null, reason: null },
        { enrollment_id: enrollment.id, from_state: 'referred', to_state: 'withdrawn', at: now, actor_id: null, reason: FREE_TEXT[2] },
      ])
      .execute();
    const patients = await db
      .selectFrom('patient')
      .select(['given_name', 'family_name', 'mrn', 'birth_date', 'phone', 'email', 'address', 'escort'])
      .execute();
    identifiers = {
      names: [...new Set(patients.flatMap((p) => [p.given_name, p.family_name]))],
      exact: [
        ...new Set(
          patients.flatMap((p) =>
            [`${p.given_name} ${p.family_name}`, p.mrn, p.birth_date, p.phone, p.email, p.address, p.escort?.name, p.escort?.phone].filter(
              (x): x is string => typeof x === 'string' && x !== '',
            ),
          ),
        ),
      ],
    };
  });
  afterAll(async () => app.close());

  describe('who may export', () => {
    it('the medical director: 200, a file to download, never cached', async () => {
      const r = await get('director', 'format=csv');
      expect(r.statusCode, r.body).toBe(200);
      expect(r.headers['content-disposition']).toMatch(/^attachment; filename="research-export-\d{4}-\d{2}-\d{2}\.csv"$/);
      expect(r.headers['cache-control']).toBe('no-store');
    });

    it.each(['prescriber', 'therapist', 'nurse', 'coordinator', 'admin'] as const)('%s: 403, and the refusal is audited', async (who) => {
      const r = await get(who, 'format=ndjson');
      expect(r.statusCode, r.body).toBe(403);
      expect(r.body).not.toMatch(/studyId/);
      const e = await lastAudit();
      expect(e).toMatchObject({ outcome: 'denied', user_id: auth[who].userId });
      // Refused by the route's permission (the medical director's alone), before the export runs.
      expect(e).toMatchObject({ action: 'outcomes.export-research' });
    });

    it('another site: 403, and the refusal is audited', async () => {
      const other = (
        await h.database.db
          .insertInto('site')
          .values({ name: 'Other clinic', time_zone: 'America/Chicago', settings: JSON.stringify({}) })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
      const r = await get('director', 'format=ndjson', () => other);
      expect(r.statusCode).toBe(403);
      expect(await lastAudit()).toMatchObject({ outcome: 'denied', record_id: other, user_id: auth.director.userId });
    });
  });

  it('NDJSON: a line a course; its fields are exactly the documented ones; nothing identifies a patient', async () => {
    const records = await ndjson();
    const courses = await h.database.db.selectFrom('enrollment').select('id').where('site_id', '=', siteId).execute();
    expect(records).toHaveLength(courses.length);
    expect(records.length).toBeGreaterThanOrEqual(41);
    // The demo holds every kind of value, so every documented path shows up, and nothing else.
    expect([...new Set(records.flatMap((r) => pathsOf(r)))].sort()).toEqual([...RESEARCH_NDJSON_PATHS].sort());
    expect(identifierProblems(records.flatMap(stringsOf))).toEqual([]);
    // The check itself catches each kind of identifier (a name, an MRN, contact details, a date, a UUID, free text).
    const planted = [
      `${ELDER.given_name} ${ELDER.family_name}`,
      ELDER.mrn,
      ELDER.phone,
      ELDER.email,
      '2026-03-14',
      siteId,
      FREE_TEXT[0] as string,
    ];
    expect(planted.map((v) => identifierProblems([v]).length > 0)).toEqual(planted.map(() => true));
    for (const { ageGroup } of records)
      expect(ageGroup === null || (typeof ageGroup === 'string' && AGE_GROUP.test(ageGroup)), JSON.stringify(ageGroup)).toBe(true);
    // The patient aged 95 is "90 or older", withdrawn from referral (the category, not the reason).
    const elder = records.filter((r) => r.ageGroup === '90 or older');
    expect(elder).toEqual([
      expect.objectContaining({
        enrollmentState: 'withdrawn',
        withdrawnFrom: 'referred',
        courseStartDay: null,
        sessions: [],
        stateChanges: [
          { day: 0, toState: 'referred' },
          { day: 10, toState: 'withdrawn' },
        ],
      }),
    ]);
    // A finished retreat as a partner reads it: day 0 the referral, days after, doses and scores.
    const finished = records.find(
      (r) => r.enrollmentState === 'completed' && r.template === 'retreat-5-day' && r.courseStartDay === 21,
    ) as {
      courseStartDay: number;
      sessions: { day: number; doseMgPerKg: number; infusionMinutes: number; sessionState: string }[];
      measures: { instrument: string; day: number; total: number | null }[];
    };
    expect(finished.courseStartDay).toBe(21);
    expect(finished.sessions.map((s) => s.day - finished.courseStartDay)).toEqual([1, 3]);
    expect(finished.sessions.every((s) => s.sessionState === 'discharged' && s.doseMgPerKg > 0 && s.infusionMinutes > 0)).toBe(true);
    expect(finished.measures.some((m) => m.instrument === 'pcl5-month' && m.day === 20 && m.total !== null)).toBe(true);
  });

  it('CSV: the documented columns, a row a course item (as many as the audit says); no cell identifies a patient', async () => {
    const r = await get('director', 'format=csv');
    expect(r.statusCode, r.body).toBe(200);
    expect(r.headers['content-type']).toMatch(/^text\/csv/);
    const [header, ...rows] = parseCsv(r.body);
    expect(header).toEqual([...RESEARCH_CSV_COLUMNS]);
    expect(rows.every((row) => row.length === header?.length)).toBe(true);
    const audited = await lastAudit();
    expect(audited).toMatchObject({
      action: RESEARCH_EXPORT_ACTION,
      outcome: 'allowed',
      details: expect.objectContaining({ format: 'csv', records: rows.length }),
    });
    const kinds = new Set(rows.map((row) => row[0]));
    expect([...kinds].sort()).toEqual(['course', 'event', 'measure', 'session', 'state']);
    expect(identifierProblems(rows.flat())).toEqual([]);
    const column = (name: string) => header?.indexOf(name) ?? -1;
    expect(rows.some((row) => /^[a-z-]+\/(mild|moderate|severe)/.test(row[column('adverseEvents')] ?? ''))).toBe(true);
    expect(rows.filter((row) => row[0] === 'course')).toHaveLength((await ndjson()).length);
  });

  it('the study id: one a patient, random (no identifier), the same in the next export', async () => {
    const first = await get('director', 'format=ndjson');
    const second = await get('director', 'format=ndjson');
    expect(second.body).toBe(first.body);
    const records = first.body
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { studyId: string; course: number });
    const stored = await h.database.db
      .withTables<{ research_study_id: { patient_id: string; study_id: string } }>()
      .selectFrom('research_study_id')
      .innerJoin('patient', 'patient.id', 'research_study_id.patient_id')
      .select(['research_study_id.study_id', 'patient.id', 'patient.mrn'])
      .where('patient.site_id', '=', siteId)
      .execute();
    const patientsWithCourses = await h.database.db
      .selectFrom('enrollment')
      .select('patient_id')
      .distinct()
      .where('site_id', '=', siteId)
      .execute();
    expect(new Set(records.map((r) => r.studyId)).size).toBe(patientsWithCourses.length);
    expect(new Set(stored.map((s) => s.study_id)).size).toBe(stored.length);
    for (const s of stored) expect(s.study_id).toMatch(/^[2-9B-DF-HJKMNP-TV-XZ]{12}$/);
    // A patient's courses are numbered under their one study id.
    for (const r of records) expect(r.course).toBeGreaterThanOrEqual(1);
  });

  it('streamed a page of patients at a time: pages of 7 patients give the same file as one page', async () => {
    const db = h.database.db;
    const u = await db.selectFrom('app_user').selectAll().where('email', '=', 'director@demo.test').executeTakeFirstOrThrow();
    const actor = { userId: u.id, email: u.email, displayName: u.display_name, roles: u.roles, siteId: u.site_id };
    const file = async (pagePatients: number, format: 'ndjson' | 'csv') => {
      const x = await exportResearchData(db, actor, siteId, { format }, internalMeta('test', new Date(TEST_START_MS)), { pagePatients });
      let text = '';
      for await (const chunk of x.chunks) text += chunk;
      return text;
    };
    expect(await file(7, 'ndjson')).toBe(await file(1000, 'ndjson'));
    expect(await file(7, 'csv')).toBe(await file(1000, 'csv'));
  });

  it('the export is audited as one: format, filters, patients, courses and records, no patient named', async () => {
    const records = await ndjson('&template=infusion-series-6');
    expect(records.length).toBeGreaterThan(0);
    expect(records.every((r) => r.template === 'infusion-series-6')).toBe(true);
    const e = await lastAudit();
    expect(e).toMatchObject({
      action: RESEARCH_EXPORT_ACTION,
      outcome: 'allowed',
      record_id: siteId,
      patient_id: null,
      details: {
        format: 'ndjson',
        filters: { template: 'infusion-series-6' },
        patients: records.length,
        courses: records.length,
        records: records.length,
        newStudyIds: 0,
      },
    });
    expect(JSON.stringify(e.details)).not.toMatch(UUID);
  });

  it('filters as the program dashboard: course start from and to (site days, both included)', async () => {
    const all = await ndjson();
    const booked = all.filter((r) => r.courseStartDay !== null);
    const range = await ndjson('&from=2026-01-01&to=2026-06-30');
    expect(range.length).toBeGreaterThan(0);
    expect(range.length).toBeLessThan(booked.length);
    expect(await ndjson('&from=2020-01-01&to=2020-12-31')).toEqual([]);
  });

  describe('refused, each naming its field', () => {
    it.each([
      ['no format', '', 'querystring.format'],
      ['an unknown format', 'format=xml', 'querystring.format'],
      ['an inverted range', 'format=csv&from=2026-07-31&to=2026-05-01', 'querystring.to'],
      ['an unknown template', 'format=csv&template=weekend', 'querystring.template'],
      ['a date that is not one', 'format=csv&from=2026-02-30', 'querystring.from'],
      ['an unknown filter', 'format=csv&cohort=all', 'querystring'],
    ])('%s (%s): 400 naming %s', async (_, query, field) => {
      const r = await get('director', query);
      expect(r.statusCode, r.body).toBe(400);
      expect(r.body).toContain(field);
    });
  });
});
