/**
 * What puts messages in the outbox:
 *
 * - a portal link, when staff create one for a patient who has an email address (unless the
 *   request says `send: false`);
 * - pre-session instructions, the day before each dosing day (site-local), once per session and
 *   date: when to arrive, fasting and the benzodiazepine pause quoted from the site's protocol
 *   configuration, the patient's medications flagged to hold, the escort, no driving;
 * - follow-up questionnaires (+7, +30, +90 days), once per enrollment and follow-up date, from
 *   the day they open while they are still due, with a fresh portal link issued by the system.
 *
 * Patients without an email address get no message. The sweeps are idempotent (dedupe keys) and
 * safe on several servers at once.
 *
 * @module
 */
import { randomUUID } from 'node:crypto';
import { addDaysToIsoDate, findMedicationInteractions, localDateOf, type MeasurementTask } from '@kairos/core';
import { mailFromAddress, type Config } from '../config.js';
import type { Logger } from '../logger.js';
import { issuePortalAccess } from '../services/portal-access/issue-portal-access.js';
import { listMeasurementTasks } from '../services/measurement-tasks/internal/measurement-tasks.js';
import { activeFacts } from '../services/patients/active-facts.js';
import { assertPatientAccess } from '../services/patients/assert-patient-access.js';
import { protocolInForce } from '../services/protocol/protocol-in-force.js';
import type { Actor, RequestMeta } from '../services/context.js';
import { transact } from '../services/transaction.js';
import { enqueueMessage, messageExists, SYSTEM_CAUSE } from './outbox.js';
import { followUpMessage, portalLinkMessage, preSessionMessage, type MedicationHold } from './templates.js';
import type { Db } from '../store/database.js';

const HOUR_MS = 3_600_000;

/** What message content needs from the configuration. */
export interface MessageSettings {
  /** `KAIROS_PUBLIC_URL`: links are absolute with it, paths without it. */
  publicUrl: string | undefined;
  /** The Message-ID's domain: the From address's. */
  messageIdDomain: string;
}

export function messageSettings(config: Pick<Config, 'publicUrl' | 'mailFrom'> & Partial<Pick<Config, 'mode' | 'port'>>): MessageSettings {
  const address = mailFromAddress(config.mailFrom);
  // Demo and test mode run on this machine: without a public URL, links point at it, so a message
  // always holds a whole link. Production without one gives the code alone (SECURITY.md asks for it).
  const local =
    config.mode !== undefined && config.mode !== 'production' && config.port !== undefined ? `http://localhost:${config.port}` : undefined;
  return { publicUrl: config.publicUrl ?? local, messageIdDomain: address?.split('@')[1] ?? 'kairos.invalid' };
}

export type MessageNotSent = 'no-email' | 'not-requested' | 'no-public-address';

/**
 * Creates a portal link and code (as `createPortalAccess` does) and, when `send` and the
 * patient has an email address, queues the portal-link message in the same transaction.
 */
export async function createPortalAccessAndNotify(
  db: Db,
  actor: Actor,
  patientId: string,
  /** `requireAddress` (production): without the clinic's public address the link is not emailed at all. */
  input: { send: boolean; requireAddress?: boolean },
  settings: MessageSettings,
  meta: RequestMeta,
) {
  return transact(db, async (tx) => {
    await assertPatientAccess(tx, actor, patientId, meta, 'portal-access.create');
    const access = await issuePortalAccess(tx, { userId: actor.userId, roles: actor.roles }, patientId, meta);
    const notSent = (reason: MessageNotSent) => ({ ...access, message: null, messageNotSent: reason });
    if (!input.send) return notSent('not-requested');
    const p = await tx
      .selectFrom('patient as p')
      .innerJoin('site as s', 's.id', 'p.site_id')
      .select(['p.email', 'p.given_name', 'p.site_id', 's.name as site_name', 's.time_zone'])
      .where('p.id', '=', patientId)
      .executeTakeFirstOrThrow();
    if (p.email === null) return notSent('no-email');
    // A message must hold a whole link (issue 22): without the public address, refuse to send.
    if (input.requireAddress === true && settings.publicUrl === undefined) return notSent('no-public-address');
    const content = portalLinkMessage({
      givenName: p.given_name,
      siteName: p.site_name,
      timeZone: p.time_zone,
      link: access.link,
      code: access.code,
      expiresAt: new Date(access.expiresAt),
      publicUrl: settings.publicUrl,
    });
    const m = await enqueueMessage(tx, {
      patientId,
      siteId: p.site_id,
      kind: 'portal-link',
      dedupeKey: `portal-link:${randomUUID()}`,
      toAddress: p.email,
      content,
      messageIdDomain: settings.messageIdDomain,
      now: meta.now,
      cause: { userId: actor.userId, roles: actor.roles, requestId: meta.requestId, clientAddress: meta.clientAddress },
    });
    return { ...access, message: { id: m.id, to: p.email, state: 'queued' as const }, messageNotSent: null };
  });
}

