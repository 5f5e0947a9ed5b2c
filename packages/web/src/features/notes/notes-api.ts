/** Clinical notes and the continuing care plan (docs/api-notes.md). */
import type { MissingNoteField, NoteTemplate } from '@kairos/core';
import { apiFetch, apiSend } from '../../api/client';

export type NoteState = 'draft' | 'signed';
/** A note's content by field id: text, a list of texts (a list field), or null to clear. */
export type NoteContent = Record<string, string | string[] | null>;

export interface NoteSummary {
  id: string;
  template: string;
  templateVersion: string;
  title: string;
  state: NoteState;
  enrollmentId: string | null;
  sessionId: string | null;
  createdAt: string;
  updatedAt: string;
  author: string;
  signedBy: string | null;
  signedAt: string | null;
  amendments: number;
}

export interface Amendment {
  id: string;
  body: string;
  reason: string;
  at: string;
  by: { id: string; name: string };
  contentHash: string;
  hashVerified: boolean;
}

export interface Note {
  id: string;
  patientId: string;
  enrollmentId: string | null;
  sessionId: string | null;
  template: NoteTemplate;
  state: NoteState;
  content: Record<string, unknown>;
  missing: MissingNoteField[];
  createdAt: string;
  updatedAt: string;
  author: { id: string; name: string };
  signedBy: { id: string; name: string } | null;
  signedAt: string | null;
  contentHash: string | null;
  hashVerified: boolean | null;
  amendments: Amendment[];
  pdf: { patient: string; referrer: string } | null;
}

const enc = encodeURIComponent;

export const listNoteTemplates = (): Promise<{ items: NoteTemplate[] }> => apiFetch('/api/note-templates');
export const listPatientNotes = (patientId: string): Promise<{ items: NoteSummary[] }> => apiFetch(`/api/patients/${enc(patientId)}/notes`);
export const createNote = (patientId: string, template: string): Promise<Note> => apiSend('POST', `/api/patients/${enc(patientId)}/notes`, { template });
export const getNote = (noteId: string): Promise<Note> => apiFetch(`/api/notes/${enc(noteId)}`);
export const saveNote = (noteId: string, content: NoteContent): Promise<Note> => apiSend('PATCH', `/api/notes/${enc(noteId)}`, { content });
export const signNote = (noteId: string, stepUpToken: string): Promise<Note> => apiSend('POST', `/api/notes/${enc(noteId)}/sign`, { stepUpToken });
export const addAmendment = (noteId: string, body: string, reason: string): Promise<Note> => apiSend('POST', `/api/notes/${enc(noteId)}/amendments`, { body, reason });

/** The roles that write and sign notes (the server's `notes.write`). */
export const NOTE_WRITER_ROLES = ['medical-director', 'prescriber', 'nurse', 'therapist'] as const;
