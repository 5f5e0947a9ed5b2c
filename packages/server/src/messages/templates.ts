/**
 * What patient messages say: subject and plain-text body of each kind, in plain language. Pure
 * functions of their input (no clock, no database): the producers gather the facts, these write
 * the words. Every clinical number (fasting hours, the benzodiazepine pause) arrives from the
 * site's protocol configuration; none is written here.
 *
 * A link or code that grants portal access is wrapped in credential markers in the stored body:
 * the sender strips the markers when it sends, and replaces what they wrap once the message is
 * sent (or has failed for good), so the outbox does not keep a usable credential.
 *
 * Subjects stay neutral (no treatment named): a subject line is often seen by others.
 *
 * @module
 */
import type { EscortContact } from '../store/schema.js';

export interface RenderedMessage {
  subject: string;
  /** The body as stored: credentials wrapped in markers (see {@link bodyForSending}). */
  body: string;
}

const CREDENTIAL_KINDS = { link: '[link removed after sending]', code: '[code removed after sending]' } as const;
type CredentialKind = keyof typeof CREDENTIAL_KINDS;
const MARKER = /\[\[(link|code)\]\]([\s\S]*?)\[\[\/\1\]\]/g;

/** Wraps a credential (a portal link or code) so it can be removed from the stored body later. */
export function credential(kind: CredentialKind, value: string): string {
  return `[[${kind}]]${value}[[/${kind}]]`;
}

/** The body as the patient receives it: credentials in place, markers gone. */
export function bodyForSending(body: string): string {
  return body.replace(MARKER, (_m, _kind: string, value: string) => value);
}

/** The body as the outbox keeps it after sending: every credential replaced by a note. */
export function redactCredentials(body: string): string {
  return body.replace(MARKER, (_m, kind: CredentialKind) => CREDENTIAL_KINDS[kind]);
}

/** True when the stored body still holds a credential. */
export function hasCredentials(body: string): boolean {
  return new RegExp(MARKER.source).test(body);
}

/** "Tuesday, December 2" in the site's zone. */
export function formatLocalDay(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'long', month: 'long', day: 'numeric' }).format(instant);
}

/** "9:30 AM EST" in the site's zone. */
export function formatLocalTime(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-US', { timeZone, hour: 'numeric', minute: '2-digit', timeZoneName: 'short' }).format(instant);
}

/** "Tuesday, December 2 at 9:30 AM EST". */
const formatLocalDateTime = (instant: Date, timeZone: string): string =>
  `${formatLocalDay(instant, timeZone)} at ${formatLocalTime(instant, timeZone)}`;

/** A calendar date (`YYYY-MM-DD`) as "Tuesday, December 2" (the date itself, whatever the zone). */
export function formatIsoDate(date: string): string {
  return new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', weekday: 'long', month: 'long', day: 'numeric' }).format(
    new Date(`${date}T12:00:00Z`),
  );
}

const hours = (n: number): string => `${n} hour${n === 1 ? '' : 's'}`;

export interface PortalAccessText {
  /** The link path (`/portal/enter?token=…`) as the portal service returns it. */
  link: string;
  code: string;
  expiresAt: Date;
  /** The address patients open, without a trailing slash; undefined: the link is a path. */
  publicUrl: string | undefined;
}

/** The lines that give the link and the code (both marked as credentials). */
function portalAccessLines(a: PortalAccessText, timeZone: string): string[] {
  const spacedCode = `${a.code.slice(0, 4)}-${a.code.slice(4)}`;
  const lines =
    a.publicUrl !== undefined
      ? [
          `Open this link: ${credential('link', `${a.publicUrl}${a.link}`)}`,
          `Or go to ${a.publicUrl}/portal and enter this code: ${credential('code', spacedCode)}`,
        ]
      : // Without the clinic's public address there is no whole link to give: the code is enough.
        [
          `Open the clinic's patient portal (ask the clinic for its web address if you do not have it) and enter this code: ${credential('code', spacedCode)}`,
        ];
  return [
    ...lines,
    '',
    `The link and the code work once, and only until ${formatLocalDateTime(a.expiresAt, timeZone)}. If they have expired, ask the clinic for a new one.`,
  ];
}

const signOff = (siteName: string): string[] => [
  '',
  'If you did not expect this message, you can ignore it, or tell the clinic.',
  '',
  siteName,
];

export interface PortalLinkInput extends PortalAccessText {
  givenName: string;
  siteName: string;
  timeZone: string;
}

/** A portal link created by staff for the patient. */
export function portalLinkMessage(i: PortalLinkInput): RenderedMessage {
  return {
    subject: `Your link to the ${i.siteName} patient portal`,
    body: [
      `Hello ${i.givenName},`,
      '',
      `${i.siteName} has made you a link to its patient portal, where you can read and sign your consent form and answer questionnaires.`,
      '',
      ...portalAccessLines(i, i.timeZone),
      ...signOff(i.siteName),
    ].join('\n'),
  };
}

