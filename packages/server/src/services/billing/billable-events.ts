/**
 * Use case: a patient's billable visits, each with what Kairos proposes (issue 27, Must 2): every
 * dosing session whose infusion started (its infusion code by minutes infused and its drug line)
 * and every note of a billed visit (the day-1 assessment, integration sessions, the day-5 review),
 * newest first, each marked finalised once its lines are (and not all reversed). A proposal only:
 * nothing is stored. Who: `billing.manage` (the route), for a patient they may see; the read is
 * audited once, naming the visits.
 *
 * @module
 */
import type { BillableEvent, BillableEventList } from '@kairos/api';
import type { Db } from '../../store/database.js';
import { audit } from '../audit.js';
import type { Actor, RequestMeta } from '../context.js';
import { assertPatientAccess } from '../patients/assert-patient-access.js';
import { transact } from '../transaction.js';
import { patientDiagnoses, type EventProposal } from './internal/event-proposal.js';
import { BILLABLE_NOTES, BILLABLE_NOTE_TEMPLATES, noteProposal } from './internal/note-proposal.js';
import { sessionProposal } from './internal/session-proposal.js';

const ACTION = 'billing.propose';

export function billableEvents(db: Db, actor: Actor, patientId: string, meta: RequestMeta): Promise<BillableEventList> {
  return transact(db, async (tx) => {
    await assertPatientAccess(tx, actor, patientId, meta, ACTION);
    const siteId = (await tx.selectFrom('patient').select('site_id').where('id', '=', patientId).executeTakeFirstOrThrow()).site_id;
    // The events whose lines are finalised and not all reversed.
    const billed = await tx
      .selectFrom('charge_line as c')
      .select(['c.session_id', 'c.note_id'])
      .where('c.patient_id', '=', patientId)
      .where('c.reverses_id', 'is', null)
      .where((eb) => eb.not(eb.exists(eb.selectFrom('charge_line as r').select('r.id').whereRef('r.reverses_id', '=', 'c.id'))))
      .execute();
    const finalised = new Set(billed.flatMap((b) => [b.session_id, b.note_id]).filter((id): id is string => id !== null));
    const item = (kind: BillableEvent['kind'], id: string, title: string, p: EventProposal): BillableEvent => ({
      kind,
      id,
      title,
      serviceDate: p.serviceDate,
      final: p.final,
      finalised: finalised.has(id),
      rendering: p.rendering,
      lines: p.lines,
      notes: p.notes,
    });
    const items: BillableEvent[] = [];
    const sessions = await tx
      .selectFrom('dosing_session')
      .selectAll()
      .where('patient_id', '=', patientId)
      .where('infusion_started_at', 'is not', null)
      .orderBy('infusion_started_at')
      .execute();
    for (const s of sessions) items.push(item('dosing-session', s.id, 'Dosing session', await sessionProposal(tx, s, meta)));
    const notes = await tx
      .selectFrom('clinical_note')
      .selectAll()
      .where('patient_id', '=', patientId)
      .where('template', 'in', BILLABLE_NOTE_TEMPLATES)
      .orderBy('created_at')
      .execute();
    for (const n of notes)
      items.push(item('note', n.id, BILLABLE_NOTES[n.template] ?? n.template, await noteProposal(tx, n, siteId, meta.now)));
    items.sort((a, b) => b.serviceDate.localeCompare(a.serviceDate));
    await audit(
      tx,
      { ...meta, actor },
      {
        action: ACTION,
        recordType: 'patient',
        recordId: patientId,
        patientId,
        outcome: 'allowed',
        details: { visits: items.length, codes: items.flatMap((i) => i.lines.map((l) => l.code)) },
      },
    );
    return { items, diagnoses: await patientDiagnoses(tx, patientId) };
  });
}
