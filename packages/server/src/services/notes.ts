/**
 * Clinical notes from templates (core `notes/`): a draft is written and edited, then signed with a
 * step-up proof of the signer's own password. Signing locks the note (state signed, signer, time
 * and a sha256 content hash; the table's trigger refuses any later UPDATE or DELETE). Corrections
 * and additions are amendments, appended with a reason and their own hash, never edits in place.
 * A note with an empty required field cannot be signed: the refusal names every such field.
 *
 * The signed continuing care plan is printed as PDFs (`care-plan-pdf.ts`) and shown in the
 * patient's portal. Every read and write of a note is audited in its transaction.
 *
 * @module
 */
import { createHash } from 'node:crypto';
import {
  checkNoteContent,
  findNoteTemplate,
  findProgramTemplate,
  generateSchedule,
  initialNoteContent,
  INSTRUMENT_DISPLAY_NAMES,
  listMissingFields,
  localDateOf,
  NOTE_TEMPLATES,
  type NoteContentProblem,
  type NoteTemplate,
  type NoteTemplateId,
} from '@kairos/core';
import type { AmendmentBody, CreateNoteBody, Note, NoteState, NoteStoredContent, NoteSummaryList, PortalCarePlan } from '@kairos/api';
import { AppError, notFound } from '../errors.js';
import { audit, canonicalJson } from './audit.js';
import { renderCarePlanPdf, type CarePlanAudience, type CarePlanPdfFacts } from './care-plan-pdf.js';
import { assertPatientAccess } from './patients/assert-patient-access.js';
import { protocolInForce } from './protocol.js';
import { PATIENT, type Actor, type RequestMeta } from './context.js';
import { consumeStepUp } from './sign-in/step-up.js';
import { AuditedRefusal, transact } from './transaction.js';
import type { Db } from '../store/database.js';

/** The step-up purpose a signature consumes. */
export const NOTE_SIGN_PURPOSE = 'note.sign';
/** The site content key of the site's crisis resources text. */
export const CRISIS_RESOURCES_KEY = 'crisis-resources';
const CARE_PLAN = 'continuing-care-plan';

const sha256Hex = (s: string): string => createHash('sha256').update(s).digest('hex');

/** sha256 of the canonical JSON of the template id, its version and the content: what a signature locks. */
export function noteContentHash(templateId: string, templateVersion: string, content: Record<string, unknown>): string {
  return sha256Hex(canonicalJson({ template: templateId, version: templateVersion, content }));
}

/** sha256 of the canonical JSON of the note's hash, the amendment's body and its reason. */
export function amendmentHash(noteHash: string, body: string, reason: string): string {
  return sha256Hex(canonicalJson({ note: noteHash, body, reason }));
}

/** The templates as the API shows them (current versions). */
export function noteTemplates() {
  return { items: NOTE_TEMPLATES };
}

type NoteRow = {
  id: string;
  patient_id: string;
  enrollment_id: string | null;
  session_id: string | null;
  template: NoteTemplateId;
  template_version: string;
  content: Record<string, unknown>;
  state: NoteState;
  created_by: string;
  created_at: Date;
  updated_at: Date;
  signed_by: string | null;
  signed_at: Date | null;
  content_hash: string | null;
};

function templateOf(row: Pick<NoteRow, 'id' | 'template' | 'template_version'>): NoteTemplate {
  const t = findNoteTemplate(row.template, row.template_version);
  // Templates only gain versions: a stored note's template always exists.
  if (t === undefined) throw new Error(`note ${row.id}: template ${row.template} version ${row.template_version} is unknown`);
  return t;
}

function auditNote(
  tx: Db,
  actor: Actor,
  meta: RequestMeta,
  action: string,
  note: { id: string | null; patientId: string },
  details: Record<string, unknown> = {},
) {
  return audit(
    tx,
    { ...meta, actor },
    {
      action,
      recordType: note.id === null ? 'patient' : 'clinical_note',
      recordId: note.id ?? note.patientId,
      patientId: note.patientId,
      outcome: 'allowed',
      details,
    },
  );
}

