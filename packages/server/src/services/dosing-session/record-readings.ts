/**
 * Use case: record vital signs and MOAA/S readings from staff or a monitor, judged one by one,
 * stored idempotently by client id, classified by core in their phase, raising their alerts.
 *
 * @module
 */
import { allowedSteps, vitalsPhaseAt, checkReadingPlausibility, classifyVitals, type VitalsPhase } from '@kairos/core';
import { sql, type Insertable } from 'kysely';
import {
  SessionReadingBodySchema,
  type ProtocolParamValue,
  type RefusedReading,
  type SessionParameterRef,
  type SessionReadingBody,
  type SessionReadingsResult,
  type LiveEventPayload,
} from '@kairos/api';
import { AppError, notFound } from '../../errors.js';
import { securitySettingsOf } from '../accounts/security-settings.js';
import { parameterRefs, type ParameterRef } from '../protocol/parameter-refs.js';
import { protocolForSession, protocolOfRow, SESSION_PROTOCOL_ROW } from '../protocol/protocol-for-session.js';
import { type SiteProtocol } from '../protocol/internal/versions.js';
import { DEVICE, type Actor, type RequestMeta } from '../context.js';
import { AuditedRefusal, transact } from '../transaction.js';
import { appendAuditRecords, auditRecord, stagedAuditInsert, type AuditInput } from '../audit.js';
import { assertPatientAccess } from '../patients/assert-patient-access.js';
import { appendLiveEvents, type LiveEventInput } from '../../events/live-events.js';
import type { Db } from '../../store/database.js';
import type { VitalReadingTable } from '../../store/schema.js';
import { refusal, type lockSession } from './internal/session-guards.js';
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
 * From the facts the group's one query read with each session (`lockedWithContext`).
 */
function readingTimesOf(s: LockedSession, now: Date): ReadingTimes {
  const starts = [s.event_starts_at, s.checked_in_at].flatMap((d) => (d === undefined || d === null ? [] : [new Date(d).getTime()]));
  const start = starts.length === 0 ? now.getTime() : Math.min(...starts);
  const before = securitySettingsOf(s.site_settings).readingsBeforeSessionMinutes;
  return { earliest: new Date(start - before * 60_000), latest: new Date(now.getTime() + FUTURE_TOLERANCE_MS) };
}

/**
 * Locks the group's sessions (in id order, so two groups, or a group and a nurse's act, never
 * deadlock), then reads with each, in one statement, what judging its readings needs: its booked
 * start and check-in, its site's settings, its last pre-dose reading with a blood pressure (the
 * baseline, from the partial index of migration 0019), whether an alert episode is open, and the
 * protocol version it runs under. Two round trips where there were seven. The read comes after the
 * lock, not in the locking statement: a statement that waited for a lock still reads with the
 * snapshot it started with, and would miss the episode the group before it just opened.
 */
async function lockedWithContext(tx: Db, ids: readonly string[], tokenHashes: readonly string[]) {
  if (ids.length === 0) return [];
  await tx.selectFrom('dosing_session').select('id').where('id', 'in', ids).orderBy('id').forUpdate().execute();
  return tx
    .selectFrom('dosing_session as ds')
    .selectAll('ds')
    .select((eb) => [
      eb.selectFrom('scheduled_event as ev').select('ev.starts_at').whereRef('ev.id', '=', 'ds.event_id').as('event_starts_at'),
      eb
        .selectFrom('session_transition as st')
        .select((e) => e.fn.min('st.at').as('at'))
        .whereRef('st.session_id', '=', 'ds.id')
        .where('st.to_state', '=', 'checked-in')
        .as('checked_in_at'),
      eb.selectFrom('site').select('site.settings').whereRef('site.id', '=', 'ds.site_id').as('site_settings'),
      // Literals, not parameters, so the planner matches the partial index's predicate.
      sql<BaselineRow | null>`(SELECT to_jsonb(v) FROM vital_reading v
        WHERE v.session_id = ds.id AND v.phase = 'pre-dose' AND v.systolic IS NOT NULL
        ORDER BY v.measured_at DESC LIMIT 1)`.as('baseline'),
      eb
        .exists(
          eb
            .selectFrom('session_alert as sa')
            .select('sa.id')
            .whereRef('sa.session_id', '=', 'ds.id')
            .where('sa.episode_key', 'is not', null)
            .where('sa.episode_ended_at', 'is', null)
            .where('sa.closed_at', 'is', null),
        )
        .as('has_open_episode'),
      SESSION_PROTOCOL_ROW.as('protocol_row'),
      // The revoked among the group's device tokens, read after the lock like the rest (the same on every row).
      sql<string[] | null>`(SELECT array_agg(dt.token_hash) FROM device_token dt
        WHERE dt.token_hash = ANY(${[...tokenHashes]}::text[]) AND dt.revoked_at IS NOT NULL)`.as('revoked_tokens'),
    ])
    .where('ds.id', 'in', ids)
    .orderBy('ds.id')
    .execute();
}

