/**
 * A dosing session's proposal (see propose-session-charges.ts), read in `tx` without its audit:
 * shared by the proposal's use case and the finalising of its lines.
 *
 * @module
 */
import { localDateOf, proposeCharges, type DosingRoute } from '@kairos/core';
import { ivCalculation, type SessionChargeProposal } from '@kairos/api';
import type { Db } from '../../../store/database.js';
import type { RequestMeta } from '../../context.js';
import { givenSoFar, orderForStock } from '../../dosing-session/internal/session-stock.js';
import { infusionCourseOf } from '../../dosing-session/internal/session-view.js';
import { protocolForSession } from '../../protocol/protocol-for-session.js';
import { patientDiagnoses, priceLines, renderingOf, type EventProposal } from './event-proposal.js';

type LoadedSession = Parameters<typeof protocolForSession>[1] & {
  id: string;
  site_id: string;
  patient_id: string;
  state: string;
  infusion_started_at: Date | null;
  infusion_ended_at: Date | null;
  route: DosingRoute;
  created_at: Date;
};

export async function sessionProposal(tx: Db, s: LoadedSession, meta: RequestMeta): Promise<SessionChargeProposal & EventProposal> {
  const protocol = await protocolForSession(tx, s, meta.now);
  const order = await orderForStock(tx, s.id);
  const events = await tx.selectFrom('infusion_event').selectAll().where('session_id', '=', s.id).orderBy('id').execute();
  const course = infusionCourseOf(s, ivCalculation(order?.calc), events, protocol, meta.now);
  const minutesInfused = s.route === 'IV' ? (course.progress?.runningMinutes ?? 0) : 0;
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
  if (!ended)
    notes.push(
      s.route === 'IV'
        ? 'the infusion has not ended: the minutes and the ketamine given are so far, not final'
        : 'the dose has not been given yet: nothing is final',
    );
  if (ndcs.length > 1) notes.push('the ketamine was drawn from products with different NDCs: no J3490 line (the coder adds it)');
  const drug =
    given === undefined || ndcs.length !== 1 || given.ug === 0n
      ? null
      : { ndc: (ndcs[0] as { ndc: string }).ndc, amount: Math.round(Number(given.ug) / 100) / 10, unit: 'mg' as const };
  const proposal = proposeCharges({ kind: 'dosing', route: s.route, minutesInfused, given: s.infusion_started_at !== null, drug });
  const site = await tx.selectFrom('site').select('time_zone').where('id', '=', s.site_id).executeTakeFirstOrThrow();
  // The prescriber who ordered the dose renders the infusion or injection (and supervises it).
  const renderingUserId = order === undefined ? null : await orderedBy(tx, order.id);
  return {
    sessionId: s.id,
    serviceDate: localDateOf(s.infusion_started_at ?? s.created_at, site.time_zone),
    minutesInfused,
    final: ended,
    diagnoses: await patientDiagnoses(tx, s.patient_id),
    lines: await priceLines(tx, s.site_id, proposal.lines, meta.now),
    notes: [...notes, ...proposal.notes],
    renderingUserId,
    rendering: await renderingOf(tx, renderingUserId),
  };
}

async function orderedBy(tx: Db, orderId: string): Promise<string> {
  return (await tx.selectFrom('dose_order').select('ordered_by').where('id', '=', orderId).executeTakeFirstOrThrow()).ordered_by;
}
