/**
 * FHIR CarePlan and DocumentReference: the signed clinical notes, among the patients the actor may
 * see. The signed continuing care plan is a CarePlan (active, or revoked once a later plan of the
 * patient is signed); every signed note but a psychotherapy note is a DocumentReference with the
 * note as plain text. Integration-session process notes (psychotherapy notes, 45 CFR
 * 164.508(a)(2)) are never read here: a search never finds one and a read of one is a 404.
 *
 * @module
 */
import { createHash } from 'node:crypto';
import {
  CARE_PLAN_TEMPLATE,
  DOCUMENT_NOTE_TEMPLATES,
  isNoteTemplateId,
  noteDocumentText,
  noteTypeCoding,
  toFhirCarePlan,
  toFhirDocumentReference,
  type NoteTemplateId,
  type SignedNoteRecord,
} from '@kairos/core';
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { ParsedSearch, Token } from '../../fhir/search-params.js';
import type { Db } from '../../store/database.js';
import type { Actor, RequestMeta } from '../context.js';
import { assertPatientAccess } from '../patients/assert-patient-access.js';
import { patientVisibleTo } from '../patients/visible-patients.js';
import type { FhirHit, FhirTypeHandler } from './fhir-types.js';
import { allOf, anyOf, always, dateWhere, never, referenceWhere, tokenKeys, uuidIdWhere, totalOf } from './search-sql.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

type NoteRow = {
  id: string;
  patient_id: string;
  template: string;
  template_version: string;
  content: Record<string, unknown>;
  signed_by: string;
  signer_name: string;
  signed_at: Date;
  synthetic: boolean;
  last_updated: Date;
  superseded_at: Date | null;
};

/**
 * The signed notes of `templates` as one derived table `d` (its patient's site, the latest change
 * including amendments, and when a later care plan of the patient was signed), filtered by `where`.
 */
function signedNotes(templates: readonly NoteTemplateId[], where: (d: string) => RawBuilder<SqlBool>) {
  return sql`
    SELECT * FROM (
      SELECT n.id, n.patient_id, p.site_id, n.template, n.template_version, n.content, n.signed_by,
        u.display_name AS signer_name, n.signed_at, p.synthetic,
        GREATEST(n.updated_at, (SELECT max(a.at) FROM note_amendment a WHERE a.note_id = n.id)) AS last_updated,
        (SELECT min(n2.signed_at) FROM clinical_note n2
          WHERE n2.patient_id = n.patient_id AND n2.template = n.template AND n2.state = 'signed'
            AND (n2.signed_at > n.signed_at OR (n2.signed_at = n.signed_at AND n2.id > n.id))) AS superseded_at
      FROM clinical_note n
      JOIN patient p ON p.id = n.patient_id
      JOIN app_user u ON u.id = n.signed_by
      WHERE n.state = 'signed' AND n.signed_at IS NOT NULL AND n.template = ANY(${[...templates]}::text[])
    ) d
    WHERE ${where('d')}`;
}

/** The amendments of the notes `ids`, oldest first, with their authors' names. */
async function amendmentsByNote(tx: Db, ids: readonly string[]): Promise<Map<string, SignedNoteRecord['amendments'][number][]>> {
  if (ids.length === 0) return new Map();
  const rows = await tx
    .selectFrom('note_amendment as a')
    .innerJoin('app_user as u', 'u.id', 'a.by_user')
    .select(['a.note_id', 'a.at', 'a.by_user', 'u.display_name', 'a.reason', 'a.body'])
    .where('a.note_id', 'in', [...ids])
    .orderBy('a.at')
    .orderBy('a.id')
    .execute();
  const out = new Map<string, SignedNoteRecord['amendments'][number][]>();
  for (const a of rows)
    out.set(a.note_id, [
      ...(out.get(a.note_id) ?? []),
      { at: a.at, byId: a.by_user, byName: a.display_name, reason: a.reason, body: a.body },
    ]);
  return out;
}

const recordOf = (r: NoteRow, amendments: SignedNoteRecord['amendments']): SignedNoteRecord | undefined =>
  isNoteTemplateId(r.template)
    ? {
        id: r.id,
        patientId: r.patient_id,
        template: r.template,
        templateVersion: r.template_version,
        content: r.content,
        signedBy: r.signed_by,
        signedByName: r.signer_name,
        signedAt: new Date(r.signed_at),
        amendments,
        lastUpdated: new Date(r.last_updated),
        synthetic: r.synthetic,
      }
    : undefined;

/** The note as plain text, encoded as FHIR Attachment data: base64 of its UTF-8 bytes and their SHA-1 (base64). */
function encodedText(n: SignedNoteRecord) {
  const bytes = Buffer.from(noteDocumentText(n), 'utf8');
  return { base64: bytes.toString('base64'), sha1Base64: createHash('sha1').update(bytes).digest('base64'), size: bytes.length };
}

/** How a note type maps: a handler's templates, the conditions of its own parameters, and the resource. */
interface NoteKind {
  templates: readonly NoteTemplateId[];
  conditions: (q: ParsedSearch) => RawBuilder<SqlBool>[];
  toResource: (n: SignedNoteRecord, r: NoteRow) => FhirHit['resource'];
}

async function hitsOf(tx: Db, kind: NoteKind, rows: readonly NoteRow[]): Promise<FhirHit[]> {
  const amendments = await amendmentsByNote(
    tx,
    rows.map((r) => r.id),
  );
  return rows.flatMap((r) => {
    const n = recordOf(r, amendments.get(r.id) ?? []);
    return n === undefined ? [] : [{ resource: kind.toResource(n, r), patientId: r.patient_id }];
  });
}