/** A stored reading as `to_jsonb` gives it: the vital signs a baseline is compared on. */
type BaselineRow = Parameters<typeof toReading>[0];
type LockedSession = Awaited<ReturnType<typeof lockedWithContext>>[number];

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

/** Who posts: staff at the chair, or a monitor's device token. */
export interface ReadingsPoster {
  actor?: Actor;
  /** A monitor: its token's id, site and name, and the token's hash when it is to be checked again in the transaction (the device route). */
  device?: { id: string; siteId: string; name: string; tokenHash?: string };
}

/** One request's readings: who posted them, to which session, as sent. */
export interface ReadingsRequest {
  by: ReadingsPoster;
  sessionId: string;
  readings: readonly unknown[];
  meta: RequestMeta;
}

/** What became of one request of a group: its answer, or the error it is answered with. */
export type ReadingsOutcome = { ok: true; result: SessionReadingsResult } | { ok: false; error: unknown };

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
  by: ReadingsPoster,
  sessionId: string,
  readings: readonly unknown[],
  meta: RequestMeta,
): Promise<SessionReadingsResult> {
  return transact(db, (tx) => storeAloneIn(tx, { by, sessionId, readings, meta }));
}

/**
 * One request alone in the transaction `tx` (with `store`, `storeReadingsTogether` unless a test or
 * the crash tests' hold wraps it): its answer, or its refusal thrown, which rolls the transaction
 * back (`transact` records an audited one).
 */
export async function storeAloneIn(
  tx: Db,
  request: ReadingsRequest,
  store: typeof storeReadingsTogether = storeReadingsTogether,
  options: StoreOptions = {},
): Promise<SessionReadingsResult> {
  const [outcome] = await store(tx, [request], options);
  if (outcome?.ok === true) return outcome.result;
  throw outcome?.error instanceof Error ? outcome.error : new Error('the readings were not stored');
}

/** How a group is stored. */
export interface StoreOptions {
  /**
   * Stage the audit events (`stageAuditRecords`: no chain lock; the caller has them sealed after
   * the commit) rather than chain them in the transaction. The ingest of monitors' readings stages.
   */
  stageAudit?: boolean;
}

/** A session's id as the database stores it: anything else is no session (and must not reach a uuid cast). */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type SessionRow = Awaited<ReturnType<typeof lockSession>>;

/** A request judged before anything is written: its readings to store, classified, or its refusal. */
type Judged =
  | { ok: false; error: unknown }
  | {
      ok: true;
      s: SessionRow;
      protocol: SiteProtocol;
      refused: RefusedReading[];
      received: number;
      /** The valid readings, in the order they were measured, each with its phase and classification. */
      rows: { r: ReadingInput; at: Date; phase: VitalsPhase; c: ReturnType<typeof classifyVitals> }[];
      auditDetails: Record<string, unknown>;
    };

/**
 * Stores the readings of several requests in the transaction `tx` (a group commit: monitors
 * posting at once share one transaction, one INSERT of their readings and one commit), each
 * request judged on its own as `recordReadings` judges it: a request refused is answered with its
 * error while the others are stored. The sessions are locked in id order, so two groups, or a
 * group and a nurse's act, never deadlock on them. A monitor's token is checked again after the
 * lock: one revoked meanwhile stores nothing. A statement that fails fails the whole group
 * (the transaction is rolled back), and the caller then stores each request alone.
 */
