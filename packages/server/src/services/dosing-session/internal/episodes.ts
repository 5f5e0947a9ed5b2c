/**
 * Vital-sign alerts as episodes (core's `decideEpisodes`, protocol-defaults.md "alert episode"): a
 * reading past a bound opens an alert for its parameter, or updates the open one (worst value, last
 * time, readings); a worsening by the step or an escalation alerts again (it must be acknowledged
 * again: the earlier acknowledgement is kept in the alert's history); a reading within bounds ends
 * the episode. Runs inside `recordReadings`' transaction, with the session locked.
 *
 * @module
 */
import {
  alertEpisodeRule,
  decideEpisodes,
  episodeSignals,
  isWorse,
  ruleRef,
  vitalSignsRule,
  type AlertLevel,
  type EpisodeValues,
  type FiredThreshold,
  type VitalName,
  type VitalsPhase,
} from '@kairos/core';
import type { Db } from '../../../store/database.js';

/** What an episode alert's details hold beside the reading that last alerted. */
export interface EpisodeDetails {
  /** The reading that raised it, or last worsened or escalated it. */
  clientId: string;
  /** The latest reading at the alert's level (what resuming after a vital-sign pause counts from). */
  measuredAt: string;
  fired: FiredThreshold[];
  episode: {
    key: string;
    /** The worst value of each vital of the parameter, and when. */
    worst: Partial<Record<VitalName, { value: number; measuredAt: string }>>;
    last: { values: EpisodeValues; measuredAt: string; level: AlertLevel };
    readings: number;
    history: {
      at: string;
      event: 'raised' | 'worsened' | 'escalated' | 'acknowledged';
      /** The reading that raised, worsened or escalated it. */
      measuredAt?: string;
      values?: EpisodeValues;
      level?: AlertLevel;
      by?: string;
      note?: string;
    }[];
  };
}

interface OpenRow {
  id: string;
  key: string;
  level: AlertLevel;
  details: EpisodeDetails;
  alertedValues: EpisodeValues;
  acknowledgedBy: string | null;
  acknowledgedAt: Date | null;
  note: string | null;
}

/** The open episodes of each session, locked for the batch (one query for a group of sessions). */
export async function loadOpenEpisodes(tx: Db, sessionIds: readonly string[]): Promise<Map<string, OpenRow[]>> {
  const out = new Map<string, OpenRow[]>(sessionIds.map((id) => [id, []]));
  if (sessionIds.length === 0) return out;
  const rows = await tx
    .selectFrom('session_alert')
    .select(['id', 'session_id', 'episode_key', 'level', 'details', 'acknowledged_by', 'acknowledged_at', 'note'])
    .where('session_id', 'in', [...new Set(sessionIds)])
    .where('episode_key', 'is not', null)
    .where('episode_ended_at', 'is', null)
    .where('closed_at', 'is', null)
    .orderBy('id')
    .forUpdate()
    .execute();
  for (const r of rows) {
    const details = r.details as unknown as EpisodeDetails;
    out.get(r.session_id)?.push({
      id: r.id,
      key: r.episode_key as string,
      level: r.level as AlertLevel,
      details,
      alertedValues: episodeSignals(details.fired).find((x) => x.key === r.episode_key)?.values ?? {},
      acknowledgedBy: r.acknowledged_by,
      acknowledgedAt: r.acknowledged_at,
      note: r.note,
    });
  }
  return out;
}

/** The worst value of each vital so far, with the reading's values folded in. */
function worstOf(
  worst: EpisodeDetails['episode']['worst'],
  values: EpisodeValues,
  direction: 'high' | 'low',
  at: string,
): EpisodeDetails['episode']['worst'] {
  const next = { ...worst };
  for (const [vital, value] of Object.entries(values) as [VitalName, number][]) {
    const seen = next[vital];
    if (seen === undefined || isWorse(direction, value, seen.value)) next[vital] = { value, measuredAt: at };
  }
  return next;
}

