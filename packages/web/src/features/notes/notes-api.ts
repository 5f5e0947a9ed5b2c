/** Clinical notes and the continuing care plan (docs/api-notes.md; shapes in @kairos/api). */
import type { Note, NoteContent, NoteSummaryList, NoteTemplateList } from '@kairos/api';
import type { NoteTemplateId } from '@kairos/core';
import { apiFetch, apiSend } from '../../api/client';

export type { Note, NoteAmendment, NoteContent, NoteState, NoteStoredContent, NoteSummary } from '@kairos/api';

const enc = encodeURIComponent;

export const listNoteTemplates = (): Promise<NoteTemplateList> => apiFetch('/api/note-templates');
export const listPatientNotes = (patientId: string): Promise<NoteSummaryList> => apiFetch(`/api/patients/${enc(patientId)}/notes`);
/** A draft from a template; with a dosing session's id, the session's note (prefilled from its record). */
export const createNote = (patientId: string, template: NoteTemplateId, sessionId?: string): Promise<Note> =>
  apiSend('POST', `/api/patients/${enc(patientId)}/notes`, sessionId === undefined ? { template } : { template, sessionId });
export const getNote = (noteId: string): Promise<Note> => apiFetch(`/api/notes/${enc(noteId)}`);
export const saveNote = (noteId: string, content: NoteContent): Promise<Note> => apiSend('PATCH', `/api/notes/${enc(noteId)}`, { content });
export const signNote = (noteId: string, stepUpToken: string): Promise<Note> =>
  apiSend('POST', `/api/notes/${enc(noteId)}/sign`, { stepUpToken });
export const addAmendment = (noteId: string, body: string, reason: string): Promise<Note> =>
  apiSend('POST', `/api/notes/${enc(noteId)}/amendments`, { body, reason });

/** The roles that write and sign notes (the server's `notes.write`). */
export const NOTE_WRITER_ROLES = ['medical-director', 'prescriber', 'nurse', 'therapist'] as const;
