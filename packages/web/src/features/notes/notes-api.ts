/** Clinical notes and the continuing care plan (docs/api-notes.md; shapes in @kairos/api). */
import type { Note, NoteContent, NoteSummaryList, NoteTemplateList } from '@kairos/api';
import type { NoteTemplateId } from '@kairos/core';
import { apiFetch, apiSend } from '../../api/client';

export type { Note, NoteAmendment, NoteContent, NoteState, NoteStoredContent, NoteSummary } from '@kairos/api';

const enc = encodeURIComponent;

export const listNoteTemplates = (): Promise<NoteTemplateList> => apiFetch('/api/note-templates');
export const listPatientNotes = (patientId: string): Promise<NoteSummaryList> => apiFetch(`/api/patients/${enc(patientId)}/notes`);
export const createNote = (patientId: string, template: NoteTemplateId): Promise<Note> =>
  apiSend('POST', `/api/patients/${enc(patientId)}/notes`, { template });
export const getNote = (noteId: string): Promise<Note> => apiFetch(`/api/notes/${enc(noteId)}`);
export const saveNote = (noteId: string, content: NoteContent): Promise<Note> => apiSend('PATCH', `/api/notes/${enc(noteId)}`, { content });
export const signNote = (noteId: string, stepUpToken: string): Promise<Note> =>
  apiSend('POST', `/api/notes/${enc(noteId)}/sign`, { stepUpToken });
export const addAmendment = (noteId: string, body: string, reason: string): Promise<Note> =>
  apiSend('POST', `/api/notes/${enc(noteId)}/amendments`, { body, reason });

/** The roles that write and sign notes (the server's `notes.write`). */
export const NOTE_WRITER_ROLES = ['medical-director', 'prescriber', 'nurse', 'therapist'] as const;
