/**
 * Use case: record vital signs and MOAA/S readings from staff or a monitor, judged one by one,
 * stored idempotently by client id, classified by core in their phase, raising their alerts.
 *
 * @module
 */
import { allowedSteps, vitalsPhaseAt, checkReadingPlausibility, classifyVitals } from '@kairos/core';
import {
  SessionReadingBodySchema,
  type ProtocolParamValue,
  type RefusedReading,
  type SessionParameterRef,
  type SessionReadingBody,
  type SessionReadingsResult,
} from '@kairos/api';
import { AppError } from '../../errors.js';
import { loadSecuritySettings } from '../accounts/security-settings.js';
import { parameterRefs, type ParameterRef } from '../protocol/parameter-refs.js';
import { protocolForSession } from '../protocol/protocol-for-session.js';
import { type SiteProtocol } from '../protocol/internal/versions.js';
import { DEVICE, type Actor, type RequestMeta } from '../context.js';
import { transact } from '../transaction.js';
import { appendLiveEvent } from '../../events/live-events.js';
import type { Db } from '../../store/database.js';
import { auditSession, refusal, lockSession, loadFor } from './internal/session-guards.js';
import { applyReadingToEpisodes, loadOpenEpisodes } from './internal/episodes.js';
import { toReading } from './internal/session-rows.js';

/** One reading as staff or a monitor send it (`SessionReadingBody`). */
export type ReadingInput = SessionReadingBody;

/**
 * A protocol parameter as a refusal in an answer names it: `parameterRefs` reads it from the
 * configuration, whose values core checked against their parameters' shapes and whose provenance
 * is core's.
 */
const parameterRefOf = (ref: ParameterRef): SessionParameterRef => ({
  parameter: ref.parameter,
  value: ref.value as ProtocolParamValue,
  unit: ref.unit,
  provenance: ref.provenance as SessionParameterRef['provenance'],
});

/** How far in the future a reading's time may be (clock skew between a monitor and the server). */
const FUTURE_TOLERANCE_MS = 60_000;

/** The times a reading of this session may carry. */
interface ReadingTimes {
  earliest: Date;
  latest: Date;
}

/**
 * A reading may be dated from a while before the session (its booked start or its check-in,
 * whichever is earlier, less the site's `readingsBeforeSessionMinutes`) up to now plus the clock
 * skew tolerance: a reading dated 2001, or next week, is a monitor gone wrong, not a vital sign.
 */
async function readingTimes(tx: Db, s: { id: string; event_id: string; site_id: string }, now: Date): Promise<ReadingTimes> {
  const event = await tx.selectFrom('scheduled_event').select('starts_at').where('id', '=', s.event_id).executeTakeFirst();
  const checkIn = await tx
    .selectFrom('session_transition')
    .select((eb) => eb.fn.min('at').as('at'))
    .where('session_id', '=', s.id)
    .where('to_state', '=', 'checked-in')
    .executeTakeFirst();
  const settings = await loadSecuritySettings(tx, s.site_id);
  const starts = [event?.starts_at, checkIn?.at].flatMap((d) => (d === undefined || d === null ? [] : [new Date(d).getTime()]));
  const start = starts.length === 0 ? now.getTime() : Math.min(...starts);
  return {
    earliest: new Date(start - settings.readingsBeforeSessionMinutes * 60_000),
    latest: new Date(now.getTime() + FUTURE_TOLERANCE_MS),
  };
}

/** Checks one reading of a batch: its shape, then core's plausibility with the session's protocol; the parsed reading or its refusal. */
function checkReading(
  raw: unknown,
  index: number,
  protocol: SiteProtocol,
  times: ReadingTimes,
): { ok: true; reading: ReadingInput } | { ok: false; refused: RefusedReading } {
  const clientId =
    typeof raw === 'object' && raw !== null && typeof (raw as { clientId?: unknown }).clientId === 'string'
      ? (raw as { clientId: string }).clientId || null
      : null;
  const field = (f: string) => `body.readings.${index}.${f}`;
  const parsed = SessionReadingBodySchema.safeParse(raw);
  if (!parsed.success) {
    return {
      ok: false,
      refused: {
        index,
        clientId,
        issues: parsed.error.issues.map((i) => ({
          field: i.path.length === 0 ? `body.readings.${index}` : field(i.path.map(String).join('.')),
          message: i.message,
        })),
      },
    };
  }
  const r = parsed.data;
  const issues: RefusedReading['issues'] = checkReadingPlausibility(toReading(r), protocol.config.vitals).map((i) => ({
    field: i.field === 'reading' ? `body.readings.${index}` : field(i.field),
    message: i.message,
    rule: i.rule,
    ...(i.parameter !== undefined ? { parameter: parameterRefs(protocol.config, [i.parameter]).map(parameterRefOf)[0] } : {}),
  }));
  const at = Date.parse(r.measuredAt);
  if (at > times.latest.getTime()) issues.push({ field: field('measuredAt'), message: 'is in the future' });
  if (at < times.earliest.getTime())
    issues.push({
      field: field('measuredAt'),
      message: `is before this session (readings from ${times.earliest.toISOString()} on belong to it)`,
    });
  return issues.length === 0 ? { ok: true, reading: r } : { ok: false, refused: { index, clientId: r.clientId, issues } };
}

