/**
 * Use case: the charges a dosing session proposes (issue 27, Must 2, for the dosing session): the
 * infusion code by the minutes infused, pauses excluded (the session's pump course, as the console
 * counts it), and J3490 for the ketamine given (the session's infusion, as the stock's waste form
 * counts it) with the NDC of the product drawn; the patient's ICD-10-CM diagnoses; each line's
 * fee from the site's fee schedule. A proposal: nothing is stored, and what could not be proposed
 * is said. Who: `billing.manage` (the route) at the session's site; reading it is audited with the
 * session.
 *
 * @module
 */
import { icd10CmText, localDateOf, proposeCharges } from '@kairos/core';
import type { SessionChargeProposal } from '@kairos/api';
import type { Db } from '../../store/database.js';
import type { Actor, RequestMeta } from '../context.js';
import { auditSession, loadForRead } from '../dosing-session/internal/session-guards.js';
import { givenSoFar, orderForStock } from '../dosing-session/internal/session-stock.js';
import { infusionCourseOf } from '../dosing-session/internal/session-view.js';
import { protocolForSession } from '../protocol/protocol-for-session.js';
import { transact } from '../transaction.js';
import { feeScheduleOf, seedFeeSchedule } from './internal/fee-schedule-rows.js';

const ACTION = 'billing.propose';

export function proposeSessionCharges(db: Db, actor: Actor, sessionId: string, meta: RequestMeta): Promise<SessionChargeProposal> {
  return transact(db, async (tx) => {
    const s = await loadForRead(tx, actor, sessionId, meta, ACTION);
    const protocol = await protocolForSession(tx, s, meta.now);
    const order = await orderForStock(tx, s.id);
    const events = await tx.selectFrom('infusion_event').selectAll().where('session_id', '=', s.id).orderBy('id').execute();
    const course = infusionCourseOf(s, order?.calc, events, protocol, meta.now);
    const minutesInfused = course.progress?.runningMinutes ?? 0;
    const ended = s.infusion_ended_at !== null || s.state === 'aborted' || s.state === 'discharged';
    const given = await givenSoFar(tx, s, protocol, meta.now);
    const ndcs = await tx
      .selectFrom('stock_entry as e')
      .innerJoin('stock_lot as l', 'l.id', 'e.lot_id')
      .innerJoin('stock_product as p', 'p.id', 'l.product_id')
      .select('p.ndc')
      .distinct()
      .where('e.session_id', '=', s.id)
      .where('e.kind', '=', 'draw')
      .execute();
    const notes: string[] = [];
    if (!ended) notes.push('the infusion has not ended: the minutes and the ketamine given are so far, not final');
    if (ndcs.length > 1) notes.push('the ketamine was drawn from products with different NDCs: no J3490 line (the coder adds it)');
    const drug =
      given === undefined || ndcs.length !== 1 || given.ug === 0n
        ? null
        : { ndc: (ndcs[0] as { ndc: string }).ndc, amount: Math.round(Number(given.ug) / 100) / 10, unit: 'mg' as const };
    const proposal = proposeCharges({ kind: 'dosing', minutesInfused, drug });
    if (drug === null && ndcs.length === 0 && proposal.lines.length > 0)
      notes.push('no draw of ketamine is recorded for this session: no J3490 line');
    await seedFeeSchedule(tx, s.site_id, meta.now);
    const fees = (await feeScheduleOf(tx, s.site_id)).filter((f) => f.active);
    const diagnoses = await tx
      .selectFrom('patient_fact')
      .select('data')
      .where('patient_id', '=', s.patient_id)
      .where('kind', '=', 'diagnosis')
      .where('retired_at', 'is', null)
      .orderBy('recorded_at')
      .execute();
    const site = await tx.selectFrom('site').select('time_zone').where('id', '=', s.site_id).executeTakeFirstOrThrow();
    await auditSession(tx, actor, meta, ACTION, s, { codes: proposal.lines.map((l) => l.code) });
    return {
      sessionId: s.id,
      serviceDate: localDateOf(s.infusion_started_at ?? s.created_at, site.time_zone),
      minutesInfused,
      final: ended,
      diagnoses: diagnoses.flatMap((d) => {
        const code = (d.data as { code?: unknown }).code;
        return typeof code === 'string' ? [{ code, text: icd10CmText(code) ?? null }] : [];
      }),
      lines: proposal.lines.map((l) => {
        const fee = fees.find((f) => f.code === l.code);
        const feeCents = fee?.feeCents ?? null;
        return { ...l, modifier: fee?.modifier ?? '', feeCents, amountCents: feeCents === null ? null : feeCents * l.units };
      }),
      notes: [...notes, ...proposal.notes],
    };
  });
}
