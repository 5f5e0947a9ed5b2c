/**
 * FHIR Observation: the vital signs of every reading at the chair (one Observation per sign, of the
 * FHIR vital-signs profile), the MOAA/S levels taken with them, and the totals of the scored
 * questionnaires (PCL-5, PHQ-9, GAD-7, CADSS-6; the C-SSRS screener's risk level), among the
 * patients the actor may see. One query pages over both sources by effective time, newest first;
 * the page's rows are then read by their ids and mapped by core.
 *
 * @module
 */
import {
  MOAAS_CODE,
  OBSERVATION_CATEGORIES,
  READING_OBSERVATIONS,
  SCORE_CODES,
  VITAL_SIGN_CODES,
  isQuestionnaireId,
  parseReadingObservationId,
  parseScoreObservationId,
  toFhirReadingObservation,
  toFhirScoreObservation,
  type QuestionnaireId,
  type ReadingObservation,
  type ReadingRecord,
  type ScoredResponseRecord,
} from '@kairos/core';
import { sql, type SqlBool } from 'kysely';
import type { Token } from '../../fhir/search-params.js';
import type { Db } from '../../store/database.js';
import { assertPatientAccess } from '../patients/assert-patient-access.js';
import { patientVisibleTo } from '../patients/visible-patients.js';
import type { FhirHit, FhirTypeHandler } from './fhir-types.js';
import { allOf, always, anyOf, dateWhere, idsOf, referenceWhere, tokenKeys } from './search-sql.js';

/** Every kind of Observation served: a reading's sign, or an instrument's score; with its codings and category. */
type Kind = { source: 'vital'; which: ReadingObservation } | { source: 'score'; instrument: QuestionnaireId };

const KINDS: readonly { kind: Kind; category: string; codings: readonly { system: string; code: string }[] }[] = [
  ...READING_OBSERVATIONS.map((which) => ({
    kind: { source: 'vital' as const, which },
    category: which === 'moaas' ? OBSERVATION_CATEGORIES.exam.code : OBSERVATION_CATEGORIES.vitalSigns.code,
    codings:
      which === 'moaas'
        ? [MOAAS_CODE]
        : VITAL_SIGN_CODES[
            ({ bp: 'bloodPressure', hr: 'heartRate', rr: 'respiratoryRate', spo2: 'spo2', temp: 'temperature' } as const)[which]
          ].codes,
  })),
  ...(Object.keys(SCORE_CODES) as QuestionnaireId[]).map((instrument) => ({
    kind: { source: 'score' as const, instrument },
    category: OBSERVATION_CATEGORIES.survey.code,
    codings: [SCORE_CODES[instrument].coding, ...(instrument === 'cssrs' ? [{ system: 'http://loinc.org', code: '93374-7' }] : [])],
  })),
];

const keyOf = (k: Kind): string => (k.source === 'vital' ? `vital:${k.which}` : `score:${k.instrument}`);

const matches = (t: Token, c: { system: string; code: string }): boolean =>
  (t.system === undefined || t.system === c.system) && (t.code === undefined || t.code === c.code);

/** The kinds a `code` token selects, or a `category` token. */
const byCode = (t: Token): string[] => KINDS.filter((k) => k.codings.some((c) => matches(t, c))).map((k) => keyOf(k.kind));
const byCategory = (t: Token): string[] =>
  KINDS.filter(
    (k) => (t.system === undefined || t.system === OBSERVATION_CATEGORIES.survey.system) && (t.code === undefined || t.code === k.category),
  ).map((k) => keyOf(k.kind));

const SIGN_PRESENT: Readonly<Record<ReadingObservation, string>> = {
  bp: '(v.systolic IS NOT NULL OR v.diastolic IS NOT NULL)',
  hr: 'v.heart_rate IS NOT NULL',
  rr: 'v.respiratory_rate IS NOT NULL',
  spo2: 'v.spo2 IS NOT NULL',
  temp: 'v.temperature_c IS NOT NULL',
  moaas: 'v.moaas IS NOT NULL',
};

