/**
 * Use case: raise the alarms that time alone raises, checked every clock minute by the server for
 * the sessions still open: a scheduled vital sign, MOAA/S or CADSS-6 overdue; the infusion's
 * planned minutes reached (pauses excluded) while it still runs; the ordered bag infused; and an
 * escalation (a pause- or escalate-level alert) that no prescriber acknowledged in time, which
 * becomes an urgent task and a message to the session's prescriber and the site's medical
 * directors (protocol-defaults.md "overdue reading", "pump rate changes", "escalation not
 * acknowledged").
 *
 * @module
 */
import { EPISODE_REMINDER_MINUTES, overdueRule, ruleRef, localDateOf } from '@kairos/core';
import { sql } from 'kysely';
import { appendLiveEvent } from '../../events/live-events.js';
import { enqueueMessage, SYSTEM_CAUSE } from '../../messages/outbox.js';
import { audit } from '../audit.js';
import { siteMedicalDirectors } from '../clinical-tasks/internal/assignees.js';
import { SYSTEM } from '../context.js';
import { loadSessionFacts } from './internal/board-facts.js';
import { sessionView } from './internal/session-view.js';
import { protocolForSession } from '../protocol/protocol-for-session.js';
import { transact } from '../transaction.js';
import type { Db } from '../../store/database.js';

export interface AlarmSettings {
  /** `KAIROS_PUBLIC_URL`: a link to the session in staff messages, when set. */
  publicUrl?: string | undefined;
  /** The Message-ID's domain. */
  messageIdDomain: string;
}

const OPEN = ['infusing', 'paused', 'observing'] as const;

/** Raises every alarm that is due at `now`; returns how many alerts, tasks and messages it made. */
export async function raiseTimedAlerts(
  db: Db,
  now: Date,
  settings: AlarmSettings = { messageIdDomain: 'kairos.invalid' },
): Promise<number> {
  let raised = 0;
  for (const id of await sessionsDue(db, now)) {
    raised += await transact(db, async (tx) => {
      const s = await tx.selectFrom('dosing_session').selectAll().where('id', '=', id).forUpdate().executeTakeFirstOrThrow();
      if (!(OPEN as readonly string[]).includes(s.state)) return 0;
      const view = await sessionView(tx, s.id, now);
      const known = await tx
        .selectFrom('session_alert')
        .select(['kind', 'details'])
        .where('session_id', '=', s.id)
        .where('kind', 'in', ['overdue', 'infusion:planned-end', 'infusion:bag-complete'])
        .execute();
      let n = 0;
      const raise = async (
        kind: 'overdue' | 'infusion:planned-end' | 'infusion:bag-complete',
        details: Record<string, unknown>,
        ruleIds: string[],
        item?: { itemId: string; item: string; dueAt: string },
      ) => {
        await tx
          .insertInto('session_alert')
          .values({
            session_id: s.id,
            kind,
            level: 'warn',
            details: JSON.stringify(details),
            raised_at: now,
            alerted_at: now,
            protocol_version: view.protocolVersion,
            rule_ids: ruleIds,
          })
          .execute();
        const live =
          kind === 'overdue' && item !== undefined
            ? { type: 'overdue' as const, payload: { kind, ...item } }
            : { type: 'infusion-alarm' as const, payload: { kind: kind as 'infusion:planned-end' | 'infusion:bag-complete' } };
        await appendLiveEvent(tx, { siteId: s.site_id, sessionId: s.id, at: now, ...live });
        n++;
      };

      // Overdue monitoring items, once per item.
      const overdue = view.monitoring?.overdue ?? [];
      const knownItems = new Set(known.filter((a) => a.kind === 'overdue').map((a) => (a.details as { itemId?: string }).itemId));
      for (const o of overdue) {
        if (knownItems.has(o.item.id)) continue;
        await raise('overdue', { itemId: o.item.id, item: o.item.kind, dueAt: o.item.dueAt }, [ruleRef(overdueRule)], {
          itemId: o.item.id,
          item: o.item.kind,
          dueAt: o.item.dueAt,
        });
      }

      // The pump: the planned minutes reached, or the ordered bag infused, while it still runs or is paused.
      const inf = view.infusion;
      if (s.state !== 'observing') {
        if (inf.plannedMinutesReachedAt !== null && !known.some((a) => a.kind === 'infusion:planned-end')) {
          await raise(
            'infusion:planned-end',
            { plannedMinutes: inf.plannedMinutes, reachedAt: inf.plannedMinutesReachedAt, runningMinutes: inf.runningMinutes },
            ['session.planned-end@1'],
          );
        }
        if (inf.bagCompleteAt !== null && !known.some((a) => a.kind === 'infusion:bag-complete')) {
          await raise('infusion:bag-complete', { bagTotalMl: inf.bagTotalMl, completeAt: inf.bagCompleteAt }, ['session.bag-complete@1']);
        }
      }

      n += await remindUnacknowledged(tx, s, now);
      n += await escalateUnacknowledged(tx, s, now, settings);
      return n;
    });
  }
  return raised;
}