/** One reading's effect on the episodes; returns how many alerts it raised or raised again. */
export async function applyReadingToEpisodes(
  tx: Db,
  open: OpenRow[],
  reading: { clientId: string; measuredAt: Date; phase: VitalsPhase; fired: readonly FiredThreshold[]; measured: readonly VitalName[] },
  session: { id: string },
  protocolVersion: number,
  now: Date,
): Promise<number> {
  const at = reading.measuredAt.toISOString();
  const rules = [ruleRef(vitalSignsRule), ruleRef(alertEpisodeRule)];
  let alerted = 0;
  const decisions = decideEpisodes(
    open.map((o) => ({ key: o.key, level: o.level, alertedValues: o.alertedValues })),
    reading.fired,
    reading.measured,
  );
  for (const d of decisions) {
    if (d.kind === 'end') {
      const row = open.find((o) => o.key === d.key);
      if (row === undefined) continue;
      await tx.updateTable('session_alert').set({ episode_ended_at: reading.measuredAt }).where('id', '=', row.id).execute();
      open.splice(open.indexOf(row), 1);
      continue;
    }
    const { signal } = d;
    if (d.kind === 'open') {
      const details: EpisodeDetails = {
        clientId: reading.clientId,
        measuredAt: at,
        fired: [...signal.fired],
        episode: {
          key: signal.key,
          worst: worstOf({}, signal.values, signal.direction, at),
          last: { values: signal.values, measuredAt: at, level: signal.level },
          readings: 1,
          history: [{ at: now.toISOString(), event: 'raised', measuredAt: at, values: signal.values, level: signal.level }],
        },
      };
      const inserted = await tx
        .insertInto('session_alert')
        .values({
          session_id: session.id,
          kind: `vitals:${reading.phase}`,
          level: signal.level,
          details: JSON.stringify(details),
          raised_at: now,
          alerted_at: now,
          episode_key: signal.key,
          protocol_version: protocolVersion,
          rule_ids: rules,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      open.push({
        id: inserted.id,
        key: signal.key,
        level: signal.level,
        details,
        alertedValues: signal.values,
        acknowledgedBy: null,
        acknowledgedAt: null,
        note: null,
      });
      alerted++;
      continue;
    }
    const row = open.find((o) => o.key === signal.key);
    if (row === undefined) continue;
    const e = row.details.episode;
    const episode = {
      ...e,
      worst: worstOf(e.worst, signal.values, signal.direction, at),
      last: { values: signal.values, measuredAt: at, level: signal.level },
      readings: e.readings + 1,
    };
    if (d.kind === 'continue') {
      // The latest reading at the alert's level is what a resume after a vital-sign pause counts from.
      const atLevel = signal.level === row.level;
      row.details = { ...row.details, ...(atLevel ? { measuredAt: at } : {}), episode };
      await tx
        .updateTable('session_alert')
        .set({ details: JSON.stringify(row.details) })
        .where('id', '=', row.id)
        .execute();
      continue;
    }
    // Worsened or escalated: alert again, at the new level; an earlier acknowledgement is history.
    const history = [
      ...e.history,
      ...(row.acknowledgedAt !== null
        ? [
            {
              at: row.acknowledgedAt.toISOString(),
              event: 'acknowledged' as const,
              ...(row.acknowledgedBy ? { by: row.acknowledgedBy } : {}),
              ...(row.note ? { note: row.note } : {}),
            },
          ]
        : []),
      {
        at: now.toISOString(),
        event: d.kind === 'worsen' ? ('worsened' as const) : ('escalated' as const),
        measuredAt: at,
        values: signal.values,
        level: signal.level,
      },
    ];
    row.details = { clientId: reading.clientId, measuredAt: at, fired: [...signal.fired], episode: { ...episode, history } };
    row.level = signal.level;
    row.alertedValues = signal.values;
    row.acknowledgedAt = null;
    row.acknowledgedBy = null;
    row.note = null;
    await tx
      .updateTable('session_alert')
      .set({
        kind: `vitals:${reading.phase}`,
        level: signal.level,
        details: JSON.stringify(row.details),
        alerted_at: now,
        reminders: 0,
        acknowledged_at: null,
        acknowledged_by: null,
        note: null,
        // A new level's escalation clock starts again (raise-timed-alerts counts from alerted_at).
        ...(d.kind === 'escalate' ? { escalated_at: null } : {}),
      })
      .where('id', '=', row.id)
      .execute();
    alerted++;
  }
  return alerted;
}
