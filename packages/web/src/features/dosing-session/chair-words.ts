/**
 * Pure helpers of the console at the chair: the pump's figures counted on from the view's time,
 * a new rate against the ordered one, a medication as entered, a time a person entered, and the
 * server's refusals in plain words (field names as the form calls them, never parameter paths).
 */
import { checkRateChange } from '@kairos/core';
import { ApiError } from '../../api/client';
import { siteLocalToIso } from './site-datetime';
import type { AdministrationBody, MedicationRoute, MedicationUnit, SessionInfusion, SessionMedication } from './dosing-session-api';

/** A minute of clock difference between tablet and server is allowed, as the server allows it. */
const SKEW_MS = 60_000;

/**
 * The pump's figures now: the view's (as of `asOfMs`) plus what ran since at the current rate
 * while the pump runs, the volume capped at the bag and the milligrams at the order.
 */
export function liveInfusion(
  inf: SessionInfusion,
  running: boolean,
  nowMs: number | undefined,
  asOfMs: number | undefined,
): { infusedMl: number; infusedMg: number; runningMinutes: number } {
  const rate = inf.currentRateMlPerHour;
  const elapsedMs = running && rate > 0 && nowMs !== undefined && asOfMs !== undefined ? Math.max(0, nowMs - asOfMs) : 0;
  if (elapsedMs === 0) return { infusedMl: inf.infusedMl, infusedMg: inf.infusedMg, runningMinutes: inf.runningMinutes };
  const infusedMl = Math.min(inf.bagTotalMl ?? Number.POSITIVE_INFINITY, inf.infusedMl + (rate * elapsedMs) / 3_600_000);
  const mg = inf.concentrationMgPerMl === null ? inf.infusedMg : infusedMl * inf.concentrationMgPerMl;
  const infusedMg = Math.min(inf.orderedMg ?? Number.POSITIVE_INFINITY, mg);
  return { infusedMl, infusedMg, runningMinutes: inf.runningMinutes + elapsedMs / 60_000 };
}

/** "12.5" (one decimal, none when whole). */
export const oneDecimal = (n: number): string => String(Math.round(n * 10) / 10);

export interface RateAgainstOrder {
  /** Within the tolerance (bound inclusive): a reason is enough; beyond it a prescriber approves. */
  withinTolerance: boolean;
  deviationPercent: number;
  /** "20% above the ordered 100 mL/h", "5% below the ordered 100 mL/h", "the ordered rate". */
  words: string;
}

/** A new pump rate against the ordered one (core's rule, the one the server applies). */
export function rateAgainstOrder(orderedMlPerHour: number, rateMlPerHour: number, tolerancePercent: number): RateAgainstOrder {
  const check = checkRateChange(orderedMlPerHour, rateMlPerHour, tolerancePercent);
  const d = check.deviationPercent;
  const words =
    d === 0
      ? 'the ordered rate'
      : `${oneDecimal(Math.abs(d))}% ${d > 0 ? 'above' : 'below'} the ordered ${oneDecimal(orderedMlPerHour)} mL/h`;
  return { withinTolerance: check.withinTolerance, deviationPercent: d, words };
}

/** A time a person entered (site-local): the instant, or why it cannot be used. */
export function readPastTime(value: string, timeZone: string | undefined, nowMs: number): { iso?: string; problem?: string } {
  if (value.trim() === '') return { problem: 'enter the date and time' };
  const iso = siteLocalToIso(value, timeZone);
  if (iso === undefined) return { problem: 'not a date and time' };
  if (Date.parse(iso) > nowMs + SKEW_MS) return { problem: 'is in the future' };
  return { iso };
}

/** A medication as typed: the dose is text until it is a number. */
export interface MedicationDraft {
  drug: string;
  dose: number | string;
  unit: MedicationUnit;
  route: MedicationRoute;
  /** Site-local "YYYY-MM-DDTHH:MM". */
  givenAt: string;
}

/** The administration to send, or the problems in words (empty when there are none). */
export function readMedicationDraft(
  d: MedicationDraft,
  timeZone: string | undefined,
  nowMs: number,
): { input?: AdministrationBody; problems: string[] } {
  const problems: string[] = [];
  const drug = d.drug.trim();
  if (drug.length < 2) problems.push('enter the drug');
  const dose = typeof d.dose === 'number' ? d.dose : Number(d.dose.trim() === '' ? Number.NaN : d.dose);
  if (!Number.isFinite(dose) || dose <= 0 || dose > 100_000) problems.push('enter the dose (a number above 0)');
  const time = readPastTime(d.givenAt, timeZone, nowMs);
  if (time.problem !== undefined) problems.push(`time given: ${time.problem}`);
  if (problems.length > 0 || time.iso === undefined) return { problems };
  return { input: { drug, dose, unit: d.unit, route: d.route, givenAt: time.iso }, problems };
}

