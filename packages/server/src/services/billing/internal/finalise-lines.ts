/**
 * Finalising a billable event's lines (a dosing session's or a signed note's): the coordinator's
 * lines as proposed, or with units or a modifier changed, or codes of the fee schedule added.
 * Refused, naming the field, nothing stored: the event not over (409), its lines already
 * finalised (409: reverse first), the patient without a diagnosis, a code not on the schedule or
 * without its fee, a drug line the proposal has none of. Stored with the fee schedule's fee, the
 * proposal's NDC and rule, the patient's diagnoses and the rendering clinician; audited.
 *
 * @module
 */
import type { SessionChargesFinaliseBody } from '@kairos/api';
import { AppError } from '../../../errors.js';
import type { Db } from '../../../store/database.js';
import { audit } from '../../audit.js';
import type { Actor, RequestMeta } from '../../context.js';
import type { EventProposal } from './event-proposal.js';
import { feeScheduleOf } from './fee-schedule-rows.js';

export const FINALISE_ACTION = 'billing.finalise';
const invalid = (field: string, message: string) =>
  new AppError('VALIDATION_FAILED', `${field}: ${message}`, { issues: [{ field, message }] });

export interface BilledEvent {
  siteId: string;
  patientId: string;
  sessionId: string | null;
  noteId: string | null;
  /** "the infusion has not ended", "the note is not signed": why an event not over cannot be billed. */
  notOver: string;
}

/** Stores the event's lines; the caller has locked the event's row (one finalising at a time). */
export async function finaliseLines(
  tx: Db,
  actor: Actor,
  meta: RequestMeta,
  event: BilledEvent,
  proposal: EventProposal,
  body: SessionChargesFinaliseBody,
): Promise<void> {
  if (!proposal.final) throw new AppError('CONFLICT', `${event.notOver}: its charges are finalised after it`, { code: 'NOT_ENDED' });
  let open = tx
    .selectFrom('charge_line as c')
    .select('c.id')
    .where('c.reverses_id', 'is', null)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('charge_line as r').select('r.id').whereRef('r.reverses_id', '=', 'c.id'))));
  open = event.sessionId !== null ? open.where('c.session_id', '=', event.sessionId) : open.where('c.note_id', '=', event.noteId);
  if ((await open.execute()).length > 0)
    throw new AppError('CONFLICT', 'this visit’s charges are already finalised: reverse a line, with a reason, to change it', {
      code: 'ALREADY_FINALISED',
    });
  if (proposal.diagnoses.length === 0)
    throw invalid('diagnoses', 'the patient has no diagnosis recorded: record it (ICD-10-CM) before billing');
  const fees = (await feeScheduleOf(tx, event.siteId)).filter((f) => f.active);
  const rows = body.lines.map((l, i) => {
    const fee = fees.find((f) => f.code === l.code && f.modifier === l.modifier);
    if (fee === undefined)
      throw invalid(`body.lines.${i}.code`, `${l.code}${l.modifier === '' ? '' : `-${l.modifier}`} is not on the site’s fee schedule`);
    if (fee.feeCents === null) throw invalid(`body.lines.${i}.code`, `the fee of ${l.code} is not set on the fee schedule`);
    const proposed = proposal.lines.find((p) => p.code === l.code);
    if (l.code === 'J3490' && proposed?.ndc === undefined)
      throw invalid(`body.lines.${i}.code`, `no drug line can be billed for this visit: ${proposal.notes.join('; ') || 'no NDC'}`);
    return {
      site_id: event.siteId,
      patient_id: event.patientId,
      session_id: event.sessionId,
      note_id: event.noteId,
      service_date: proposal.serviceDate,
      code: l.code,
      modifier: l.modifier,
      description: fee.description,
      units: l.units,
      fee_cents: String(fee.feeCents),
      amount_cents: String(fee.feeCents * l.units),
      ndc: proposed?.ndc ?? null,
      drug_amount: proposed?.drugQuantity?.amount ?? null,
      drug_unit: proposed?.drugQuantity?.unit ?? null,
      diagnoses: proposal.diagnoses.map((d) => d.code),
      rendering_user_id: proposal.renderingUserId,
      rule: proposed?.rule ?? null,
      reverses_id: null,
      reason: null,
      finalised_by: actor.userId,
      finalised_at: meta.now,
    };
  });
  await tx.insertInto('charge_line').values(rows).execute();
  await audit(
    tx,
    { ...meta, actor },
    {
      action: FINALISE_ACTION,
      recordType: event.sessionId !== null ? 'dosing_session' : 'clinical_note',
      recordId: event.sessionId ?? event.noteId,
      patientId: event.patientId,
      outcome: 'allowed',
      details: {
        lines: rows.map((r) => ({ code: r.code, modifier: r.modifier, units: r.units, amountCents: Number(r.amount_cents), rule: r.rule })),
        proposed: proposal.lines.map((l) => ({ code: l.code, units: l.units })),
      },
    },
  );
}