/** The dedupe key of a session's pre-session message: per event and site-local date, so a session moved to another day gets its own. */
export const preSessionKey = (eventId: string, date: string): string => `pre-session:${eventId}:${date}`;
export const followUpKey = (enrollmentId: string, date: string): string => `follow-up:${enrollmentId}:${date}`;

/** Queues the pre-session message of every dosing session whose site-local date is tomorrow. Returns how many were queued. */
export async function enqueuePreSessionMessages(db: Db, now: Date, settings: MessageSettings): Promise<number> {
  // Tomorrow in any zone starts within 48 hours: the date check below does the rest.
  const candidates = await db
    .selectFrom('scheduled_event as e')
    .innerJoin('cohort as c', 'c.id', 'e.cohort_id')
    .innerJoin('enrollment as en', 'en.id', 'e.enrollment_id')
    .innerJoin('patient as p', 'p.id', 'en.patient_id')
    .innerJoin('site as s', 's.id', 'e.site_id')
    .select([
      'e.id',
      'e.starts_at',
      'e.site_id',
      'p.id as patient_id',
      'p.email',
      'p.given_name',
      'p.escort',
      's.name as site_name',
      's.time_zone',
    ])
    .where('e.kind', '=', 'dosing')
    .where('e.state', '=', 'scheduled')
    .where('c.state', '=', 'planned')
    .where('en.state', 'not in', ['withdrawn', 'completed', 'ineligible'])
    .where('p.email', 'is not', null)
    .where('e.starts_at', '>', now)
    .where('e.starts_at', '<', new Date(now.getTime() + 48 * HOUR_MS))
    .orderBy('e.starts_at')
    .execute();
  let queued = 0;
  for (const ev of candidates) {
    const date = localDateOf(ev.starts_at, ev.time_zone);
    if (date !== addDaysToIsoDate(localDateOf(now, ev.time_zone), 1) || ev.email === null) continue;
    const key = preSessionKey(ev.id, date);
    if (await messageExists(db, key)) continue;
    const created = await transact(db, async (tx) => {
      const { config } = await protocolInForce(tx, ev.site_id, now);
      const medications = await activeFacts(tx, ev.patient_id, 'medication');
      const found = findMedicationInteractions(
        medications.map((m) => ({
          name: String(m.data.name),
          dailyDoseMg: m.data.dailyDoseMg ?? null,
          rxcui: m.data.rxcui ?? null,
        })),
        config,
      );
      const holds: MedicationHold[] = found.interactions
        .filter((i) => i.severity === 'hold-before-session' && i.class !== 'benzodiazepine-load')
        .map((i) => ({
          name: i.medication,
          ...(i.class === 'benzodiazepine' ? { minHoursSinceLastDose: config.preDose.benzodiazepineLastDoseMinHours.value } : {}),
        }));
      const content = preSessionMessage({
        givenName: ev.given_name,
        siteName: ev.site_name,
        timeZone: ev.time_zone,
        startsAt: ev.starts_at,
        fasting: {
          solidsHours: config.preDose.fasting.solidsHours.value,
          clearLiquidsHours: config.preDose.fasting.clearLiquidsHours.value,
        },
        holds,
        escort: ev.escort,
        escortRequired: config.preDose.escortRequired.value,
        noDrivingUntilNextDay: config.preDose.noDrivingUntilNextDay.value,
      });
      return (
        await enqueueMessage(tx, {
          patientId: ev.patient_id,
          siteId: ev.site_id,
          kind: 'pre-session',
          dedupeKey: key,
          toAddress: ev.email as string,
          content,
          messageIdDomain: settings.messageIdDomain,
          now,
          cause: SYSTEM_CAUSE,
        })
      ).created;
    });
    if (created) queued++;
  }
  return queued;
}