export interface MedicationHold {
  /** The medication as recorded. */
  name: string;
  /** For a benzodiazepine: the protocol's minimum hours since the last dose (`preDose.benzodiazepineLastDoseMinHours`). */
  minHoursSinceLastDose?: number;
}

export interface PreSessionInput {
  givenName: string;
  siteName: string;
  timeZone: string;
  /** The start of the session (the chair time): when to arrive. */
  startsAt: Date;
  /** `preDose.fasting` of the site's protocol configuration, quoted. */
  fasting: { solidsHours: number; clearLiquidsHours: number };
  /** Medications flagged to hold before a session; [] when none is recorded. */
  holds: readonly MedicationHold[];
  escort: EscortContact | null;
  /** `preDose.escortRequired`. */
  escortRequired: boolean;
  /** `preDose.noDrivingUntilNextDay`. */
  noDrivingUntilNextDay: boolean;
}

/** The day before each dosing day: when to arrive, fasting, medication holds, the ride home. */
export function preSessionMessage(i: PreSessionInput): RenderedMessage {
  const before = (h: number) => formatLocalTime(new Date(i.startsAt.getTime() - h * 3_600_000), i.timeZone);
  const medication =
    i.holds.length === 0
      ? [
          '- Medications: take your usual medications as your prescriber told you. If you take a benzodiazepine (for example lorazepam or clonazepam) or a stimulant, ask the clinic today whether to skip a dose before the session.',
        ]
      : [
          '- Medications: your prescriber may have asked you to pause some medications before the session. Do as your prescriber told you:',
          ...i.holds.map(
            (h) =>
              `    ${h.name}${h.minHoursSinceLastDose !== undefined ? `: the last dose at least ${hours(h.minHoursSinceLastDose)} before the session, unless your prescriber told you otherwise` : ': as your prescriber told you'}`,
          ),
          '  Please do not stop any medication on your own without asking.',
        ];
  const escort =
    i.escort !== null
      ? [`- Getting home: ${i.escort.name} (${i.escort.relationship}) is on record to take you home after the session.`]
      : i.escortRequired
        ? [
            '- Getting home: no one is on record yet to take you home. An adult must take you home after the session: please call the clinic today to tell us who.',
          ]
        : [];
  const driving = i.noDrivingUntilNextDay ? ['- Do not drive, ride a bike or use machines until the next day, after a night’s sleep.'] : [];
  return {
    subject: `Your appointment tomorrow at ${i.siteName}: how to prepare`,
    body: [
      `Hello ${i.givenName},`,
      '',
      `Your treatment session at ${i.siteName} is tomorrow, ${formatLocalDay(i.startsAt, i.timeZone)}. Please arrive by ${formatLocalTime(i.startsAt, i.timeZone)}.`,
      '',
      'Before you come:',
      `- Food: no solid food in the ${hours(i.fasting.solidsHours)} before your session (nothing solid after ${before(i.fasting.solidsHours)}).`,
      `- Drinks: clear liquids (water, clear juice without pulp, black tea or coffee without milk) are fine until ${hours(i.fasting.clearLiquidsHours)} before (until ${before(i.fasting.clearLiquidsHours)}).`,
      ...medication,
      ...escort,
      ...driving,
      '',
      'If you feel unwell, might be pregnant, or cannot come, please call the clinic.',
      ...signOff(i.siteName),
    ].join('\n'),
  };
}

export interface FollowUpInput extends PortalAccessText {
  givenName: string;
  siteName: string;
  timeZone: string;
  /** How many questionnaires are waiting. */
  questionnaires: number;
  /** The last day to answer (`YYYY-MM-DD`, site-local). */
  dueBy: string;
}

/** A follow-up questionnaire (+7, +30, +90 days) has opened: a fresh portal link to answer it. */
export function followUpMessage(i: FollowUpInput): RenderedMessage {
  return {
    subject: `Your follow-up questionnaires from ${i.siteName}`,
    body: [
      `Hello ${i.givenName},`,
      '',
      `It is time for your follow-up questionnaires: ${i.questionnaires === 1 ? 'one short questionnaire' : `${i.questionnaires} short questionnaires`} about how you have been feeling. Your answers help you and your care team see how the treatment is working. Please answer them by ${formatIsoDate(i.dueBy)}.`,
      '',
      ...portalAccessLines(i, i.timeZone),
      '',
      'If you are having thoughts of harming yourself, do not wait for the questionnaire: call the clinic or your local emergency number now.',
      ...signOff(i.siteName),
    ].join('\n'),
  };
}
