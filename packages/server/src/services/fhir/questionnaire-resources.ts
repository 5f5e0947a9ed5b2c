/**
 * FHIR Questionnaire and QuestionnaireResponse: the forms Kairos asks (no patient data: any staff
 * member who enters questionnaires may read them) and the responses stored, among the patients the
 * actor may see. The resources are mapped by core; a response's score is its Observation
 * `score-<id>`.
 *
 * @module
 */
import {
  FHIR_QUESTIONNAIRE_IDS,
  QUESTIONNAIRE_PANEL_LOINC,
  isFhirQuestionnaireId,
  isQuestionnaireId,
  toFhirQuestionnaire,
  toFhirQuestionnaireResponse,
  type FhirQuestionnaireId,
  type QuestionnaireResponseRecord,
} from '@kairos/core';
import { sql, type SqlBool } from 'kysely';
import type { Token } from '../../fhir/search-params.js';
import { assertPatientAccess } from '../patients/assert-patient-access.js';
import { patientVisibleTo } from '../patients/visible-patients.js';
import type { FhirHit, FhirTypeHandler } from './fhir-types.js';
import { allOf, anyOf, dateWhere, never, referenceWhere, uuidIdWhere, totalOf } from './search-sql.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const tokenMatches = (t: Token, c: { system: string; code: string }): boolean =>
  (t.system === undefined || t.system === c.system) && (t.code === undefined || t.code === c.code);

/** Whether a Questionnaire passes every condition of the search (all are on values known without a database). */
function questionnaireMatches(id: FhirQuestionnaireId, q: Parameters<FhirTypeHandler['search']>[2]): boolean {
  const panel = QUESTIONNAIRE_PANEL_LOINC[id];
  const every = (name: string, test: (t: Token) => boolean): boolean => (q.tokens[name] ?? []).every((alts) => alts.some(test));
  return (
    every('_id', (t) => t.code === id) &&
    every('status', (t) => t.code === undefined || t.code === 'active') &&
    every('code', (t) => panel !== undefined && tokenMatches(t, { system: 'http://loinc.org', code: panel.code })) &&
    // The forms carry no last-updated time: a search by it matches none.
    (q.dates._lastUpdated ?? []).length === 0
  );
}

export const questionnaireResource: FhirTypeHandler = {
  type: 'Questionnaire',
  action: 'questionnaires.enter',
  description:
    'The questionnaires Kairos asks: PCL-5 (past month, past week), PHQ-9, GAD-7, the C-SSRS screener (since last contact, lifetime/recent), CADSS-6',
  searchParams: [
    { name: 'status', type: 'token', documentation: 'active (every Questionnaire served is active)' },
    { name: 'code', type: 'token', documentation: 'The panel LOINC (PCL-5 101697-1, PHQ-9 44249-1, GAD-7 69737-5)' },
  ],
  includes: [],
  read(_tx, _actor, id) {
    return Promise.resolve(isFhirQuestionnaireId(id) ? { resource: toFhirQuestionnaire(id), patientId: null } : undefined);
  },
  search(_tx, _actor, q) {
    const ids = FHIR_QUESTIONNAIRE_IDS.filter((id) => questionnaireMatches(id, q));
    const page = q.count === 0 ? [] : ids.slice(q.offset, q.offset + q.count);
    return Promise.resolve({ total: ids.length, hits: page.map((id) => ({ resource: toFhirQuestionnaire(id), patientId: null })) });
  },
};

/** The SQL condition selecting the responses of one Questionnaire (the C-SSRS screener's by its stored form). */
function answersQuestionnaire(id: string): ReturnType<typeof allOf> {
  if (!isFhirQuestionnaireId(id)) return never;
  if (id === 'cssrs-since-last-contact' || id === 'cssrs-lifetime-recent') {
    const form = id.slice('cssrs-'.length);
    return sql<SqlBool>`(r.instrument = 'cssrs' AND coalesce(r.answers->>'form', 'since-last-contact') = ${form})`;
  }
  return sql<SqlBool>`r.instrument = ${id}`;
}

type ResponseRow = {
  id: string;
  patient_id: string;
  instrument: string;
  answers: unknown;
  completed_at: Date;
  created_at: Date;
  channel: 'staff' | 'portal';
  entered_by: string | null;
  synthetic: boolean;
};