/** A 400 naming each field of the content that cannot be stored (`body.content.<field>`). */
function contentProblems(problems: readonly NoteContentProblem[]): AppError {
  const issues = problems.map((p) => ({ field: `body.content.${p.field}`, message: p.message }));
  return new AppError('VALIDATION_FAILED', issues.map((i) => `${i.field}: ${i.message}`).join('; '), { issues });
}

/** Loads a note and checks the actor may see its patient (404 when absent, 403 audited outside the care team). */
async function loadNoteFor(
  tx: Db,
  actor: Actor,
  noteId: string,
  meta: RequestMeta,
  action: string,
  { lock = false }: { lock?: boolean } = {},
): Promise<NoteRow> {
  let q = tx.selectFrom('clinical_note').selectAll().where('id', '=', noteId);
  if (lock) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (row === undefined) throw notFound('note', noteId);
  await assertPatientAccess(tx, actor, row.patient_id, meta, action);
  return row;
}

async function userNames(tx: Db, ids: (string | null)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((i): i is string => i !== null))];
  if (wanted.length === 0) return new Map();
  const rows = await tx.selectFrom('app_user').select(['id', 'display_name']).where('id', 'in', wanted).execute();
  return new Map(rows.map((r) => [r.id, r.display_name]));
}

async function amendmentsOf(tx: Db, noteId: string) {
  const rows = await tx
    .selectFrom('note_amendment as a')
    .innerJoin('app_user as u', 'u.id', 'a.by_user')
    .select(['a.id', 'a.body', 'a.reason', 'a.at', 'a.content_hash', 'a.by_user', 'u.display_name'])
    .where('a.note_id', '=', noteId)
    .orderBy('a.at')
    .orderBy('a.id')
    .execute();
  return rows.map((a) => ({
    id: a.id,
    body: a.body,
    reason: a.reason,
    at: a.at.toISOString(),
    by: { id: a.by_user, name: a.display_name },
    contentHash: a.content_hash,
  }));
}

/** The full view of one note: template, content, what is missing to sign, signature, hash check, amendments. */
async function noteView(tx: Db, row: NoteRow): Promise<Note> {
  const template = templateOf(row);
  const names = await userNames(tx, [row.created_by, row.signed_by]);
  const check = checkNoteContent(template, row.content);
  const amendments = await amendmentsOf(tx, row.id);
  const hashNow = noteContentHash(row.template, row.template_version, row.content);
  return {
    id: row.id,
    patientId: row.patient_id,
    enrollmentId: row.enrollment_id,
    sessionId: row.session_id,
    template,
    state: row.state,
    content: storedContent(row.content),
    missing: check.missing,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    author: { id: row.created_by, name: names.get(row.created_by) ?? '' },
    signedBy: row.signed_by === null ? null : { id: row.signed_by, name: names.get(row.signed_by) ?? '' },
    signedAt: row.signed_at?.toISOString() ?? null,
    contentHash: row.content_hash,
    hashVerified: row.content_hash === null ? null : row.content_hash === hashNow,
    amendments: amendments.map((a) => ({
      ...a,
      hashVerified: row.content_hash !== null && a.contentHash === amendmentHash(row.content_hash, a.body, a.reason),
    })),
    pdf:
      template.printable && row.state === 'signed'
        ? { patient: `/api/notes/${row.id}/pdf?audience=patient`, referrer: `/api/notes/${row.id}/pdf?audience=referrer` }
        : null,
  };
}

