/**
 * Who may hold a duty on a dosing session on a given date (protocol-defaults.md, "Billing and staff
 * credentials"; site defaults after the ASKP3 consensus that the administering clinician be
 * ACLS-certified):
 * - the IV runner: a current nursing or prescriber licence and a current ACLS;
 * - whoever orders the dose: a current prescriber licence and a current DEA registration;
 * - the therapist: a current licence.
 * Licences and DEA registrations count only for the site's state when the site has one set (a
 * registration is per state); ACLS and BLS have no state. A credential is current on a date from
 * its issue date (when recorded) through its expiry date, both included.
 *
 * The answer names what lapsed, in words, so a refusal can say it as it is.
 *
 * @module credentials/duties
 */
import { addDaysToIsoDate, compareIsoDates, daysBetweenIsoDates, isIsoDate } from '../calendar/iso-date.js';
import { siteDefault } from '../protocol-config/provenance.js';
import { defineRule, ruleRef } from '../rules/rule.js';
import { US_STATES, isUsState } from './us-states.js';

/** The kinds of credential a staff member holds. */
export const CREDENTIAL_KINDS = /* @__PURE__ */ Object.freeze(['licence', 'dea', 'acls', 'bls'] as const);
export type CredentialKind = (typeof CREDENTIAL_KINDS)[number];

/** Each kind in words. */
export const CREDENTIAL_KIND_LABELS: Readonly<Record<CredentialKind, string>> = /* @__PURE__ */ Object.freeze({
  licence: 'Professional licence',
  dea: 'DEA registration',
  acls: 'ACLS',
  bls: 'BLS',
});

/**
 * Licence types, each with what it allows here: ordering ketamine (a prescriber's licence) and
 * running the infusion (a nursing or a prescriber's licence). A nurse practitioner holds both.
 */
export const LICENCE_TYPES = /* @__PURE__ */ Object.freeze({
  MD: { label: 'Physician (MD)', prescriber: true, nursing: false },
  DO: { label: 'Physician (DO)', prescriber: true, nursing: false },
  NP: { label: 'Nurse practitioner (NP, APRN)', prescriber: true, nursing: true },
  PA: { label: 'Physician assistant (PA)', prescriber: true, nursing: false },
  RN: { label: 'Registered nurse (RN)', prescriber: false, nursing: true },
  LPN: { label: 'Licensed practical or vocational nurse (LPN, LVN)', prescriber: false, nursing: true },
  PSYCHOLOGIST: { label: 'Psychologist (PhD, PsyD)', prescriber: false, nursing: false },
  LCSW: { label: 'Clinical social worker (LCSW)', prescriber: false, nursing: false },
  LPC: { label: 'Professional counsellor (LPC, LPCC)', prescriber: false, nursing: false },
  LMFT: { label: 'Marriage and family therapist (LMFT)', prescriber: false, nursing: false },
  OTHER: { label: 'Other licence', prescriber: false, nursing: false },
} as const);
export type LicenceType = keyof typeof LICENCE_TYPES;

export function isLicenceType(text: string): text is LicenceType {
  return Object.hasOwn(LICENCE_TYPES, text);
}

/** What a credential says for these rules (the number and document do not matter to them). */
export interface CredentialFacts {
  kind: CredentialKind;
  /** For a licence. */
  licenceType?: LicenceType | null;
  /** For a licence or a DEA registration: the two-letter code of the state it is for. */
  state?: string | null;
  /** YYYY-MM-DD, when recorded. */
  issuedOn?: string | null;
  /** YYYY-MM-DD, the last day it is valid. */
  expiresOn: string;
}

/** The duties of a dosing session a credential rule applies to. */
export const SESSION_DUTIES = /* @__PURE__ */ Object.freeze(['iv-runner', 'orderer', 'therapist'] as const);
export type SessionDuty = (typeof SESSION_DUTIES)[number];

export const SESSION_DUTY_LABELS: Readonly<Record<SessionDuty, string>> = /* @__PURE__ */ Object.freeze({
  'iv-runner': 'run the infusion',
  orderer: 'order the ketamine dose',
  therapist: 'be the therapist',
});

type NeedId = 'nursing-or-prescriber-licence' | 'prescriber-licence' | 'licence' | 'acls' | 'dea';

interface Need {
  id: NeedId;
  kind: CredentialKind;
  /** Whether a licence of this type meets the need (licences only). */
  accepts?: (t: LicenceType) => boolean;
  /** The need in words, e.g. "nursing or prescriber licence". */
  noun: string;
  /** Whether the noun takes an article ("a licence", but "ACLS"). */
  article: boolean;
  /** Licences and DEA registrations are per state. */
  perState: boolean;
}