async function readingsByIds(tx: Db, ids: readonly string[]): Promise<Map<string, ReadingRecord>> {
  if (ids.length === 0) return new Map();
  const rows = await tx
    .selectFrom('vital_reading as v')
    .innerJoin('dosing_session as d', 'd.id', 'v.session_id')
    .innerJoin('patient as p', 'p.id', 'd.patient_id')
    .select([
      'v.id',
      'd.patient_id',
      'v.session_id',
      'v.measured_at',
      'v.received_at',
      'v.systolic',
      'v.diastolic',
      'v.heart_rate',
      'v.spo2',
      'v.respiratory_rate',
      'v.temperature_c',
      'v.moaas',
      'v.recorded_by',
      'p.synthetic',
    ])
    .where('v.id', '=', sql<string>`ANY(${[...ids]}::bigint[])`)
    .execute();
  return new Map(
    rows.map((r) => [
      String(r.id),
      {
        id: String(r.id),
        patientId: r.patient_id,
        sessionId: r.session_id,
        measuredAt: r.measured_at,
        receivedAt: r.received_at,
        systolic: r.systolic,
        diastolic: r.diastolic,
        heartRate: r.heart_rate,
        spo2: r.spo2,
        respiratoryRate: r.respiratory_rate,
        temperatureC: r.temperature_c === null ? null : Number(r.temperature_c),
        moaas: r.moaas,
        recordedBy: r.recorded_by,
        synthetic: r.synthetic,
      },
    ]),
  );
}

async function scoresByIds(tx: Db, ids: readonly string[]): Promise<Map<string, ScoredResponseRecord>> {
  if (ids.length === 0) return new Map();
  const rows = await tx
    .selectFrom('questionnaire_response as r')
    .innerJoin('patient as p', 'p.id', 'r.patient_id')
    .select(['r.id', 'r.patient_id', 'r.instrument', 'r.completed_at', 'r.created_at', 'r.total', 'r.score', 'r.entered_by', 'p.synthetic'])
    .where('r.id', '=', sql<string>`ANY(${[...ids]}::uuid[])`)
    .execute();
  return new Map(
    rows.flatMap((r) => {
      if (!isQuestionnaireId(r.instrument)) return [];
      const risk = (r.score as { risk?: unknown }).risk;
      return [
        [
          r.id,
          {
            id: r.id,
            patientId: r.patient_id,
            instrument: r.instrument,
            completedAt: r.completed_at,
            createdAt: r.created_at,
            total: r.total,
            risk: risk === 'none' || risk === 'low' || risk === 'moderate' || risk === 'high' ? risk : null,
            enteredBy: r.entered_by,
            synthetic: r.synthetic,
          },
        ] as const,
      ];
    }),
  );
}