/** The patient's notes, newest first: template, state, author, signer, amendment count. */
export async function listNotes(db: Db, actor: Actor, patientId: string, meta: RequestMeta): Promise<NoteSummaryList> {
  return transact(db, async (tx) => {
    await assertPatientAccess(tx, actor, patientId, meta, 'note.list');
    const rows = await tx
      .selectFrom('clinical_note as n')
      .innerJoin('app_user as a', 'a.id', 'n.created_by')
      .leftJoin('app_user as s', 's.id', 'n.signed_by')
      .select((eb) => [
        'n.id',
        'n.template',
        'n.template_version',
        'n.state',
        'n.enrollment_id',
        'n.session_id',
        'n.created_at',
        'n.updated_at',
        'n.signed_at',
        'a.display_name as author',
        's.display_name as signer',
        eb
          .selectFrom('note_amendment as m')
          .select((e) => e.fn.countAll<string>().as('n'))
          .whereRef('m.note_id', '=', 'n.id')
          .as('amendments'),
      ])
      .where('n.patient_id', '=', patientId)
      .orderBy('n.created_at', 'desc')
      .orderBy('n.id')
      .execute();
    await auditNote(tx, actor, meta, 'note.list', { id: null, patientId }, { notes: rows.length });
    return {
      items: rows.map((r) => ({
        id: r.id,
        template: r.template,
        templateVersion: r.template_version,
        title: findNoteTemplate(r.template, r.template_version)?.title ?? r.template,
        state: r.state,
        enrollmentId: r.enrollment_id,
        sessionId: r.session_id,
        createdAt: r.created_at.toISOString(),
        updatedAt: r.updated_at.toISOString(),
        author: r.author,
        signedBy: r.signer,
        signedAt: r.signed_at?.toISOString() ?? null,
        amendments: Number(r.amendments ?? 0),
      })),
    };
  });
}

/** What a draft starts from: the API's body, or the demo's content (checked against the template either way). */
export type NoteCreateInput = Omit<CreateNoteBody, 'content'> & { content?: Record<string, unknown> | undefined };

/** Drops keys whose value is null: null in the API clears a field. */
const withoutNulls = (c: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(c).filter(([, v]) => v !== null && v !== undefined));

/**
 * Creates a draft. The enrollment defaults to the session's, else the patient's latest; the content
 * starts with the template's prefills (a care plan: the program's follow-up measures and the site's
 * crisis resources), overlaid with what was given.
 */