/**
 * The open sessions for which something is due at `now` (an overdue item or a pump alarm not yet
 * raised, a reminder, an escalation), found from set queries over all open sessions at once; only
 * these are locked and have their console view built. What is due is judged as the per-session
 * pass below judges it (same facts, same core functions), which checks again under the lock.
 */
export async function sessionsDue(db: Db, now: Date): Promise<string[]> {
  const open = await db.selectFrom('dosing_session').selectAll().where('state', 'in', OPEN).execute();
  if (open.length === 0) return [];
  const ids = open.map((s) => s.id);
  const facts = await loadSessionFacts(db, open, now);
  const known = await db
    .selectFrom('session_alert')
    .select(['session_id', 'kind', sql<string | null>`details->>'itemId'`.as('item_id')])
    .where('session_id', 'in', ids)
    .where('kind', 'in', ['overdue', 'infusion:planned-end', 'infusion:bag-complete'])
    .execute();
  // Unacknowledged alerts that may remind (open episodes) or escalate (pause or escalate level, not yet escalated).
  const waiting = await db
    .selectFrom('session_alert')
    .select(['session_id', 'level', 'alerted_at', 'reminders', 'episode_key', 'episode_ended_at', 'escalated_at', 'closed_at'])
    .where('session_id', 'in', ids)
    .where('acknowledged_at', 'is', null)
    .where((eb) =>
      eb.or([
        eb.and([eb('episode_key', 'is not', null), eb('episode_ended_at', 'is', null), eb('closed_at', 'is', null)]),
        eb.and([eb('level', 'in', ['pause', 'escalate']), eb('escalated_at', 'is', null)]),
      ]),
    )
    .execute();
  const due: string[] = [];
  for (const s of open) {
    const f = facts.get(s.id);
    if (f === undefined) continue;
    const mine = known.filter((k) => k.session_id === s.id);
    const items = new Set(mine.filter((k) => k.kind === 'overdue').map((k) => k.item_id));
    const overdue = (f.monitoring?.overdue ?? []).some((o) => !items.has(o.item.id));
    const progress = f.course.progress;
    const pump =
      s.state !== 'observing' &&
      ((progress?.plannedMinutesReachedAt != null && !mine.some((k) => k.kind === 'infusion:planned-end')) ||
        (progress?.bagCompleteAt != null && !mine.some((k) => k.kind === 'infusion:bag-complete')));
    const escalationMs = f.protocol.config.vitals.escalation.unacknowledgedMinutes.value * 60_000;
    const alerts = waiting.filter((a) => a.session_id === s.id);
    const remind = alerts.some(
      (a) =>
        a.episode_key !== null &&
        a.episode_ended_at === null &&
        a.closed_at === null &&
        Math.floor((now.getTime() - a.alerted_at.getTime()) / (EPISODE_REMINDER_MINUTES * 60_000)) > a.reminders,
    );
    const escalate = alerts.some(
      (a) => ['pause', 'escalate'].includes(a.level) && a.escalated_at === null && a.alerted_at.getTime() <= now.getTime() - escalationMs,
    );
    if (overdue || pump || remind || escalate) due.push(s.id);
  }
  return due;
}

/**
 * An alert episode still open and unacknowledged alerts again every 5 minutes since it last alerted
 * (protocol-defaults.md, "alert episode"): its console sounds and shows it again. `reminders`
 * counts the 5-minute marks passed, so a sweep that ran late reminds once, not for each mark.
 */
async function remindUnacknowledged(
  tx: Parameters<Parameters<typeof transact>[1]>[0],
  s: { id: string; site_id: string },
  now: Date,
): Promise<number> {
  const open = await tx
    .selectFrom('session_alert')
    .select(['id', 'level', 'alerted_at', 'reminders'])
    .where('session_id', '=', s.id)
    .where('episode_key', 'is not', null)
    .where('episode_ended_at', 'is', null)
    .where('closed_at', 'is', null)
    .where('acknowledged_at', 'is', null)
    .execute();
  let n = 0;
  for (const a of open) {
    const marks = Math.floor((now.getTime() - a.alerted_at.getTime()) / (EPISODE_REMINDER_MINUTES * 60_000));
    if (marks <= a.reminders) continue;
    await tx.updateTable('session_alert').set({ reminders: marks }).where('id', '=', a.id).execute();
    await appendLiveEvent(tx, {
      siteId: s.site_id,
      sessionId: s.id,
      at: now,
      type: 'alert-reminder',
      payload: { alertId: a.id, level: a.level },
    });
    n++;
  }
  return n;
}

/**
 * A pause- or escalate-level alert no prescriber acknowledged within the protocol's minutes: an
 * urgent task (shown on Today until handled) for the session's prescriber and the site's medical
 * directors, and a message to each, once per alert.
 */
