/**
 * Use case: a patient's notes, newest first.
 *
 * @module
 */
import { findNoteTemplate } from '@kairos/core';
import type { NoteSummaryList } from '@kairos/api';
import { assertPatientAccess } from '../patients/assert-patient-access.js';
import type { Actor, RequestMeta } from '../context.js';
import { transact } from '../transaction.js';
import type { Db } from '../../store/database.js';
import { auditNote } from './internal/note-audit.js';

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