export async function storeReadingsTogether(
  tx: Db,
  requests: readonly ReadingsRequest[],
  options: StoreOptions = {},
): Promise<ReadingsOutcome[]> {
  const now = requests[0]?.meta.now;
  if (now === undefined) return [];
  const ids = [...new Set(requests.map((q) => q.sessionId).filter((id) => UUID.test(id)))].sort();
  const tokenHashes = [...new Set(requests.flatMap((q) => (q.by.device?.tokenHash === undefined ? [] : [q.by.device.tokenHash])))];
  const locked = await lockedWithContext(tx, ids, tokenHashes);
  const sessions = new Map(locked.map((s) => [s.id, s]));
  const revoked = new Set(locked[0]?.revoked_tokens ?? []);
  const open = locked.filter((s) => s.state !== 'discharged' && s.state !== 'aborted' && s.state !== 'scheduled');
  const protocols = await protocolsOf(tx, open, now);
  const times = new Map(open.map((s) => [s.id, readingTimesOf(s, now)]));
  const baselines = new Map(open.flatMap((s) => (s.baseline === null ? [] : [[s.id, s.baseline] as const])));

  const judged: Judged[] = [];
  for (const q of requests)
    judged.push(
      q.by.device?.tokenHash !== undefined && revoked.has(q.by.device.tokenHash)
        ? { ok: false, error: revokedTokenRefusal(q, sessions.get(q.sessionId)) }
        : await judge(tx, q, sessions.get(q.sessionId), protocols, times, baselines),
    );

  // One INSERT for every valid reading of the group; a client id already stored (or repeated in the
  // group) is stored once, by the first request that carried it.
  const seen = new Set<string>();
  const values = judged.flatMap((j, i) => {
    if (!j.ok) return [];
    const q = requests[i] as ReadingsRequest;
    return j.rows.flatMap(({ r, at, phase, c }) => {
      const key = `${j.s.id}/${r.clientId}`;
      if (seen.has(key)) return [];
      seen.add(key);
      return [
        {
          session_id: j.s.id,
          client_id: r.clientId,
          measured_at: at,
          systolic: r.systolic ?? null,
          diastolic: r.diastolic ?? null,
          heart_rate: r.heartRate ?? null,
          spo2: r.spo2 ?? null,
          respiratory_rate: r.respiratoryRate ?? null,
          moaas: r.moaas ?? null,
          temperature_c: r.temperature ?? null,
          source: q.by.actor === undefined ? ('device' as const) : ('manual' as const),
          phase,
          level: c.level,
          fired: JSON.stringify(c.fired),
          received_at: q.meta.now,
          recorded_by: q.by.actor?.userId ?? null,
          protocol_version: j.protocol.version,
        },
      ];
    });
  });
  const inserted = await insertReadings(tx, values);
  const stored = new Set(inserted.map((r) => `${r.session_id}/${r.client_id}`));

  // The open episodes of the sessions that have one (a reading of a session without one may open one).
  const episodes = await loadOpenEpisodes(
    tx,
    judged.flatMap((j) =>
      j.ok && sessions.get(j.s.id)?.has_open_episode === true && j.rows.some((x) => stored.has(`${j.s.id}/${x.r.clientId}`))
        ? [j.s.id]
        : [],
    ),
  );
  const paused = new Set<string>();
  const liveEvents: LiveEventInput[] = [];
  const audits: AuditInput[] = [];
  const outcomes: ReadingsOutcome[] = [];
  for (const [i, j] of judged.entries()) {
    const q = requests[i] as ReadingsRequest;
    if (!j.ok) {
      outcomes.push(j);
      continue;
    }
    const { s, protocol } = j;
    let count = 0;
    let alerted = 0;
    let pauseRecommended = false;
    const levels: string[] = [];
    const announced: NonNullable<LiveEventPayload<'vitals'>['readings']> = [];
    for (const { r, at, phase, c } of j.rows) {
      // Each stored reading once: a later request of the group repeating its client id is a duplicate.
      if (!stored.delete(`${s.id}/${r.clientId}`)) continue;
      count++;
      levels.push(c.level);
      announced.push({
        clientId: r.clientId,
        measuredAt: at.toISOString(),
        phase,
        level: c.level,
        systolic: r.systolic ?? null,
        diastolic: r.diastolic ?? null,
        heartRate: r.heartRate ?? null,
        spo2: r.spo2 ?? null,
        respiratoryRate: r.respiratoryRate ?? null,
        moaas: r.moaas ?? null,
        temperature: r.temperature ?? null,
        source: q.by.actor === undefined ? 'device' : 'manual',
        protocolVersion: protocol.version,
      });
      // The session's open episodes, which an episode opened by an earlier reading of the batch joins.
      let open = episodes.get(s.id);
      if (open === undefined) episodes.set(s.id, (open = []));
      alerted += await applyReadingToEpisodes(
        tx,
        open,
        {
          clientId: r.clientId,
          measuredAt: at,
          phase,
          fired: c.fired,
          measured: c.checks.filter((k) => k.status !== 'missing').map((k) => k.vital),
        },
        s,
        protocol.version,
        q.meta.now,
      );
      if (phase === 'infusing' && c.level === 'pause' && s.state === 'infusing') pauseRecommended = true;
    }
    if (pauseRecommended && !paused.has(s.id)) {
      paused.add(s.id);
      await tx.updateTable('dosing_session').set({ pause_recommended: true, updated_at: q.meta.now }).where('id', '=', s.id).execute();
    }
    if (count > 0)
      liveEvents.push({
        siteId: s.site_id,
        sessionId: s.id,
        type: 'vitals',
        payload: { stored: count, levels, pauseRecommended, alerted, readings: announced },
        at: q.meta.now,
      });
    audits.push(
      auditRecord(
        { ...q.meta, actor: q.by.actor ?? DEVICE },
        {
          action: 'session.vitals',
          recordType: 'dosing_session',
          recordId: s.id,
          patientId: s.patient_id,
          outcome: 'allowed',
          details: { ...j.auditDetails, stored: count, protocolVersion: protocol.version },
        },
      ),
    );
    outcomes.push({ ok: true, result: { stored: count, duplicates: j.rows.length - count, refused: j.refused } });
  }
  if (options.stageAudit === true && audits.length > 0) {
    // The live events and the staged audit events in one statement.
    await appendLiveEvents(tx, liveEvents, stagedAuditInsert(audits));
  } else {
    await appendLiveEvents(tx, liveEvents);
    await appendAuditRecords(tx, audits);
  }
  return outcomes;
}