async function escalateUnacknowledged(
  tx: Parameters<Parameters<typeof transact>[1]>[0],
  s: { id: string; site_id: string; patient_id: string; protocol_version: number | null },
  now: Date,
  settings: AlarmSettings,
): Promise<number> {
  const protocol = await protocolForSession(tx, s, now);
  const minutes = protocol.config.vitals.escalation.unacknowledgedMinutes.value;
  const due = await tx
    .selectFrom('session_alert')
    .selectAll()
    .where('session_id', '=', s.id)
    .where('level', 'in', ['pause', 'escalate'])
    .where('acknowledged_at', 'is', null)
    .where('escalated_at', 'is', null)
    .where('alerted_at', '<=', new Date(now.getTime() - minutes * 60_000))
    .execute();
  if (due.length === 0) return 0;
  const site = await tx.selectFrom('site').select(['time_zone', 'name']).where('id', '=', s.site_id).executeTakeFirstOrThrow();
  const chair = await tx
    .selectFrom('dosing_session as d')
    .innerJoin('scheduled_event as e', 'e.id', 'd.event_id')
    .leftJoin('chair as c', 'c.id', 'e.chair_id')
    .select('c.name')
    .where('d.id', '=', s.id)
    .executeTakeFirst();
  // The session's prescriber: who ordered the dose, else the patient's care-team prescriber; and the site's medical directors.
  const order = await tx
    .selectFrom('dose_order')
    .select('ordered_by')
    .where('session_id', '=', s.id)
    .orderBy('ordered_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  const careTeam = await tx
    .selectFrom('care_team_member')
    .select('user_id')
    .where('patient_id', '=', s.patient_id)
    .where('role', '=', 'prescriber')
    .executeTakeFirst();
  const directors = await siteMedicalDirectors(tx, s.site_id);
  const assignees = [...new Set([order?.ordered_by ?? careTeam?.user_id, ...directors].filter((u): u is string => u !== undefined))];
  const recipients =
    assignees.length === 0 ? [] : await tx.selectFrom('app_user').select(['id', 'email']).where('id', 'in', assignees).execute();
  const where = chair?.name ?? 'a chair';
  let n = 0;
  for (const alert of due) {
    const what = alert.level === 'escalate' ? 'after the infusion' : 'during the infusion';
    const reason = `A ${alert.level === 'escalate' ? 'post-infusion escalation' : 'pause-level alarm'} at ${where} has not been acknowledged by a prescriber for ${minutes} min`;
    const task = await tx
      .insertInto('clinical_task')
      .values({
        patient_id: s.patient_id,
        site_id: s.site_id,
        kind: 'unacknowledged-escalation',
        urgency: 'urgent',
        reason,
        details: JSON.stringify({
          sessionId: s.id,
          alertId: alert.id,
          level: alert.level,
          raisedAt: alert.raised_at.toISOString(),
          protocolVersion: protocol.version,
          parameter: 'vitals.escalation.unacknowledgedMinutes',
        }),
        source_response_id: null,
        source_alert_id: alert.id,
        assignees,
        due_date: localDateOf(now, site.time_zone),
        created_at: now,
      })
      .onConflict((oc) => oc.column('source_alert_id').where('source_alert_id', 'is not', null).doNothing())
      .returning('id')
      .executeTakeFirst();
    await tx.updateTable('session_alert').set({ escalated_at: now }).where('id', '=', alert.id).execute();
    if (task === undefined) continue;
    const link = `${settings.publicUrl ?? ''}/sessions/${s.id}`;
    // No patient name in the e-mail: the chair and the link are enough to find the patient in Kairos.
    for (const r of recipients) {
      await enqueueMessage(tx, {
        patientId: s.patient_id,
        siteId: s.site_id,
        kind: 'escalation',
        dedupeKey: `escalation:${alert.id}:${r.id}`,
        toAddress: r.email,
        content: {
          subject: `Kairos: unacknowledged alarm at ${where}`,
          body: `${reason} (${what}, ${site.name}).\n\nOpen the session in Kairos and acknowledge it, or call the chair: ${link}\n`,
        },
        messageIdDomain: settings.messageIdDomain,
        now,
        cause: SYSTEM_CAUSE,
      });
    }
    await appendLiveEvent(tx, {
      siteId: s.site_id,
      sessionId: s.id,
      type: 'risk-task',
      payload: { taskId: task.id, urgency: 'urgent', kind: 'unacknowledged-escalation' },
      at: now,
    });
    await audit(
      tx,
      { actor: SYSTEM, now },
      {
        action: 'session.escalation',
        recordType: 'session_alert',
        recordId: alert.id,
        patientId: s.patient_id,
        outcome: 'allowed',
        details: { taskId: task.id, assignees, minutes, protocolVersion: protocol.version },
      },
    );
    n++;
  }
  return n;
}