/** "ondansetron 4 mg IV". */
export const describeMedication = (m: Pick<SessionMedication, 'drug' | 'dose' | 'unit' | 'route'>): string =>
  `${m.drug} ${m.dose} ${m.unit} ${m.route}`;

/** Field names as the forms call them (the last part of the server's field path, or the path after "body."). */
const FIELD_WORDS: Record<string, string> = {
  lastSolidsAt: 'Last solid food',
  lastClearLiquidsAt: 'Last clear liquids',
  benzodiazepineLastDoseAt: 'Last benzodiazepine dose',
  'pregnancyTest.at': 'Pregnancy test time',
  name: 'Name',
  phone: 'Phone',
  intention: 'Intention',
  premedicationNone: 'Reason no premedication was given',
  givenAt: 'Time given',
  drug: 'Drug',
  dose: 'Dose',
  unit: 'Unit',
  route: 'Route',
  givenBy: 'Given by',
  adverseEventId: 'Adverse event',
  at: 'Stop time',
  reason: 'Reason',
  note: 'Note',
  rateMlPerHour: 'New rate',
  occurredAt: 'Time it happened',
  actionTaken: 'Action taken',
  description: 'What happened',
};

function fieldWords(field: string): string | undefined {
  const path = field.replace(/^body[./]/, '').replace(/\//g, '.');
  if (FIELD_WORDS[path] !== undefined) return FIELD_WORDS[path];
  const treatment = /^treatments\.(\d+)\.(\w+)$/.exec(path);
  if (treatment !== null) return `Treatment ${Number(treatment[1]) + 1}: ${(FIELD_WORDS[treatment[2] ?? ''] ?? 'a value').toLowerCase()}`;
  const last = path.split('.').pop() ?? path;
  return FIELD_WORDS[last];
}

/**
 * A failed request in plain words: field problems with the form's names for the fields, else the
 * server's message without a leading field path; `fallback` when the server said nothing usable.
 */
export function problemText(e: unknown, fallback = 'That did not work. Try again.'): string {
  if (!(e instanceof ApiError)) return fallback;
  const issues = e.details.issues;
  if (e.code === 'VALIDATION_FAILED' && Array.isArray(issues) && issues.length > 0) {
    const parts = (issues as { field?: unknown; message?: unknown }[])
      .filter((i): i is { field: string; message: string } => typeof i.field === 'string' && typeof i.message === 'string')
      .map((i) => {
        const name = fieldWords(i.field);
        return name === undefined ? i.message : `${name}: ${i.message}`;
      });
    if (parts.length > 0) return `${[...new Set(parts)].join('; ')}.`;
  }
  const message = e.message.replace(/^body[./][\w./]*: /, '').trim();
  if (message === '') return fallback;
  return message.charAt(0).toUpperCase() + message.slice(1);
}

/** The refusal's code (`details.code`, e.g. RATE_NEEDS_PRESCRIBER), if the server gave one. */
export function refusalCode(e: unknown): string | undefined {
  if (!(e instanceof ApiError)) return undefined;
  const code = e.details.code;
  return typeof code === 'string' ? code : undefined;
}

/** Whose credential lapsed, for which duty, when the server refused an act for it (409 CREDENTIAL_LAPSED). */
export function credentialLapseOf(e: unknown): { userId: string; duty: 'iv-runner' | 'orderer' | 'therapist' } | undefined {
  if (!(e instanceof ApiError) || e.details.code !== 'CREDENTIAL_LAPSED') return undefined;
  const { userId, duty } = e.details;
  return typeof userId === 'string' && (duty === 'iv-runner' || duty === 'orderer' || duty === 'therapist') ? { userId, duty } : undefined;
}

const ISO_INSTANT = /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})/g;

/** A message with the ISO instants in it shown as `format` makes them (e.g. the site's "15:47"). */
export function localizeInstants(text: string, format: (iso: string) => string): string {
  return text.replace(ISO_INSTANT, (iso) => (Number.isNaN(Date.parse(iso)) ? iso : format(iso)));
}
