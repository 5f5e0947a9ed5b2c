/**
 * Pure mappers of Kairos's signed clinical notes to FHIR R4:
 * - the signed continuing care plan becomes a CarePlan (its goals as contained Goals, the
 *   maintenance plan as the description, the follow-up measures as an activity, the crisis
 *   resources, supports, the summary for the referring clinician and every amendment as notes);
 * - every other signed note, except psychotherapy process notes, becomes a DocumentReference whose
 *   attachment is the note as plain text (`noteDocumentText`).
 *
 * Psychotherapy notes are never exported (45 CFR 164.508(a)(2)): the integration-session note
 * (template `integration`: the targets, the session process, the insights) is one, and no mapper
 * here accepts it. The note types are Kairos-local codes (`note-type`): no LOINC document code was
 * checked against clinical-facts.md, so none is claimed.
 *
 * @module
 */
import type { CarePlan, DocumentReference, Goal } from '@medplum/fhirtypes';
import { findNoteTemplate, NOTE_TEMPLATE_IDS, type NoteTemplate, type NoteTemplateId } from '../notes/templates.js';
import { metaOf } from './administrative.js';
import { kairosCoding } from './terminology.js';

/** Templates of psychotherapy process notes: never exported (45 CFR 164.508(a)(2)). */
export const PSYCHOTHERAPY_NOTE_TEMPLATES: readonly NoteTemplateId[] = Object.freeze(['integration'] as const);

/** The template of the note served as a CarePlan (and, as every other exportable note, a DocumentReference). */
export const CARE_PLAN_TEMPLATE: NoteTemplateId = 'continuing-care-plan';

/** The note templates whose signed notes are served as DocumentReferences: all but psychotherapy notes. */
export const DOCUMENT_NOTE_TEMPLATES: readonly NoteTemplateId[] = Object.freeze(
  NOTE_TEMPLATE_IDS.filter((t) => !PSYCHOTHERAPY_NOTE_TEMPLATES.includes(t)),
);

/** The Kairos-local coding of a note's type (`note-type`, the template id; its title as display). */
export function noteTypeCoding(template: NoteTemplateId): { system: string; code: string; display: string } {
  return kairosCoding('note-type', template, findNoteTemplate(template)?.title ?? template);
}

/** An amendment of a signed note, with who wrote it (their name: no internal id goes into the text). */
export interface NoteAmendmentRecord {
  at: Date;
  byId: string;
  byName: string;
  reason: string;
  body: string;
}

/** A signed note as stored, with its signer's name and its amendments, oldest first. */
export interface SignedNoteRecord {
  id: string;
  patientId: string;
  template: NoteTemplateId;
  templateVersion: string;
  content: Readonly<Record<string, unknown>>;
  signedBy: string;
  signedByName: string;
  signedAt: Date;
  amendments: readonly NoteAmendmentRecord[];
  /** The latest of the note's last change and its last amendment. */
  lastUpdated: Date;
  synthetic: boolean;
}

