/**
 * A patient's outcomes as of now: the trajectories of each measure, response and remission against the protocol's thresholds.
 *
 * @module
 */
import type { OutcomePoint, PatientOutcomes } from '@kairos/api';
import { assessLossOfResponse, assessPcl5Outcome, remissionRule, responseRule, localDateOf, type ProtocolConfig } from '@kairos/core';
import { protocolInForce } from '../../protocol/protocol-in-force.js';
import { responsesOf } from '../../questionnaires/internal/responses-of.js';
import type { Db } from '../../../store/database.js';

function latestWords(baselineTotal: number, currentTotal: number, config: ProtocolConfig) {
  const input = { baselineTotal, currentTotal };
  return { response: responseRule.evaluate(input, config).message, remission: remissionRule.evaluate(input, config).message };
}

/** The outcome series of a patient (access checked and audited by the caller). */
export async function patientOutcomes(tx: Db, patientId: string, now: Date): Promise<PatientOutcomes> {
  const p = await tx
    .selectFrom('patient as p')
    .innerJoin('site as s', 's.id', 'p.site_id')
    .select(['p.site_id', 's.time_zone'])
    .where('p.id', '=', patientId)
    .executeTakeFirstOrThrow();
  const { config } = await protocolInForce(tx, p.site_id, now);
  const rows = (await responsesOf(tx, patientId)).filter((r) => r.total !== null);
  const point = (r: (typeof rows)[number]): OutcomePoint => {
    const score = r.score;
    return {
      responseId: r.id,
      date: localDateOf(new Date(r.completedAt), p.time_zone),
      completedAt: r.completedAt,
      instrument: r.instrument,
      total: r.total ?? 0,
      answers: Array.isArray(r.answers) ? r.answers : [],
      ...('clusters' in score ? { clusters: score.clusters } : {}),
      ...('severity' in score ? { severity: score.severity } : {}),
    };
  };
  const pcl5 = rows.filter((r) => r.instrument === 'pcl5-month' || r.instrument === 'pcl5-week').map(point);
  const first = pcl5[0];
  const baseline = first === undefined ? null : { total: first.total, date: first.date };
  const o = config.outcomes;
  if (baseline !== null)
    for (const pt of pcl5) pt.outcome = assessPcl5Outcome({ baselineTotal: baseline.total, currentTotal: pt.total }, o);
  const reductionPercent = o.response.reductionPercent.value;
  const responseAtOrBelow = baseline === null ? null : Math.floor(baseline.total * (1 - reductionPercent / 100) + 1e-9);
  const lastDosing = await tx
    .selectFrom('dosing_session')
    .select(['infusion_started_at'])
    .where('patient_id', '=', patientId)
    .where('state', '=', 'discharged')
    .orderBy('infusion_started_at', 'desc')
    .executeTakeFirst();
  const lastDosingDate = lastDosing?.infusion_started_at == null ? null : localDateOf(lastDosing.infusion_started_at, p.time_zone);
  const course =
    baseline === null || lastDosingDate === null
      ? null
      : assessLossOfResponse(
          { baselineTotal: baseline.total, lastDosingDate, pcl5: pcl5.map((x) => ({ date: x.date, total: x.total })) },
          o,
        );
  return {
    pcl5,
    phq9: rows.filter((r) => r.instrument === 'phq9').map(point),
    gad7: rows.filter((r) => r.instrument === 'gad7').map(point),
    baseline,
    lines: {
      responseAtOrBelow,
      remissionAtOrBelow: Math.min(o.remission.maxTotal.value, responseAtOrBelow ?? o.remission.maxTotal.value),
      reductionPercent,
      remissionMaxTotal: o.remission.maxTotal.value,
    },
    lastDosingDate,
    course,
    latest: baseline === null || pcl5.length < 2 ? null : latestWords(baseline.total, (pcl5.at(-1) as OutcomePoint).total, config),
  };
}