const NEEDS: Readonly<Record<NeedId, Need>> = {
  'nursing-or-prescriber-licence': {
    id: 'nursing-or-prescriber-licence',
    kind: 'licence',
    accepts: (t) => LICENCE_TYPES[t].nursing || LICENCE_TYPES[t].prescriber,
    noun: 'nursing or prescriber licence',
    article: true,
    perState: true,
  },
  'prescriber-licence': {
    id: 'prescriber-licence',
    kind: 'licence',
    accepts: (t) => LICENCE_TYPES[t].prescriber,
    noun: 'prescriber licence',
    article: true,
    perState: true,
  },
  licence: { id: 'licence', kind: 'licence', accepts: () => true, noun: 'professional licence', article: true, perState: true },
  acls: { id: 'acls', kind: 'acls', noun: 'ACLS', article: false, perState: false },
  dea: { id: 'dea', kind: 'dea', noun: 'DEA registration', article: true, perState: true },
};

const DUTY_NEEDS: Readonly<Record<SessionDuty, readonly NeedId[]>> = {
  'iv-runner': ['nursing-or-prescriber-licence', 'acls'],
  orderer: ['prescriber-licence', 'dea'],
  therapist: ['licence'],
};

/** Why a need is not met on the date. */
export interface CredentialLapse {
  need: NeedId;
  reason: 'missing' | 'expired' | 'not-yet-valid' | 'other-state';
  /** The expiry (expired) or issue date (not yet valid) that decided it. */
  date?: string;
  /** In words, e.g. "ACLS expired on 2026-11-30". */
  message: string;
}

export interface DutyCheck {
  duty: SessionDuty;
  date: string;
  allowed: boolean;
  lapses: CredentialLapse[];
  /** The rule behind the answer (`id@version`), for the stored decision. */
  rule: string;
  /** In words: what lapsed, or that the credentials are current. */
  message: string;
}

/** Whether `c` is valid on `date` (issue date and expiry both included). */
export function credentialCurrentOn(c: Pick<CredentialFacts, 'issuedOn' | 'expiresOn'>, date: string): boolean {
  if (c.issuedOn !== null && c.issuedOn !== undefined && compareIsoDates(c.issuedOn, date) > 0) return false;
  return compareIsoDates(c.expiresOn, date) >= 0;
}

function stateName(code: string): string {
  return isUsState(code) ? US_STATES[code] : code;
}

function expiringLast(list: readonly CredentialFacts[]): CredentialFacts | undefined {
  return [...list].sort((a, b) => compareIsoDates(b.expiresOn, a.expiresOn))[0];
}

function checkNeed(
  need: Need,
  credentials: readonly CredentialFacts[],
  date: string,
  siteState: string | null,
): CredentialLapse | undefined {
  const ofKind = credentials.filter(
    (c) => c.kind === need.kind && (need.accepts === undefined || (c.licenceType != null && need.accepts(c.licenceType))),
  );
  const inState = need.perState && siteState !== null ? ofKind.filter((c) => c.state === siteState) : ofKind;
  if (inState.some((c) => credentialCurrentOn(c, date))) return undefined;
  const where = need.perState && siteState !== null ? ` for ${stateName(siteState)}` : '';
  const pending = inState.filter(
    (c) => c.issuedOn != null && compareIsoDates(c.issuedOn, date) > 0 && compareIsoDates(c.expiresOn, date) >= 0,
  );
  const first = [...pending].sort((a, b) => compareIsoDates(a.issuedOn ?? '', b.issuedOn ?? ''))[0];
  if (first?.issuedOn != null)
    return {
      need: need.id,
      reason: 'not-yet-valid',
      date: first.issuedOn,
      message: `${cap(the(need))}${where} is valid only from ${first.issuedOn}`,
    };
  const expired = expiringLast(inState);
  if (expired !== undefined)
    return {
      need: need.id,
      reason: 'expired',
      date: expired.expiresOn,
      message: `${cap(the(need))}${where} expired on ${expired.expiresOn}`,
    };
  const elsewhere = ofKind.filter((c) => credentialCurrentOn(c, date) && c.state != null);
  if (elsewhere.length > 0 && siteState !== null)
    return {
      need: need.id,
      reason: 'other-state',
      message: `${cap(a(need))} is recorded for ${[...new Set(elsewhere.map((c) => stateName(c.state ?? '')))].join(', ')}, not for ${stateName(siteState)} (the site’s state)`,
    };
  return { need: need.id, reason: 'missing', message: `no ${need.noun}${where} is recorded` };
}