/**
 * A monitor's token revoked since this instance last read it (`createDeviceTokenFinder` remembers
 * a live token for a minute): refused as the authentication check refuses it, on the record.
 */
function revokedTokenRefusal(q: ReadingsRequest, s: LockedSession | undefined): AuditedRefusal {
  return new AuditedRefusal(
    'UNAUTHENTICATED',
    'a valid device token is required (Authorization: Bearer …); it may have been revoked',
    { ...q.meta, actor: DEVICE },
    {
      action: 'device',
      recordType: 'dosing_session',
      recordId: q.sessionId,
      ...(s === undefined ? {} : { patientId: s.patient_id }),
      outcome: 'denied',
      details: {
        reason: 'revoked token',
        ...(q.by.device === undefined ? {} : { device: { token: q.by.device.id, name: q.by.device.name } }),
      },
    },
  );
}

/** Judges one request against its locked session: who may post, the session's state, each reading. */
async function judge(
  tx: Db,
  q: ReadingsRequest,
  s: SessionRow | undefined,
  protocols: Map<string, SiteProtocol>,
  times: Map<string, ReadingTimes>,
  baselines: Map<string, BaselineRow>,
): Promise<Judged> {
  try {
    if (s === undefined) throw notFound('dosing session', q.sessionId);
    if (q.by.actor !== undefined) await assertPatientAccess(tx, q.by.actor, s.patient_id, q.meta, 'session.vitals');
    if (q.by.device !== undefined && q.by.device.siteId !== s.site_id)
      throw new AppError('FORBIDDEN', 'this device token belongs to another site');
    if (s.state === 'discharged' || s.state === 'aborted' || s.state === 'scheduled')
      throw new AppError('INVALID_TRANSITION', `readings are recorded from check-in to discharge (the session is ${s.state})`, {
        current: s.state,
        allowed: allowedSteps(s.state),
      });
    const protocol = protocols.get(s.id);
    const window = times.get(s.id);
    if (protocol === undefined || window === undefined) throw new Error('the session was not prepared');
    const refused: RefusedReading[] = [];
    const valid: ReadingInput[] = [];
    q.readings.forEach((raw, index) => {
      const checked = checkReading(raw, index, protocol, window);
      if (checked.ok) valid.push(checked.reading);
      else refused.push(checked.refused);
    });
    const auditDetails = {
      // Which monitor posted: the token's id (as the token list shows it) and name.
      ...(q.by.device === undefined ? {} : { device: { token: q.by.device.id, name: q.by.device.name } }),
      received: q.readings.length,
      refused: refused.map((r) => ({ index: r.index, fields: r.issues.map((i) => i.field) })),
    };
    if (valid.length === 0) {
      const issues = refused.flatMap((r) => r.issues);
      throw refusal(
        q.by.actor ?? DEVICE,
        q.meta,
        s,
        'session.vitals',
        'VALIDATION_FAILED',
        `no reading could be stored: ${issues.map((i) => `${i.field}: ${i.message}`).join('; ')}`,
        { code: 'READINGS_REFUSED', issues, refused, protocolVersion: protocol.version },
        { ...auditDetails, protocolVersion: protocol.version },
      );
    }
    const baseline = baselines.get(s.id);
    // In the order they were measured, so an episode sees its readings as they happened.
    const rows = valid
      .map((r) => {
        const at = new Date(r.measuredAt);
        const phase = vitalsPhaseAt(
          { startedAt: s.infusion_started_at?.getTime() ?? null, endedAt: s.infusion_ended_at?.getTime() ?? null },
          at.getTime(),
        );
        const c = classifyVitals(toReading(r), phase, baseline === undefined ? undefined : toReading(baseline), protocol.config.vitals);
        return { r, at, phase, c };
      })
      .sort((a, b) => a.at.getTime() - b.at.getTime());
    return { ok: true, s, protocol, refused, received: q.readings.length, rows, auditDetails };
  } catch (error) {
    return { ok: false, error };
  }
}

