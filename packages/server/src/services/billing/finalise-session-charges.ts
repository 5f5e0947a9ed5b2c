/**
 * Use case: a coordinator finalises a dosing session's charges (issue 27, Must 2): the lines as
 * proposed (`sessionProposal`) or with units or a modifier changed, or codes of the fee schedule
 * added. Refused, naming the field, nothing stored: a code not on the schedule, a fee not set, a
 * drug line the proposal has none of (no draw, no NDC), a session whose infusion has not ended, a
 * patient without a diagnosis, a session already finalised (reverse its lines first). The lines
 * are stored with the fee schedule's fee, the proposal's NDC and rule, and the patient's
 * diagnoses; from then on a line changes only by a reversing line. Who: `billing.manage` (the
 * route) at the session's site. Audited.
 *
 * @module
 */
import type { PatientBilling, SessionChargesFinaliseBody } from '@kairos/api';
import { AppError } from '../../errors.js';
import type { Db } from '../../store/database.js';
import { audit } from '../audit.js';
import type { Actor, RequestMeta } from '../context.js';
import { loadForRead } from '../dosing-session/internal/session-guards.js';
import { transact } from '../transaction.js';
import { patientBillingOf } from './internal/charge-rows.js';
import { feeScheduleOf } from './internal/fee-schedule-rows.js';
import { sessionProposal } from './internal/session-proposal.js';

const ACTION = 'billing.finalise';
const invalid = (field: string, message: string) =>
  new AppError('VALIDATION_FAILED', `${field}: ${message}`, { issues: [{ field, message }] });

export function finaliseSessionCharges(
  db: Db,
  actor: Actor,
  sessionId: string,
  body: SessionChargesFinaliseBody,
  meta: RequestMeta,
): Promise<PatientBilling> {
  return transact(db, async (tx) => {
    const s = await loadForRead(tx, actor, sessionId, meta, ACTION);
    // One finalising at a time per session.
    await tx.selectFrom('dosing_session').select('id').where('id', '=', s.id).forUpdate().execute();
    const proposal = await sessionProposal(tx, s, meta);
    if (!proposal.final)
      throw new AppError('CONFLICT', 'the infusion has not ended: its charges are finalised after it', { code: 'NOT_ENDED' });
    const open = await tx
      .selectFrom('charge_line as c')
      .select('c.id')
      .where('c.session_id', '=', s.id)
      .where('c.reverses_id', 'is', null)
      .where((eb) => eb.not(eb.exists(eb.selectFrom('charge_line as r').select('r.id').whereRef('r.reverses_id', '=', 'c.id'))))
      .execute();
    if (open.length > 0)
      throw new AppError('CONFLICT', 'this session’s charges are already finalised: reverse a line, with a reason, to change it', {
        code: 'ALREADY_FINALISED',
      });
    if (proposal.diagnoses.length === 0)
      throw invalid('diagnoses', 'the patient has no diagnosis recorded: record it (ICD-10-CM) before billing');
    const fees = (await feeScheduleOf(tx, s.site_id)).filter((f) => f.active);
    const rows = body.lines.map((l, i) => {
      const fee = fees.find((f) => f.code === l.code && f.modifier === l.modifier);
      if (fee === undefined)
        throw invalid(`body.lines.${i}.code`, `${l.code}${l.modifier === '' ? '' : `-${l.modifier}`} is not on the site’s fee schedule`);
      if (fee.feeCents === null) throw invalid(`body.lines.${i}.code`, `the fee of ${l.code} is not set on the fee schedule`);
      const proposed = proposal.lines.find((p) => p.code === l.code);
      if (l.code === 'J3490' && proposed?.ndc === undefined)
        throw invalid(`body.lines.${i}.code`, `no drug line can be billed for this session: ${proposal.notes.join('; ') || 'no NDC'}`);
      return {
        site_id: s.site_id,
        patient_id: s.patient_id,
        session_id: s.id,
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
        rendering_user_id: null,
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
        action: ACTION,
        recordType: 'dosing_session',
        recordId: s.id,
        patientId: s.patient_id,
        outcome: 'allowed',
        details: {
          lines: rows.map((r) => ({
            code: r.code,
            modifier: r.modifier,
            units: r.units,
            amountCents: Number(r.amount_cents),
            rule: r.rule,
          })),
          proposed: proposal.lines.map((l) => ({ code: l.code, units: l.units })),
        },
      },
    );
    return patientBillingOf(tx, s.patient_id);
  });
}