const a = (need: Need) => (need.article ? `a ${need.noun}` : need.noun);
const the = (need: Need) => (need.article ? `the ${need.noun}` : need.noun);

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** The defaults of these rules, with their provenance. */
export const CREDENTIAL_DEFAULTS = /* @__PURE__ */ Object.freeze({
  /** Warnings start this many days before an expiry (on Today for the medical director, on the person's My day). */
  warnDaysBeforeExpiry: 60,
  provenance: siteDefault(
    'the program’s billing and staff credential defaults (ASKP3 consensus: the administering clinician ACLS-certified)',
  ),
});

/** The rule: whether a person may hold `duty` on a session on `date`, naming what lapsed. */
export const sessionDutyRule = /* @__PURE__ */ defineRule({
  id: 'credentials.session-duty',
  version: '1',
  title:
    'A dosing session’s staff hold what the duty needs on the session date: the IV runner a nursing or prescriber licence and ACLS, whoever orders the dose a prescriber licence and a DEA registration, the therapist a licence',
  sources: [CREDENTIAL_DEFAULTS.provenance],
  evaluate: (duty: SessionDuty, credentials: readonly CredentialFacts[], at: { date: string; siteState: string | null }): DutyCheck => {
    if (!isIsoDate(at.date)) throw new RangeError(`not a date: ${at.date}`);
    const lapses = DUTY_NEEDS[duty].flatMap((id) => {
      const lapse = checkNeed(NEEDS[id], credentials, at.date, at.siteState);
      return lapse === undefined ? [] : [lapse];
    });
    return {
      duty,
      date: at.date,
      allowed: lapses.length === 0,
      lapses,
      rule: ruleRef({ id: 'credentials.session-duty', version: '1' }),
      message:
        lapses.length === 0
          ? `may ${SESSION_DUTY_LABELS[duty]} on ${at.date}`
          : `may not ${SESSION_DUTY_LABELS[duty]} on ${at.date}: ${lapses.map((l) => l.message).join('; ')}`,
    };
  },
});

/** Shorthand for {@link sessionDutyRule}'s evaluate. */
export function checkSessionDuty(
  duty: SessionDuty,
  credentials: readonly CredentialFacts[],
  at: { date: string; siteState: string | null },
): DutyCheck {
  return sessionDutyRule.evaluate(duty, credentials, at);
}

export interface ExpiryWarning<C extends CredentialFacts = CredentialFacts> {
  credential: C;
  /** Days from `today` to the expiry (negative: expired that many days ago). */
  daysLeft: number;
  expired: boolean;
  /** In words, e.g. "ACLS expires on 2027-01-15 (in 39 days)". */
  message: string;
}

/**
 * The credentials to warn about on `today`: for each kind (and licence type and state), the one
 * expiring last, when it expires within `withinDays` or has expired (a renewal recorded with a
 * later expiry silences the old one).
 */
export function credentialExpiryWarnings<C extends CredentialFacts>(
  credentials: readonly C[],
  today: string,
  withinDays: number = CREDENTIAL_DEFAULTS.warnDaysBeforeExpiry,
): ExpiryWarning<C>[] {
  const newest = new Map<string, C>();
  for (const c of credentials) {
    const key = `${c.kind}|${c.licenceType ?? ''}|${c.state ?? ''}`;
    const seen = newest.get(key);
    if (seen === undefined || compareIsoDates(c.expiresOn, seen.expiresOn) > 0) newest.set(key, c);
  }
  const horizon = addDaysToIsoDate(today, withinDays);
  return [...newest.values()]
    .filter((c) => compareIsoDates(c.expiresOn, horizon) <= 0)
    .map((c) => {
      const daysLeft = daysBetweenIsoDates(today, c.expiresOn);
      const what = credentialWords(c);
      const expired = daysLeft < 0;
      const message = expired
        ? `${what} expired on ${c.expiresOn}`
        : daysLeft === 0
          ? `${what} expires today (${c.expiresOn})`
          : `${what} expires on ${c.expiresOn} (in ${daysLeft} day${daysLeft === 1 ? '' : 's'})`;
      return { credential: c, daysLeft, expired, message };
    })
    .sort((a, b) => a.daysLeft - b.daysLeft);
}

/** A credential in words, e.g. "The registered nurse (RN) licence for Oregon", "ACLS". */
export function credentialWords(c: Pick<CredentialFacts, 'kind' | 'licenceType' | 'state'>): string {
  const where = c.state != null && c.state !== '' ? ` for ${stateName(c.state)}` : '';
  if (c.kind === 'licence') {
    const label = c.licenceType != null ? LICENCE_TYPES[c.licenceType].label : '';
    return `The ${label === '' ? '' : `${label.charAt(0).toLowerCase()}${label.slice(1)} `}licence${where}`;
  }
  if (c.kind === 'dea') return `The DEA registration${where}`;
  return CREDENTIAL_KIND_LABELS[c.kind];
}
