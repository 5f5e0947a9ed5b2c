/**
 * The full view of one note, answered by every staff read and change of a note.
 *
 * @module
 */
import { checkNoteContent, storedNoteContent } from '@kairos/core';
import type { Note } from '@kairos/api';
import type { Db } from '../../../store/database.js';
import { amendmentsOf } from './amendments.js';
import { amendmentHash, noteContentHash } from './note-hash.js';
import { templateOf, type NoteRow } from './note-rows.js';

async function userNames(tx: Db, ids: (string | null)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((i): i is string => i !== null))];
  if (wanted.length === 0) return new Map();
  const rows = await tx.selectFrom('app_user').select(['id', 'display_name']).where('id', 'in', wanted).execute();
  return new Map(rows.map((r) => [r.id, r.display_name]));
}

/** The full view of one note: template, content, what is missing to sign, signature, hash check, amendments. */
export async function noteView(tx: Db, row: NoteRow): Promise<Note> {
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
    content: storedNoteContent(row.content),
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
