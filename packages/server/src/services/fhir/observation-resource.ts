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
import { allOf, always, anyOf, dateWhere, idsOf, referenceWhere, tokenKeys, totalOf } from './search-sql.js';

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

/** The columns a reading's Observations are made of (vital_reading as v, dosing_session as d, patient as p). */
const READING_COLUMNS = sql`v.id AS reading_id, d.patient_id, v.session_id, v.measured_at, v.received_at, v.systolic, v.diastolic,
  v.heart_rate, v.spo2, v.respiratory_rate, v.temperature_c, v.moaas, v.recorded_by, p.synthetic`;

interface ReadingRow {
  reading_id: string | number;
  patient_id: string;
  session_id: string;
  measured_at: Date;
  received_at: Date;
  systolic: number | null;
  diastolic: number | null;
  heart_rate: number | null;
  spo2: number | null;
  respiratory_rate: number | null;
  temperature_c: string | number | null;
  moaas: number | null;
  recorded_by: string | null;
  synthetic: boolean;
}

const readingOf = (r: ReadingRow): ReadingRecord => ({
  id: String(r.reading_id),
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
});

/** The columns a response's score Observation is made of (questionnaire_response as r, patient as p). */
const SCORE_COLUMNS = sql`r.id AS response_id, r.patient_id, r.instrument, r.completed_at, r.created_at, r.total, r.score, r.entered_by, p.synthetic`;

interface ScoreRow {
  response_id: string;
  patient_id: string;
  instrument: string;
  completed_at: Date;
  created_at: Date;
  total: number | null;
  score: unknown;
  entered_by: string | null;
  synthetic: boolean;
}

function scoreOf(r: ScoreRow): ScoredResponseRecord | undefined {
  if (!isQuestionnaireId(r.instrument)) return undefined;
  const risk = (r.score as { risk?: unknown } | null)?.risk;
  return {
    id: r.response_id,
    patientId: r.patient_id,
    instrument: r.instrument,
    completedAt: r.completed_at,
    createdAt: r.created_at,
    total: r.total,
    risk: risk === 'none' || risk === 'low' || risk === 'moderate' || risk === 'high' ? risk : null,
    enteredBy: r.entered_by,
    synthetic: r.synthetic,
  };
}

/** A reading with what its Observations are made of: by its id, or by its session and the monitor's own id for it. */
export async function readingRecord(
  tx: Db,
  by: { readingId: string } | { sessionId: string; clientId: string },
): Promise<ReadingRecord | undefined> {
  const where =
    'readingId' in by ? sql`v.id = ${by.readingId}::bigint` : sql`v.session_id = ${by.sessionId} AND v.client_id = ${by.clientId}`;
  const { rows } = await sql<ReadingRow>`SELECT ${READING_COLUMNS}
    FROM vital_reading v JOIN dosing_session d ON d.id = v.session_id JOIN patient p ON p.id = d.patient_id
    WHERE ${where}`.execute(tx);
  return rows[0] === undefined ? undefined : readingOf(rows[0]);
}

async function scoreById(tx: Db, id: string): Promise<ScoredResponseRecord | undefined> {
  const { rows } = await sql<ScoreRow>`SELECT ${SCORE_COLUMNS}
    FROM questionnaire_response r JOIN patient p ON p.id = r.patient_id
    WHERE r.id = ${id}::uuid`.execute(tx);
  return rows[0] === undefined ? undefined : scoreOf(rows[0]);
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
      const r = await readingRecord(tx, { readingId: reading.readingId });
      if (r === undefined) return undefined;
      const resource = toFhirReadingObservation(r, reading.which);
      if (resource === undefined) return undefined;
      await assertPatientAccess(tx, actor, r.patientId, meta, 'fhir.read');
      return { resource, patientId: r.patientId };
    }
    const responseId = parseScoreObservationId(id);
    if (responseId === undefined) return undefined;
    const s = await scoreById(tx, responseId);
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
        ? sql`SELECT NULL::text AS source, NULL::text AS key, NULL::bigint AS reading_id, NULL::uuid AS response_id, NULL::text AS kind,
            NULL::uuid AS patient_id, NULL::timestamptz AS effective_at WHERE FALSE`
        : sql`
      SELECT 'vital' AS source, v.id::text AS key, v.id AS reading_id, NULL::uuid AS response_id, k.which AS kind, d.patient_id,
        v.measured_at AS effective_at
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
        ? sql`SELECT NULL::text, NULL::text, NULL::bigint, NULL::uuid, NULL::text, NULL::uuid, NULL::timestamptz WHERE FALSE`
        : sql`
      SELECT 'score', r.id::text, NULL::bigint, r.id, r.instrument, r.patient_id, r.completed_at
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
    // The page and what its Observations are made of, in one statement.
    const { rows } =
      q.count === 0
        ? { rows: [] }
        : await sql<{ source: 'vital' | 'score'; kind: string } & Partial<ReadingRow> & Partial<ScoreRow>>`
            SELECT o.source, o.kind, o.patient_id, p.synthetic,
              v.id AS reading_id, v.session_id, v.measured_at, v.received_at, v.systolic, v.diastolic, v.heart_rate, v.spo2,
              v.respiratory_rate, v.temperature_c, v.moaas, v.recorded_by,
              r.id AS response_id, r.instrument, r.completed_at, r.created_at, r.total, r.score, r.entered_by
            FROM (SELECT * FROM (${all}) o ORDER BY o.effective_at DESC, o.source, o.key, o.kind LIMIT ${q.count} OFFSET ${q.offset}) o
            JOIN patient p ON p.id = o.patient_id
            LEFT JOIN vital_reading v ON v.id = o.reading_id
            LEFT JOIN dosing_session d ON d.id = v.session_id
            LEFT JOIN questionnaire_response r ON r.id = o.response_id
            ORDER BY o.effective_at DESC, o.source, o.key, o.kind`.execute(tx);
    const hits: FhirHit[] = rows.flatMap((r) => {
      const resource =
        r.source === 'vital'
          ? toFhirReadingObservation(readingOf(r as ReadingRow), r.kind as ReadingObservation)
          : (() => {
              const score = scoreOf(r as ScoreRow);
              return score === undefined ? undefined : toFhirScoreObservation(score);
            })();
      return resource === undefined ? [] : [{ resource, patientId: r.patient_id ?? '' }];
    });
    const total = await totalOf(q, rows.length, async () => {
      const { rows: counted } = await sql<{ n: string }>`SELECT count(*) AS n FROM (${all}) o`.execute(tx);
      return counted[0]?.n ?? 0;
    });
    return { total, hits };
  },
};