export async function createNote(db: Db, actor: Actor, patientId: string, input: NoteCreateInput, meta: RequestMeta): Promise<Note> {
  return transact(db, async (tx) => {
    await assertPatientAccess(tx, actor, patientId, meta, 'note.create');
    const template = findNoteTemplate(input.template);
    if (template === undefined) {
      throw new AppError('VALIDATION_FAILED', `body.template: unknown note template "${input.template}"`, {
        issues: [{ field: 'body.template', message: `one of: ${NOTE_TEMPLATES.map((t) => t.id).join(', ')}` }],
      });
    }
    let enrollmentId = input.enrollmentId ?? null;
    if (input.sessionId !== undefined) {
      const s = await tx
        .selectFrom('dosing_session')
        .select(['id', 'patient_id', 'enrollment_id'])
        .where('id', '=', input.sessionId)
        .executeTakeFirst();
      if (s === undefined || s.patient_id !== patientId)
        throw new AppError('VALIDATION_FAILED', 'body.sessionId: not a dosing session of this patient', {
          issues: [{ field: 'body.sessionId', message: 'not a dosing session of this patient' }],
        });
      if (enrollmentId !== null && s.enrollment_id !== enrollmentId)
        throw new AppError('VALIDATION_FAILED', 'body.sessionId: the session belongs to another enrollment', {
          issues: [{ field: 'body.sessionId', message: 'belongs to another enrollment' }],
        });
      enrollmentId = s.enrollment_id;
    }
    if (input.enrollmentId !== undefined) {
      const e = await tx.selectFrom('enrollment').select(['id', 'patient_id']).where('id', '=', input.enrollmentId).executeTakeFirst();
      if (e === undefined || e.patient_id !== patientId)
        throw new AppError('VALIDATION_FAILED', 'body.enrollmentId: not an enrollment of this patient', {
          issues: [{ field: 'body.enrollmentId', message: 'not an enrollment of this patient' }],
        });
    }
    if (enrollmentId === null) {
      const latest = await tx
        .selectFrom('enrollment')
        .select('id')
        .where('patient_id', '=', patientId)
        .orderBy('created_at', 'desc')
        .orderBy('id')
        .limit(1)
        .executeTakeFirst();
      enrollmentId = latest?.id ?? null;
    }
    const initial = await initialContent(tx, template, patientId, enrollmentId);
    const content = withoutNulls({ ...initial, ...(input.content ?? {}) });
    const check = checkNoteContent(template, content);
    if (check.problems.length > 0) throw contentProblems(check.problems);
    const row = await tx
      .insertInto('clinical_note')
      .values({
        patient_id: patientId,
        enrollment_id: enrollmentId,
        session_id: input.sessionId ?? null,
        template: template.id,
        template_version: template.version,
        content: JSON.stringify(content),
        state: 'draft',
        created_by: actor.userId,
        created_at: meta.now,
        updated_at: meta.now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await auditNote(
      tx,
      actor,
      meta,
      'note.create',
      { id: row.id, patientId },
      { template: template.id, fields: Object.keys(content).sort() },
    );
    return noteView(tx, row);
  });
}

async function initialContent(
  tx: Db,
  template: NoteTemplate,
  patientId: string,
  enrollmentId: string | null,
): Promise<Record<string, unknown>> {
  const enrollment =
    enrollmentId === null
      ? undefined
      : await tx.selectFrom('enrollment').select('program_template').where('id', '=', enrollmentId).executeTakeFirst();
  const program = enrollment === undefined ? undefined : findProgramTemplate(enrollment.program_template);
  const content = initialNoteContent(template, program);
  if (template.id === CARE_PLAN) {
    const crisis = await siteCrisisResources(tx, patientId);
    if (crisis !== null) content.crisisResources = crisis;
  }
  return content;
}

async function siteCrisisResources(tx: Db, patientId: string): Promise<string | null> {
  const row = await tx
    .selectFrom('site_content as c')
    .innerJoin('patient as p', 'p.site_id', 'c.site_id')
    .select('c.body')
    .where('p.id', '=', patientId)
    .where('c.key', '=', CRISIS_RESOURCES_KEY)
    .executeTakeFirst();
  return row === undefined || row.body.trim() === '' ? null : row.body;
}

export async function getNote(db: Db, actor: Actor, noteId: string, meta: RequestMeta): Promise<Note> {
  return transact(db, async (tx) => {
    const row = await loadNoteFor(tx, actor, noteId, meta, 'note.read');
    await auditNote(tx, actor, meta, 'note.read', { id: row.id, patientId: row.patient_id }, { template: row.template, state: row.state });
    return noteView(tx, row);
  });
}

const lockedMessage = 'This note is signed and locked: it cannot be changed. Add an amendment to correct or add to it.';

/** Edits a draft: the keys given replace the stored ones (null clears a field). A signed note is a 409. */
export async function updateNote(db: Db, actor: Actor, noteId: string, changes: Record<string, unknown>, meta: RequestMeta): Promise<Note> {
  return transact(db, async (tx) => {
    const row = await loadNoteFor(tx, actor, noteId, meta, 'note.update', { lock: true });
    if (row.state === 'signed')
      throw new AppError('CONFLICT', lockedMessage, { state: row.state, signedAt: row.signed_at?.toISOString() ?? null });
    const template = templateOf(row);
    const content = withoutNulls({ ...row.content, ...changes });
    const check = checkNoteContent(template, content);
    if (check.problems.length > 0) throw contentProblems(check.problems);
    const updated = await tx
      .updateTable('clinical_note')
      .set({ content: JSON.stringify(content), updated_at: meta.now })
      .where('id', '=', row.id)
      .where('state', '=', 'draft')
      .returningAll()
      .executeTakeFirstOrThrow();
    await auditNote(tx, actor, meta, 'note.update', { id: row.id, patientId: row.patient_id }, { fields: Object.keys(changes).sort() });
    return noteView(tx, updated);
  });
}

/**
 * Signs a draft with the signer's own step-up proof (purpose `note.sign`): refused with a 422 naming
 * every empty required field; sets the state, signer, time and the content hash.
 */
export async function signNote(db: Db, actor: Actor, noteId: string, stepUpToken: string, meta: RequestMeta): Promise<Note> {
  return transact(db, async (tx) => {
    const row = await loadNoteFor(tx, actor, noteId, meta, 'note.sign', { lock: true });
    if (row.state === 'signed')
      throw new AppError('CONFLICT', 'This note is signed already.', { state: row.state, signedAt: row.signed_at?.toISOString() ?? null });
    const template = templateOf(row);
    const check = checkNoteContent(template, row.content);
    if (!check.complete) {
      const what =
        check.missing.length > 0 ? `fill in ${listMissingFields(check.missing)}` : check.problems.map((p) => p.message).join('; ');
      throw new AppError('UNPROCESSABLE', `This note cannot be signed yet: ${what}.`, {
        missing: check.missing,
        problems: check.problems,
        issues: [
          ...check.missing.map((m) => ({ field: `content.${m.field}`, message: `${m.label} is required to sign` })),
          ...check.problems.map((p) => ({ field: `content.${p.field}`, message: p.message })),
        ],
      });
    }
    const proof = await consumeStepUp(tx, actor, stepUpToken, { purpose: NOTE_SIGN_PURPOSE }, meta);
    if (proof.userId !== actor.userId) {
      throw new AuditedRefusal(
        'STEP_UP_REQUIRED',
        'A note is signed by the person signing it: confirm with your own password.',
        { ...meta, actor },
        {
          action: 'note.sign',
          recordType: 'clinical_note',
          recordId: row.id,
          patientId: row.patient_id,
          outcome: 'denied',
          details: { reason: 'step-up proved by another user' },
        },
        { purpose: NOTE_SIGN_PURPOSE },
      );
    }
    const hash = noteContentHash(template.id, template.version, row.content);
    const signed = await tx
      .updateTable('clinical_note')
      .set({ state: 'signed', signed_by: actor.userId, signed_at: meta.now, content_hash: hash, updated_at: meta.now })
      .where('id', '=', row.id)
      .where('state', '=', 'draft')
      .returningAll()
      .executeTakeFirstOrThrow();
    await auditNote(tx, actor, meta, 'note.sign', { id: row.id, patientId: row.patient_id }, { template: template.id, contentHash: hash });
    return noteView(tx, signed);
  });
}

/** Appends an amendment (body and reason) to a signed note; a draft is edited instead (409). */
export async function addAmendment(db: Db, actor: Actor, noteId: string, input: AmendmentBody, meta: RequestMeta): Promise<Note> {
  return transact(db, async (tx) => {
    const row = await loadNoteFor(tx, actor, noteId, meta, 'note.amend', { lock: true });
    if (row.state !== 'signed' || row.content_hash === null)
      throw new AppError('CONFLICT', 'This note is a draft: edit it instead. Amendments are for signed notes.', { state: row.state });
    const hash = amendmentHash(row.content_hash, input.body, input.reason);
    const a = await tx
      .insertInto('note_amendment')
      .values({ note_id: row.id, body: input.body, reason: input.reason, by_user: actor.userId, at: meta.now, content_hash: hash })
      .returning('id')
      .executeTakeFirstOrThrow();
    await auditNote(tx, actor, meta, 'note.amend', { id: row.id, patientId: row.patient_id }, { amendmentId: a.id, contentHash: hash });
    return noteView(tx, row);
  });
}

/** What a care plan PDF shows: the plan, the clinic, the program and its follow-up dates. */
async function carePlanFacts(tx: Db, row: NoteRow, meta: RequestMeta): Promise<CarePlanPdfFacts> {
  const patient = await tx
    .selectFrom('patient as p')
    .innerJoin('site as s', 's.id', 'p.site_id')
    .select([
      'p.given_name',
      'p.family_name',
      'p.birth_date',
      'p.mrn',
      'p.synthetic',
      'p.site_id',
      's.name as site_name',
      's.time_zone',
      's.working_days',
      's.closed_dates',
    ])
    .where('p.id', '=', row.patient_id)
    .executeTakeFirstOrThrow();
  const signer =
    row.signed_by === null
      ? undefined
      : await tx.selectFrom('app_user').select('display_name').where('id', '=', row.signed_by).executeTakeFirst();
  let program: CarePlanPdfFacts['program'] = null;
  let followUps: CarePlanPdfFacts['followUps'] = [];
  if (row.enrollment_id !== null) {
    const e = await tx
      .selectFrom('enrollment')
      .select(['program_template', 'state'])
      .where('id', '=', row.enrollment_id)
      .executeTakeFirstOrThrow();
    const template = findProgramTemplate(e.program_template);
    const events = await tx
      .selectFrom('scheduled_event as ev')
      .innerJoin('cohort as c', 'c.id', 'ev.cohort_id')
      .select(['ev.starts_at', 'c.start_date'])
      .where('ev.enrollment_id', '=', row.enrollment_id)
      .where('ev.state', '=', 'scheduled')
      .orderBy('ev.starts_at')
      .execute();
    const first = events[0];
    const last = events.at(-1);
    program = {
      title: template?.title ?? e.program_template,
      firstDay: first === undefined ? null : localDateOf(first.starts_at, patient.time_zone),
      lastDay: last === undefined ? null : localDateOf(last.starts_at, patient.time_zone),
      state: e.state,
    };
    if (template !== undefined && first !== undefined) {
      try {
        const protocol = await protocolInForce(tx, patient.site_id, meta.now);
        const schedule = generateSchedule(
          template,
          first.start_date,
          { timeZone: patient.time_zone, workingDays: patient.working_days, closedDates: patient.closed_dates },
          protocol.config,
        );
        followUps = schedule.measures
          .filter((m) => m.purposes.includes('follow-up'))
          .map((m) => ({ date: m.date, label: m.labels.join('; '), instruments: m.instruments.map((i) => INSTRUMENT_DISPLAY_NAMES[i]) }));
      } catch {
        // The site's calendar changed since booking: the plan's own text still lists the measures.
        followUps = [];
      }
    }
  }
  const amendments = await amendmentsOf(tx, row.id);
  return {
    clinicName: patient.site_name,
    timeZone: patient.time_zone,
    patient: {
      givenName: patient.given_name,
      familyName: patient.family_name,
      birthDate: patient.birth_date,
      mrn: patient.mrn,
      synthetic: patient.synthetic,
    },
    program,
    signedBy: signer?.display_name ?? '',
    signedAt: row.signed_at ?? meta.now,
    contentHash: row.content_hash ?? '',
    content: row.content,
    followUps,
    amendments: amendments.map((a) => ({ at: new Date(a.at), by: a.by.name, reason: a.reason, body: a.body })),
    siteCrisisResources: await siteCrisisResources(tx, row.patient_id),
    generatedAt: meta.now,
  };
}

function assertPrintable(row: NoteRow): void {
  if (row.template !== CARE_PLAN)
    throw new AppError('CONFLICT', 'Only a continuing care plan is printed as a PDF.', { template: row.template });
  if (row.state !== 'signed')
    throw new AppError('CONFLICT', 'Sign the care plan first: only a signed plan is printed.', { state: row.state });
}

const pdfName = (audience: CarePlanAudience, mrn: string) => `care-plan-${audience}-${mrn.replace(/[^A-Za-z0-9-]/g, '')}.pdf`;

/** The care plan PDF for the patient or the referring clinician (signed care plans only). */
export async function carePlanPdf(
  db: Db,
  actor: Actor,
  noteId: string,
  audience: CarePlanAudience,
  meta: RequestMeta,
): Promise<{ pdf: Buffer; filename: string }> {
  const facts = await transact(db, async (tx) => {
    const row = await loadNoteFor(tx, actor, noteId, meta, 'note.export');
    assertPrintable(row);
    await auditNote(tx, actor, meta, 'note.export', { id: row.id, patientId: row.patient_id }, { audience, format: 'pdf' });
    return carePlanFacts(tx, row, meta);
  });
  return { pdf: await renderCarePlanPdf(facts, audience), filename: pdfName(audience, facts.patient.mrn) };
}

/** The patient's latest signed care plan, or a 404 saying it is not ready. */
async function latestSignedPlan(tx: Db, patientId: string): Promise<NoteRow> {
  const row = await tx
    .selectFrom('clinical_note')
    .selectAll()
    .where('patient_id', '=', patientId)
    .where('template', '=', CARE_PLAN)
    .where('state', '=', 'signed')
    .orderBy('signed_at', 'desc')
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
  if (row === undefined)
    throw new AppError(
      'NOT_FOUND',
      'Your continuing care plan is not ready yet: your care team writes it with you on the last day of your program.',
      { kind: 'care plan' },
    );
  return row;
}

function portalAudit(tx: Db, patientId: string, noteId: string, meta: RequestMeta, action: string, details: Record<string, unknown> = {}) {
  return audit(
    tx,
    { ...meta, actor: PATIENT },
    { action, recordType: 'clinical_note', recordId: noteId, patientId, outcome: 'allowed', details },
  );
}

/** The portal's view of the signed care plan: the fields meant for the patient, and the amendments. */
export async function portalCarePlan(db: Db, patientId: string, meta: RequestMeta): Promise<PortalCarePlan> {
  return transact(db, async (tx) => {
    const row = await latestSignedPlan(tx, patientId);
    const template = templateOf(row);
    const signer =
      row.signed_by === null
        ? undefined
        : await tx.selectFrom('app_user').select('display_name').where('id', '=', row.signed_by).executeTakeFirst();
    const amendments = await amendmentsOf(tx, row.id);
    await portalAudit(tx, patientId, row.id, meta, 'portal.care-plan.read');
    return {
      id: row.id,
      title: template.title,
      signedAt: row.signed_at?.toISOString() ?? null,
      signedBy: signer?.display_name ?? null,
      fields: template.fields
        .filter((f) => f.clinicianOnly !== true)
        .map((f) => ({ id: f.id, label: f.label, kind: f.kind, value: storedFieldValue(row.content[f.id]) })),
      amendments: amendments.map((a) => ({ at: a.at, by: a.by.name, reason: a.reason, body: a.body })),
      pdf: '/api/portal/care-plan.pdf',
    };
  });
}

/** A stored field value as the contract types it (the note schema only ever stores text, a list of texts, or null). */
function storedFieldValue(v: unknown): string | string[] | null {
  if (typeof v === 'string') return v;
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v;
  return null;
}

/** Stored content as the contract types it: every value is text or a list of texts (checked on every save), an empty field is absent. */
function storedContent(content: Record<string, unknown>): NoteStoredContent {
  return Object.fromEntries(
    Object.entries(content).flatMap(([id, v]) => {
      const value = storedFieldValue(v);
      return value === null ? [] : [[id, value]];
    }),
  );
}

/** The patient version of the latest signed care plan, as a PDF, from the portal. */
export async function portalCarePlanPdf(db: Db, patientId: string, meta: RequestMeta): Promise<{ pdf: Buffer; filename: string }> {
  const facts = await transact(db, async (tx) => {
    const row = await latestSignedPlan(tx, patientId);
    await portalAudit(tx, patientId, row.id, meta, 'portal.care-plan.export', { audience: 'patient', format: 'pdf' });
    return carePlanFacts(tx, row, meta);
  });
  return { pdf: await renderCarePlanPdf(facts, 'patient'), filename: pdfName('patient', facts.patient.mrn) };
}