/**
 * Stores readings (a batch of up to 500; a client id seen before is not stored twice; any order),
 * judged reading by reading: a reading that is malformed, empty or physiologically implausible
 * (the protocol's plausible ranges) is refused and listed by its index with each problem, while
 * the valid readings beside it are stored, classified by core in their phase with the protocol the
 * session runs under, and raise their alarms. When no reading of the request can be stored the
 * answer is a 400 and nothing is stored. A device may post only to sessions of its site.
 */
export async function recordReadings(
  db: Db,
  by: { actor?: Actor; device?: { id: string; siteId: string; name: string } },
  sessionId: string,
  readings: readonly unknown[],
  meta: RequestMeta,
): Promise<SessionReadingsResult> {
  return transact(db, async (tx) => {
    const s = by.actor !== undefined ? await loadFor(tx, by.actor, sessionId, meta, 'session.vitals') : await lockSession(tx, sessionId);
    if (by.device !== undefined && by.device.siteId !== s.site_id)
      throw new AppError('FORBIDDEN', 'this device token belongs to another site');
    if (s.state === 'discharged' || s.state === 'aborted' || s.state === 'scheduled')
      throw new AppError('INVALID_TRANSITION', `readings are recorded from check-in to discharge (the session is ${s.state})`, {
        current: s.state,
        allowed: allowedSteps(s.state),
      });
    const protocol = await protocolForSession(tx, s, meta.now);
    const times = await readingTimes(tx, s, meta.now);
    const refused: RefusedReading[] = [];
    const valid: ReadingInput[] = [];
    readings.forEach((raw, index) => {
      const checked = checkReading(raw, index, protocol, times);
      if (checked.ok) valid.push(checked.reading);
      else refused.push(checked.refused);
    });
    const auditDetails = {
      // Which monitor posted: the token's id (as the token list shows it) and name.
      ...(by.device === undefined ? {} : { device: { token: by.device.id, name: by.device.name } }),
      received: readings.length,
      refused: refused.map((r) => ({ index: r.index, fields: r.issues.map((i) => i.field) })),
    };
    if (valid.length === 0) {
      const issues = refused.flatMap((r) => r.issues);
      throw refusal(
        by.actor ?? DEVICE,
        meta,
        s,
        'session.vitals',
        'VALIDATION_FAILED',
        `no reading could be stored: ${issues.map((i) => `${i.field}: ${i.message}`).join('; ')}`,
        { code: 'READINGS_REFUSED', issues, refused, protocolVersion: protocol.version },
        { ...auditDetails, protocolVersion: protocol.version },
      );
    }
    const preDoseRow = await tx
      .selectFrom('vital_reading')
      .selectAll()
      .where('session_id', '=', s.id)
      .where('phase', '=', 'pre-dose')
      .where('systolic', 'is not', null)
      .orderBy('measured_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    const episodes = await loadOpenEpisodes(tx, s.id);
    let stored = 0;
    let alerted = 0;
    let pauseRecommended = false;
    const levels: string[] = [];
    // In the order they were measured, so an episode sees its readings as they happened.
    const chronological = [...valid].sort((a, b) => Date.parse(a.measuredAt) - Date.parse(b.measuredAt));
    for (const r of chronological) {
      const at = new Date(r.measuredAt);
      const phase = vitalsPhaseAt(
        { startedAt: s.infusion_started_at?.getTime() ?? null, endedAt: s.infusion_ended_at?.getTime() ?? null },
        at.getTime(),
      );
      const c = classifyVitals(toReading(r), phase, preDoseRow === undefined ? undefined : toReading(preDoseRow), protocol.config.vitals);
      const inserted = await tx
        .insertInto('vital_reading')
        .values({
          session_id: s.id,
          client_id: r.clientId,
          measured_at: at,
          systolic: r.systolic ?? null,
          diastolic: r.diastolic ?? null,
          heart_rate: r.heartRate ?? null,
          spo2: r.spo2 ?? null,
          respiratory_rate: r.respiratoryRate ?? null,
          moaas: r.moaas ?? null,
          temperature_c: r.temperature ?? null,
          source: by.actor === undefined ? 'device' : 'manual',
          phase,
          level: c.level,
          fired: JSON.stringify(c.fired),
          received_at: meta.now,
          recorded_by: by.actor?.userId ?? null,
          protocol_version: protocol.version,
        })
        .onConflict((oc) => oc.columns(['session_id', 'client_id']).doNothing())
        .returning('client_id')
        .executeTakeFirst();
      if (inserted === undefined) continue;
      stored++;
      levels.push(c.level);
      alerted += await applyReadingToEpisodes(
        tx,
        episodes,
        {
          clientId: r.clientId,
          measuredAt: at,
          phase,
          fired: c.fired,
          measured: c.checks.filter((k) => k.status !== 'missing').map((k) => k.vital),
        },
        s,
        protocol.version,
        meta.now,
      );
      if (phase === 'infusing' && c.level === 'pause' && s.state === 'infusing') pauseRecommended = true;
    }
    if (pauseRecommended)
      await tx.updateTable('dosing_session').set({ pause_recommended: true, updated_at: meta.now }).where('id', '=', s.id).execute();
    if (stored > 0)
      await appendLiveEvent(tx, {
        siteId: s.site_id,
        sessionId: s.id,
        type: 'vitals',
        payload: { stored, levels, pauseRecommended, alerted },
        at: meta.now,
      });
    await auditSession(tx, by.actor ?? DEVICE, meta, 'session.vitals', s, {
      ...auditDetails,
      stored,
      protocolVersion: protocol.version,
    });
    return { stored, duplicates: valid.length - stored, refused };
  });
}