const when = (d: Date): string => `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
const textOf = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');
const listOf = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x.trim() !== '').map((x) => x.trim()) : [];

const templateOfNote = (n: Pick<SignedNoteRecord, 'template' | 'templateVersion'>): NoteTemplate | undefined =>
  findNoteTemplate(n.template, n.templateVersion) ?? findNoteTemplate(n.template);

/**
 * A signed note in plain words, as the app shows it: the title, who signed it and when, each filled
 * field under its label (a choice by its label, a list one item a line), then each amendment with
 * its time, author, reason and text. No internal id appears.
 *
 * @throws Error when the note is a psychotherapy note (never exported).
 */
export function noteDocumentText(n: SignedNoteRecord): string {
  if (PSYCHOTHERAPY_NOTE_TEMPLATES.includes(n.template)) throw new Error('psychotherapy notes are never exported');
  const template = templateOfNote(n);
  const blocks: string[] = [`${template?.title ?? n.template}\nSigned by ${n.signedByName} on ${when(n.signedAt)}`];
  for (const f of template?.fields ?? []) {
    const v = n.content[f.id];
    if (f.kind === 'list') {
      const items = listOf(v);
      if (items.length > 0) blocks.push(`${f.label}\n${items.map((i) => `- ${i}`).join('\n')}`);
      continue;
    }
    const t = textOf(v);
    if (t === '') continue;
    blocks.push(`${f.label}\n${f.kind === 'choice' ? (f.options?.find((o) => o.value === t)?.label ?? t) : t}`);
  }
  for (const a of n.amendments) blocks.push(`Amendment of ${when(a.at)} by ${a.byName}\nReason: ${a.reason.trim()}\n${a.body.trim()}`);
  return `${blocks.join('\n\n')}\n`;
}

/** The attachment's bytes as the caller encoded them: base64 of the UTF-8 text, its SHA-1 (base64) and size. */
export interface EncodedText {
  base64: string;
  sha1Base64: string;
  size: number;
}

/** Whether a template's signed notes are served as DocumentReferences (every template but psychotherapy notes). */
export const isDocumentNoteTemplate = (t: string): t is NoteTemplateId => (DOCUMENT_NOTE_TEMPLATES as readonly string[]).includes(t);

/**
 * A signed note (not a psychotherapy note) as a FHIR DocumentReference: current, final (amended when
 * it has amendments), its Kairos note type, the patient, when and by whom it was signed, and the
 * note as plain text (`body`: `noteDocumentText` encoded by the caller) with its SHA-1.
 *
 * @throws Error when the note is a psychotherapy note.
 */
export function toFhirDocumentReference(n: SignedNoteRecord, body: EncodedText): DocumentReference {
  if (!isDocumentNoteTemplate(n.template)) throw new Error('psychotherapy notes are never exported');
  const type = noteTypeCoding(n.template);
  return {
    resourceType: 'DocumentReference',
    id: n.id,
    meta: metaOf(n.lastUpdated, n.synthetic),
    status: 'current',
    docStatus: n.amendments.length > 0 ? 'amended' : 'final',
    type: { coding: [type], text: type.display },
    subject: { reference: `Patient/${n.patientId}` },
    date: n.signedAt.toISOString(),
    author: [{ reference: `Practitioner/${n.signedBy}`, display: n.signedByName }],
    authenticator: { reference: `Practitioner/${n.signedBy}`, display: n.signedByName },
    description: type.display,
    content: [
      {
        attachment: {
          contentType: 'text/plain; charset=utf-8',
          language: 'en',
          data: body.base64,
          size: body.size,
          hash: body.sha1Base64,
          title: type.display,
          creation: n.signedAt.toISOString(),
        },
      },
    ],
  };
}

/**
 * A signed continuing care plan as a FHIR CarePlan (intent plan). `supersededAt` is when a later
 * care plan of the patient was signed: the plan is then `revoked` ("replaced by a new plan") with
 * its period ending there; the latest plan is `active`. Amendments do not change the status: they
 * are notes of the plan.
 *
 * @throws Error when the note is not a continuing care plan.
 */
export function toFhirCarePlan(n: SignedNoteRecord, supersededAt: Date | null): CarePlan {
  if (n.template !== CARE_PLAN_TEMPLATE) throw new Error('only a continuing care plan is a CarePlan');
  const template = templateOfNote(n);
  const subject = { reference: `Patient/${n.patientId}` };
  const goals: Goal[] = listOf(n.content.goals).map((text, i) => ({
    resourceType: 'Goal',
    id: `goal-${i + 1}`,
    lifecycleStatus: supersededAt === null ? 'active' : 'cancelled',
    description: { text },
    subject,
  }));
  const labelOf = (id: string): string => template?.fields.find((f) => f.id === id)?.label ?? id;
  const maintenance = textOf(n.content.maintenancePlan);
  const followUps = textOf(n.content.followUpMeasures);
  const notes = [
    ...(['crisisResources', 'supports', 'referrerSummary'] as const).flatMap((id) => {
      const t = textOf(n.content[id]);
      return t === ''
        ? []
        : [{ text: `${labelOf(id)}: ${t}`, time: n.signedAt.toISOString(), authorReference: { reference: `Practitioner/${n.signedBy}` } }];
    }),
    ...n.amendments.map((a) => ({
      text: `Amendment (${a.reason.trim()}): ${a.body.trim()}`,
      time: a.at.toISOString(),
      authorReference: { reference: `Practitioner/${a.byId}` },
    })),
  ];
  return {
    resourceType: 'CarePlan',
    id: n.id,
    meta: metaOf(n.lastUpdated, n.synthetic),
    ...(goals.length > 0 ? { contained: goals } : {}),
    status: supersededAt === null ? 'active' : 'revoked',
    intent: 'plan',
    title: template?.title ?? 'Continuing care plan',
    ...(maintenance === '' ? {} : { description: maintenance }),
    subject,
    period: { start: n.signedAt.toISOString(), ...(supersededAt === null ? {} : { end: supersededAt.toISOString() }) },
    created: n.signedAt.toISOString(),
    author: { reference: `Practitioner/${n.signedBy}`, display: n.signedByName },
    ...(goals.length > 0 ? { goal: goals.map((g) => ({ reference: `#${g.id}` })) } : {}),
    ...(followUps === ''
      ? {}
      : {
          activity: [
            { detail: { status: supersededAt === null ? ('scheduled' as const) : ('cancelled' as const), description: followUps } },
          ],
        }),
    ...(notes.length > 0 ? { note: notes } : {}),
  };
}