const RESPONSE_COLUMNS = [
  'r.id',
  'r.patient_id',
  'r.instrument',
  'r.answers',
  'r.completed_at',
  'r.created_at',
  'r.channel',
  'r.entered_by',
  'p.synthetic',
] as const;

function hitOfResponse(r: ResponseRow): FhirHit | undefined {
  if (!isQuestionnaireId(r.instrument)) return undefined;
  const record: QuestionnaireResponseRecord = {
    id: r.id,
    patientId: r.patient_id,
    instrument: r.instrument,
    answers: r.answers,
    completedAt: r.completed_at,
    createdAt: r.created_at,
    channel: r.channel,
    enteredBy: r.entered_by,
    synthetic: r.synthetic,
  };
  return { resource: toFhirQuestionnaireResponse(record), patientId: r.patient_id };
}

export const questionnaireResponseResource: FhirTypeHandler = {
  type: 'QuestionnaireResponse',
  action: 'patients.read',
  description: 'A completed questionnaire: each answer coded by its item (the score is the Observation score-<id>)',
  searchParams: [
    { name: 'patient', type: 'reference', target: 'Patient', documentation: 'The patient (Patient/<id> or <id>)' },
    { name: 'subject', type: 'reference', target: 'Patient', documentation: 'The patient, as patient' },
    { name: 'authored', type: 'date', documentation: 'When it was completed' },
    {
      name: 'questionnaire',
      type: 'reference',
      target: 'Questionnaire',
      documentation: 'The Questionnaire answered (Questionnaire/<id> or <id>, e.g. phq9, cssrs-since-last-contact)',
    },
    { name: 'status', type: 'token', documentation: 'completed (every response served is completed)' },
  ],
  includes: ['QuestionnaireResponse:patient', 'QuestionnaireResponse:subject'],
  create:
    'A clinician enters a patient’s questionnaire (signed in, with the CSRF header): validated, then scored by core and risk-routed as an entry through the API; answers as the items’ codings',

  async read(tx, actor, id, meta) {
    if (!UUID.test(id)) return undefined;
    const row = await tx
      .selectFrom('questionnaire_response as r')
      .innerJoin('patient as p', 'p.id', 'r.patient_id')
      .select([...RESPONSE_COLUMNS])
      .where('r.id', '=', id)
      .executeTakeFirst();
    if (row === undefined) return undefined;
    const hit = hitOfResponse(row);
    if (hit === undefined) return undefined;
    await assertPatientAccess(tx, actor, row.patient_id, meta, 'fhir.read');
    return hit;
  },

  async search(tx, actor, q, meta) {
    const where = allOf([
      patientVisibleTo(actor, meta.now, { patientId: 'p.id', siteId: 'p.site_id' }),
      uuidIdWhere(q, 'r.id'),
      referenceWhere(q, ['patient', 'subject'], 'r.patient_id'),
      dateWhere(q, 'authored', 'r.completed_at'),
      dateWhere(q, '_lastUpdated', 'r.created_at'),
      ...(q.references.questionnaire ?? []).map((alternatives) => anyOf(alternatives.map(answersQuestionnaire))),
      ...(q.tokens.status ?? []).map((alternatives) =>
        anyOf(alternatives.map((t) => (t.code === undefined || t.code === 'completed' ? sql<SqlBool>`TRUE` : never))),
      ),
    ]);
    const rows =
      q.count === 0
        ? []
        : await tx
            .selectFrom('questionnaire_response as r')
            .innerJoin('patient as p', 'p.id', 'r.patient_id')
            .select([...RESPONSE_COLUMNS])
            .where(where)
            .orderBy('r.completed_at', 'desc')
            .orderBy('r.id')
            .limit(q.count)
            .offset(q.offset)
            .execute();
    const total = await totalOf(q, rows.length, async () => {
      const counted = await tx
        .selectFrom('questionnaire_response as r')
        .innerJoin('patient as p', 'p.id', 'r.patient_id')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where(where)
        .executeTakeFirstOrThrow();
      return counted.n;
    });
    return { total, hits: rows.flatMap((r) => hitOfResponse(r) ?? []) };
  },
};
