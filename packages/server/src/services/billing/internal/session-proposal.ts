/**
 * A dosing session's proposal (see propose-session-charges.ts), read in `tx` without its audit:
 * shared by the proposal's use case and the finalising of its lines.
 *
 * @module
 */
import { icd10CmText, localDateOf, proposeCharges } from '@kairos/core';
import type { SessionChargeProposal } from '@kairos/api';
import type { Db } from '../../../store/database.js';
import type { RequestMeta } from '../../context.js';
import { givenSoFar, orderForStock } from '../../dosing-session/internal/session-stock.js';
import { infusionCourseOf } from '../../dosing-session/internal/session-view.js';
import { protocolForSession } from '../../protocol/protocol-for-session.js';
import { feeScheduleOf, seedFeeSchedule } from './fee-schedule-rows.js';

type LoadedSession = Parameters<typeof protocolForSession>[1] & {
  id: string;
  site_id: string;
  patient_id: string;
  state: string;
  infusion_started_at: Date | null;
  infusion_ended_at: Date | null;
  created_at: Date;
};

export async function sessionProposal(tx: Db, s: LoadedSession, meta: RequestMeta): Promise<SessionChargeProposal> {
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
}