export const observationResource: FhirTypeHandler = {
  type: 'Observation',
  action: 'patients.read',
  description:
    'Vital signs at the chair (FHIR vital-signs profiles), MOAA/S levels, and questionnaire totals (PCL-5, PHQ-9, GAD-7, CADSS-6; the C-SSRS screener risk level)',
  searchParams: [
    { name: 'patient', type: 'reference', target: 'Patient', documentation: 'The patient (Patient/<id> or <id>)' },
    { name: 'subject', type: 'reference', target: 'Patient', documentation: 'The patient, as patient' },
    { name: 'date', type: 'date', documentation: 'When it was measured or answered (effective time)' },
    { name: 'code', type: 'token', documentation: 'LOINC or Kairos code (system|code, or code)' },
    { name: 'category', type: 'token', documentation: 'vital-signs, exam or survey' },
    { name: 'status', type: 'token', documentation: 'final (every Observation served is final)' },
  ],
  includes: ['Observation:patient', 'Observation:subject'],
  create:
    'A monitor posts one vital sign (device token, Authorization: Bearer): validated, then stored, classified and alarmed as the JSON device route; idempotent by identifier; the patient by Patient/<id> or the MRN, or the dosing event by Encounter/<id>',

  async read(tx, actor, id, meta) {
    const reading = parseReadingObservationId(id);
    if (reading !== undefined) {
      const r = (await readingsByIds(tx, [reading.readingId])).get(reading.readingId);
      if (r === undefined) return undefined;
      const resource = toFhirReadingObservation(r, reading.which);
      if (resource === undefined) return undefined;
      await assertPatientAccess(tx, actor, r.patientId, meta, 'fhir.read');
      return { resource, patientId: r.patientId };
    }
    const responseId = parseScoreObservationId(id);
    if (responseId === undefined) return undefined;
    const s = (await scoresByIds(tx, [responseId])).get(responseId);
    const resource = s === undefined ? undefined : toFhirScoreObservation(s);
    if (s === undefined || resource === undefined) return undefined;
    await assertPatientAccess(tx, actor, s.patientId, meta, 'fhir.read');
    return { resource, patientId: s.patientId };
  },

  async search(tx, actor, q, meta) {
    // The kinds the code and category tokens leave (every kind when neither is asked).
    let kinds = KINDS.map((k) => keyOf(k.kind));
    for (const keys of [...(tokenKeys(q, 'code', byCode) ?? []), ...(tokenKeys(q, 'category', byCategory) ?? [])])
      kinds = kinds.filter((k) => keys.includes(k));
    for (const alternatives of q.tokens.status ?? []) if (!alternatives.some((t) => t.code === undefined || t.code === 'final')) kinds = [];
    const signs = READING_OBSERVATIONS.filter((w) => kinds.includes(`vital:${w}`));
    const instruments = (Object.keys(SCORE_CODES) as QuestionnaireId[]).filter((i) => kinds.includes(`score:${i}`));
    // `_id`: the readings' and responses' ids it names (an id of neither form matches nothing).
    const ids = idsOf(q);
    const vitalIds =
      ids === undefined
        ? always
        : allOf(
            ids.map((alternatives) =>
              anyOf(
                alternatives.flatMap((id) => {
                  const r = parseReadingObservationId(id);
                  return r === undefined ? [] : [sql<SqlBool>`(v.id = ${r.readingId}::bigint AND k.which = ${r.which})`];
                }),
              ),
            ),
          );
    const scoreIds =
      ids === undefined
        ? always
        : allOf(
            ids.map((alternatives) =>
              anyOf(
                alternatives.flatMap((id) => {
                  const v = parseScoreObservationId(id);
                  return v === undefined ? [] : [sql<SqlBool>`r.id = ${v}::uuid`];
                }),
              ),
            ),
          );
    const visible = patientVisibleTo(actor, meta.now, { patientId: 'p.id', siteId: 'p.site_id' });
    const vitalSql =
      signs.length === 0
        ? sql`SELECT NULL::text AS source, NULL::text AS key, NULL::text AS kind, NULL::uuid AS patient_id, NULL::timestamptz AS effective_at WHERE FALSE`
        : sql`
      SELECT 'vital' AS source, v.id::text AS key, k.which AS kind, d.patient_id, v.measured_at AS effective_at
      FROM vital_reading v
      JOIN dosing_session d ON d.id = v.session_id
      JOIN patient p ON p.id = d.patient_id
      CROSS JOIN LATERAL (VALUES ${sql.join(signs.map((w) => sql`(${w}, ${sql.raw(SIGN_PRESENT[w])})`))}) k(which, present)
      WHERE k.present AND ${visible}
        AND ${referenceWhere(q, ['patient', 'subject'], 'd.patient_id')}
        AND ${dateWhere(q, 'date', 'v.measured_at')}
        AND ${dateWhere(q, '_lastUpdated', 'v.received_at')}
        AND ${vitalIds}`;
    const scoreSql =
      instruments.length === 0
        ? sql`SELECT NULL::text, NULL::text, NULL::text, NULL::uuid, NULL::timestamptz WHERE FALSE`
        : sql`
      SELECT 'score', r.id::text, r.instrument, r.patient_id, r.completed_at
      FROM questionnaire_response r
      JOIN patient p ON p.id = r.patient_id
      WHERE r.instrument = ANY(${instruments}::text[])
        AND (r.total IS NOT NULL OR (r.instrument = 'cssrs' AND r.score->>'risk' IS NOT NULL))
        AND ${visible}
        AND ${referenceWhere(q, ['patient', 'subject'], 'r.patient_id')}
        AND ${dateWhere(q, 'date', 'r.completed_at')}
        AND ${dateWhere(q, '_lastUpdated', 'r.created_at')}
        AND ${scoreIds}`;
    const all = sql`(${vitalSql}) UNION ALL (${scoreSql})`;
    const { rows: counted } = await sql<{ n: string }>`SELECT count(*) AS n FROM (${all}) o`.execute(tx);
    const { rows } =
      q.count === 0
        ? { rows: [] }
        : await sql<{ source: 'vital' | 'score'; key: string; kind: string; patient_id: string; effective_at: Date }>`
            SELECT * FROM (${all}) o ORDER BY o.effective_at DESC, o.source, o.key, o.kind LIMIT ${q.count} OFFSET ${q.offset}`.execute(tx);
    const readings = await readingsByIds(
      tx,
      rows.filter((r) => r.source === 'vital').map((r) => r.key),
    );
    const scores = await scoresByIds(
      tx,
      rows.filter((r) => r.source === 'score').map((r) => r.key),
    );
    const hits: FhirHit[] = rows.flatMap((r) => {
      const resource =
        r.source === 'vital'
          ? (() => {
              const reading = readings.get(r.key);
              return reading === undefined ? undefined : toFhirReadingObservation(reading, r.kind as ReadingObservation);
            })()
          : (() => {
              const score = scores.get(r.key);
              return score === undefined ? undefined : toFhirScoreObservation(score);
            })();
      return resource === undefined ? [] : [{ resource, patientId: r.patient_id }];
    });
    return { total: Number(counted[0]?.n ?? 0), hits };
  },
};