async function readNote(tx: Db, kind: NoteKind, actor: Actor, id: string, meta: RequestMeta): Promise<FhirHit | undefined> {
  if (!UUID.test(id)) return undefined;
  const { rows } = await sql<NoteRow>`${signedNotes(kind.templates, (d) => sql<SqlBool>`${sql.ref(`${d}.id`)} = ${id}::uuid`)}`.execute(tx);
  const row = rows[0];
  if (row === undefined) return undefined;
  await assertPatientAccess(tx, actor, row.patient_id, meta, 'fhir.read');
  return (await hitsOf(tx, kind, [row]))[0];
}

async function searchNotes(tx: Db, kind: NoteKind, actor: Actor, q: ParsedSearch, meta: RequestMeta) {
  const where = () =>
    allOf([
      patientVisibleTo(actor, meta.now, { patientId: 'd.patient_id', siteId: 'd.site_id' }),
      uuidIdWhere(q, 'd.id'),
      referenceWhere(q, ['patient', 'subject'], 'd.patient_id'),
      dateWhere(q, 'date', 'd.signed_at'),
      dateWhere(q, '_lastUpdated', 'd.last_updated'),
      ...kind.conditions(q),
    ]);
  const all = signedNotes(kind.templates, where);
  const { rows } =
    q.count === 0
      ? { rows: [] as NoteRow[] }
      : await sql<NoteRow>`SELECT * FROM (${all}) c ORDER BY c.signed_at DESC, c.id LIMIT ${q.count} OFFSET ${q.offset}`.execute(tx);
  const total = await totalOf(q, rows.length, async () => {
    const { rows: counted } = await sql<{ n: string }>`SELECT count(*) AS n FROM (${all}) c`.execute(tx);
    return counted[0]?.n ?? 0;
  });
  return { total, hits: await hitsOf(tx, kind, rows) };
}

const PATIENT_PARAMS = [
  { name: 'patient', type: 'reference', target: 'Patient', documentation: 'The patient (Patient/<id> or <id>)' },
  { name: 'subject', type: 'reference', target: 'Patient', documentation: 'The patient, as patient' },
] as const;

const CARE_PLAN: NoteKind = {
  templates: [CARE_PLAN_TEMPLATE],
  conditions: (q) =>
    (q.tokens.status ?? []).map((alternatives) =>
      anyOf(
        alternatives.map((t) =>
          t.code === undefined
            ? always
            : t.code === 'active'
              ? sql<SqlBool>`d.superseded_at IS NULL`
              : t.code === 'revoked'
                ? sql<SqlBool>`d.superseded_at IS NOT NULL`
                : never,
        ),
      ),
    ),
  toResource: (n, r) => toFhirCarePlan(n, r.superseded_at === null ? null : new Date(r.superseded_at)),
};

export const carePlanResource: FhirTypeHandler = {
  type: 'CarePlan',
  action: 'patients.read',
  description:
    'The signed continuing care plan: goals, maintenance plan, follow-up measures, crisis resources and amendments (active; revoked once a later plan is signed)',
  searchParams: [
    ...PATIENT_PARAMS,
    { name: 'date', type: 'date', documentation: 'When it was signed (the start of its period)' },
    { name: 'status', type: 'token', documentation: 'active (the latest plan of the patient) or revoked (replaced by a later plan)' },
  ],
  includes: ['CarePlan:patient', 'CarePlan:subject'],
  read: (tx, actor, id, meta) => readNote(tx, CARE_PLAN, actor, id, meta),
  search: (tx, actor, q, meta) => searchNotes(tx, CARE_PLAN, actor, q, meta),
};

/** The templates a `type` token selects (Kairos `note-type` codes). */
const byType = (t: Token): NoteTemplateId[] =>
  DOCUMENT_NOTE_TEMPLATES.filter((template) => {
    const c = noteTypeCoding(template);
    return (t.system === undefined || t.system === c.system) && (t.code === undefined || t.code === c.code);
  });

const DOCUMENT: NoteKind = {
  templates: DOCUMENT_NOTE_TEMPLATES,
  conditions: (q) => [
    ...(tokenKeys(q, 'type', byType) ?? []).map((templates) =>
      templates.length === 0 ? never : sql<SqlBool>`d.template = ANY(${templates}::text[])`,
    ),
    ...(q.tokens.status ?? []).map((alternatives) =>
      anyOf(alternatives.map((t) => (t.code === undefined || t.code === 'current' ? always : never))),
    ),
  ],
  toResource: (n) => toFhirDocumentReference(n, encodedText(n)),
};

export const documentReferenceResource: FhirTypeHandler = {
  type: 'DocumentReference',
  action: 'patients.read',
  description:
    'A signed clinical note as plain text (intake, preparation, dosing session, discharge summary, care plan); psychotherapy process notes are never served',
  searchParams: [
    ...PATIENT_PARAMS,
    { name: 'date', type: 'date', documentation: 'When it was signed' },
    {
      name: 'type',
      type: 'token',
      documentation: `The Kairos note type (${DOCUMENT_NOTE_TEMPLATES.join(', ')})`,
    },
    { name: 'status', type: 'token', documentation: 'current (every document served is current)' },
  ],
  includes: ['DocumentReference:patient', 'DocumentReference:subject'],
  read: (tx, actor, id, meta) => readNote(tx, DOCUMENT, actor, id, meta),
  search: (tx, actor, q, meta) => searchNotes(tx, DOCUMENT, actor, q, meta),
};
