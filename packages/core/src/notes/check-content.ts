/**
 * Checking a note's content against its template: which required fields are empty (a note with
 * one cannot be signed) and which values have the wrong shape (never stored). Each finding names
 * its field. Pure: the server calls it on save and on sign, the web app to show what is missing.
 *
 * @module
 */
import { NOTE_LIMITS, type NoteField, type NoteTemplate } from './templates.js';

/** A required field that is empty. */
export interface MissingNoteField {
  readonly field: string;
  readonly label: string;
}

/** A value of the wrong shape, or a field the template does not have. */
export interface NoteContentProblem {
  readonly field: string;
  /** The field's label, or the key itself when the template has no such field. */
  readonly label: string;
  readonly message: string;
}

export interface NoteContentCheck {
  /** Required fields that are empty, in template order. */
  readonly missing: readonly MissingNoteField[];
  /** Values that cannot be stored, in template order, then unknown keys. */
  readonly problems: readonly NoteContentProblem[];
  /** Nothing missing and no problem: the note may be signed. */
  readonly complete: boolean;
}

/**
 * Whether a value counts as filled in: a string with a non-blank character, or a list with at least
 * one non-blank item. `undefined`, `null`, blank strings and empty lists are empty.
 */
export function isNoteValueFilled(value: unknown): boolean {
  if (typeof value === 'string') return value.trim() !== '';
  if (Array.isArray(value)) return value.some((v) => typeof v === 'string' && v.trim() !== '');
  return false;
}

function shapeProblem(f: NoteField, value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  switch (f.kind) {
    case 'text':
    case 'long-text': {
      if (typeof value !== 'string') return 'must be text';
      const max = f.kind === 'text' ? NOTE_LIMITS.textMaxChars : NOTE_LIMITS.longTextMaxChars;
      return value.length > max ? `is longer than ${max} characters` : undefined;
    }
    case 'choice': {
      if (typeof value !== 'string') return 'must be one of the options';
      if (value === '') return undefined;
      const options = f.options ?? [];
      return options.some((o) => o.value === value) ? undefined : `must be one of: ${options.map((o) => o.value).join(', ')}`;
    }
    case 'minutes': {
      if (typeof value !== 'string') return 'must be a whole number of minutes';
      const t = value.trim();
      if (t === '') return undefined;
      if (!/^\d{1,4}$/.test(t)) return 'must be a whole number of minutes';
      return Number(t) > NOTE_LIMITS.minutesMax ? `must be at most ${NOTE_LIMITS.minutesMax} minutes` : undefined;
    }
    case 'list': {
      if (!Array.isArray(value)) return 'must be a list of texts';
      if (value.length > NOTE_LIMITS.listMaxItems) return `has more than ${NOTE_LIMITS.listMaxItems} items`;
      const bad = value.findIndex((v) => typeof v !== 'string');
      if (bad >= 0) return `item ${bad + 1} must be text`;
      const long = value.findIndex((v) => (v as string).length > NOTE_LIMITS.textMaxChars);
      return long >= 0 ? `item ${long + 1} is longer than ${NOTE_LIMITS.textMaxChars} characters` : undefined;
    }
  }
}

/** True when `f` must be filled in, given the rest of the content (its `requiredWhen`). */
export function isNoteFieldRequired(f: NoteField, content: Readonly<Record<string, unknown>>): boolean {
  if (f.required) return true;
  if (f.requiredWhen === undefined) return false;
  const other = content[f.requiredWhen.field];
  return typeof other === 'string' && f.requiredWhen.equals.includes(other);
}

/**
 * Checks `content` against `template`: every required (or conditionally required) field must be
 * filled in; every value must have its field's shape (text, one of the options, a list of texts,
 * within {@link NOTE_LIMITS}); keys the template does not name are problems.
 */
export function checkNoteContent(template: NoteTemplate, content: Readonly<Record<string, unknown>>): NoteContentCheck {
  const missing: MissingNoteField[] = [];
  const problems: NoteContentProblem[] = [];
  for (const f of template.fields) {
    const value = Object.prototype.hasOwnProperty.call(content, f.id) ? content[f.id] : undefined;
    const problem = shapeProblem(f, value);
    if (problem !== undefined) {
      problems.push(Object.freeze({ field: f.id, label: f.label, message: `${f.label} ${problem}` }));
      continue;
    }
    if (isNoteFieldRequired(f, content) && !isNoteValueFilled(value)) missing.push(Object.freeze({ field: f.id, label: f.label }));
  }
  for (const key of Object.keys(content)) {
    if (!template.fields.some((f) => f.id === key))
      problems.push(Object.freeze({ field: key, label: key, message: `${key} is not a field of the ${template.title} template` }));
  }
  return Object.freeze({
    missing: Object.freeze(missing),
    problems: Object.freeze(problems),
    complete: missing.length === 0 && problems.length === 0,
  });
}

/** "Goals, Maintenance plan and Crisis resources": the labels of missing fields, for a message. */
export function listMissingFields(missing: readonly MissingNoteField[]): string {
  const labels = missing.map((m) => m.label);
  if (labels.length <= 1) return labels.join('');
  return `${labels.slice(0, -1).join(', ')} and ${labels.at(-1) ?? ''}`;
}
