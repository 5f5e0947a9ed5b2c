/**
 * What every billable event's proposal shares (a dosing session's, see session-proposal.ts, and a
 * signed note's, see note-proposal.ts): the lines priced from the site's fee schedule, the
 * patient's ICD-10-CM diagnoses, and the clinician who rendered the service with their NPI.
 *
 * @module
 */
import { icd10CmText, type ProposedCharge as CoreProposedCharge } from '@kairos/core';
import type { ProposedCharge, RenderingClinician } from '@kairos/api';
import type { Db } from '../../../store/database.js';
import { feeScheduleOf, seedFeeSchedule } from './fee-schedule-rows.js';

/** A billable event's proposal, as the finalising of its lines needs it. */
export interface EventProposal {
  serviceDate: string;
  /** The event is over (the infusion ended, the note signed). */
  final: boolean;
  diagnoses: { code: string; text: string | null }[];
  lines: ProposedCharge[];
  notes: string[];
  renderingUserId: string | null;
  rendering: RenderingClinician | null;
}

/** Each line with the fee schedule's modifier and fee (null: not set) and its amount; seeds the schedule on first use. */
export async function priceLines(tx: Db, siteId: string, lines: readonly CoreProposedCharge[], now: Date): Promise<ProposedCharge[]> {
  await seedFeeSchedule(tx, siteId, now);
  const fees = (await feeScheduleOf(tx, siteId)).filter((f) => f.active);
  return lines.map((l) => {
    const fee = fees.find((f) => f.code === l.code);
    const feeCents = fee?.feeCents ?? null;
    return { ...l, modifier: fee?.modifier ?? '', feeCents, amountCents: feeCents === null ? null : feeCents * l.units };
  });
}

/** The patient's current ICD-10-CM diagnoses, in the order they were recorded. */
export async function patientDiagnoses(tx: Db, patientId: string): Promise<{ code: string; text: string | null }[]> {
  const rows = await tx
    .selectFrom('patient_fact')
    .select('data')
    .where('patient_id', '=', patientId)
    .where('kind', '=', 'diagnosis')
    .where('retired_at', 'is', null)
    .orderBy('recorded_at')
    .execute();
  return rows.flatMap((d) => {
    const code = (d.data as { code?: unknown }).code;
    return typeof code === 'string' ? [{ code, text: icd10CmText(code) ?? null }] : [];
  });
}

/** A clinician as the superbill names them: name, type 1 NPI and licence (null until entered). */
export async function renderingOf(tx: Db, userId: string | null): Promise<RenderingClinician | null> {
  if (userId === null) return null;
  const u = await tx.selectFrom('app_user').select(['display_name', 'npi', 'licence']).where('id', '=', userId).executeTakeFirst();
  return u === undefined ? null : { name: u.display_name, npi: u.npi, licence: u.licence };
}