/**
 * The protocol each session runs under (`protocolForSession`): from the version read with the
 * session, its configuration parsed once per version; a site that never signed one reads it apart.
 */
async function protocolsOf(tx: Db, sessions: readonly LockedSession[], now: Date): Promise<Map<string, SiteProtocol>> {
  const out = new Map<string, SiteProtocol>();
  for (const s of sessions) out.set(s.id, s.protocol_row === null ? await protocolForSession(tx, s, now) : protocolOfRow(s.protocol_row));
  return out;
}

/**
 * Inserts readings as one `INSERT ... SELECT FROM unnest(...)`: one array parameter per column,
 * however many readings (a VALUES list of 100 readings has 1,700 parameters for PostgreSQL to parse
 * and plan, and for the driver to send one by one). A client id already stored is not stored again;
 * the answer names the readings stored.
 */
async function insertReadings(
  tx: Db,
  rows: readonly Insertable<VitalReadingTable>[],
): Promise<{ session_id: string; client_id: string }[]> {
  if (rows.length === 0) return [];
  const col = <T>(f: (r: Insertable<VitalReadingTable>) => T): T[] => rows.map(f);
  const result = await sql<{ session_id: string; client_id: string }>`
    INSERT INTO vital_reading (session_id, client_id, measured_at, systolic, diastolic, heart_rate, spo2, respiratory_rate,
      moaas, temperature_c, source, phase, level, fired, received_at, recorded_by, protocol_version)
    SELECT * FROM unnest(
      ${col((r) => r.session_id)}::uuid[], ${col((r) => r.client_id)}::text[], ${col((r) => r.measured_at)}::timestamptz[],
      ${col((r) => r.systolic ?? null)}::int[], ${col((r) => r.diastolic ?? null)}::int[], ${col((r) => r.heart_rate ?? null)}::int[],
      ${col((r) => r.spo2 ?? null)}::int[], ${col((r) => r.respiratory_rate ?? null)}::int[], ${col((r) => r.moaas ?? null)}::int[],
      ${col((r) => r.temperature_c ?? null)}::numeric[], ${col((r) => r.source)}::text[], ${col((r) => r.phase)}::text[],
      ${col((r) => r.level)}::text[], ${col((r) => r.fired ?? '[]')}::jsonb[], ${col((r) => r.received_at)}::timestamptz[],
      ${col((r) => r.recorded_by ?? null)}::uuid[], ${col((r) => r.protocol_version ?? null)}::int[])
    ON CONFLICT (session_id, client_id) DO NOTHING
    RETURNING session_id, client_id`.execute(tx);
  return result.rows;
}