/** Follow-up tasks of one date that are open and not answered, by date. */
function dueFollowUps(tasks: readonly MeasurementTask[]): Map<string, MeasurementTask[]> {
  const byDate = new Map<string, MeasurementTask[]>();
  for (const t of tasks) {
    if (!t.purposes.includes('follow-up') || t.state !== 'due') continue;
    byDate.set(t.date, [...(byDate.get(t.date) ?? []), t]);
  }
  return byDate;
}

/** Queues a follow-up questionnaire message for each enrollment whose follow-up questionnaires are open. Returns how many were queued. */
export async function enqueueFollowUpMessages(db: Db, now: Date, settings: MessageSettings): Promise<number> {
  const enrollments = await db
    .selectFrom('enrollment as en')
    .innerJoin('patient as p', 'p.id', 'en.patient_id')
    .innerJoin('site as s', 's.id', 'en.site_id')
    .select(['en.id', 'en.patient_id', 'en.site_id', 'p.email', 'p.given_name', 's.name as site_name', 's.time_zone'])
    .where('en.state', 'in', ['scheduled', 'in-treatment', 'follow-up'])
    .where('p.email', 'is not', null)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('scheduled_event as ev')
          .innerJoin('cohort as c', 'c.id', 'ev.cohort_id')
          .select('ev.id')
          .whereRef('ev.enrollment_id', '=', 'en.id')
          .where('c.state', '=', 'planned'),
      ),
    )
    .orderBy('en.created_at')
    .execute();
  let queued = 0;
  for (const en of enrollments) {
    if (en.email === null) continue;
    const today = localDateOf(now, en.time_zone);
    const due = dueFollowUps(await listMeasurementTasks(db, en.id, today, now));
    for (const [date, tasks] of due) {
      const key = followUpKey(en.id, date);
      if (await messageExists(db, key)) continue;
      const dueBy =
        tasks
          .map((t) => t.dueBy)
          .sort()
          .at(-1) ?? date;
      const created = await transact(
        db,
        async (tx) =>
          (
            await enqueueMessage(tx, {
              patientId: en.patient_id,
              siteId: en.site_id,
              kind: 'follow-up-questionnaire',
              dedupeKey: key,
              toAddress: en.email as string,
              // The link is issued only when the message is new, by the system.
              content: async () => {
                const access = await issuePortalAccess(tx, SYSTEM_CAUSE, en.patient_id, { now });
                return followUpMessage({
                  givenName: en.given_name,
                  siteName: en.site_name,
                  timeZone: en.time_zone,
                  questionnaires: tasks.length,
                  dueBy,
                  link: access.link,
                  code: access.code,
                  expiresAt: new Date(access.expiresAt),
                  publicUrl: settings.publicUrl,
                });
              },
              messageIdDomain: settings.messageIdDomain,
              now,
              cause: SYSTEM_CAUSE,
            })
          ).created,
      );
      if (created) queued++;
    }
  }
  return queued;
}

/** Both sweeps; one failing (logged without patient data) does not stop the other. */
export async function produceDueMessages(
  db: Db,
  now: Date,
  settings: MessageSettings,
  logger?: Logger,
): Promise<{ preSession: number; followUp: number }> {
  const run = async (what: string, fn: () => Promise<number>) => {
    try {
      return await fn();
    } catch (err) {
      logger?.warn({ err: err instanceof Error ? err.name : 'error', producer: what }, 'queueing messages failed');
      return 0;
    }
  };
  return {
    preSession: await run('pre-session', () => enqueuePreSessionMessages(db, now, settings)),
    followUp: await run('follow-up', () => enqueueFollowUpMessages(db, now, settings)),
  };
}
