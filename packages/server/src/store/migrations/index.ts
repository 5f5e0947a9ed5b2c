/**
 * Every migration, in order. Forward-only and numbered: a migration, once released, is never
 * edited; a change is a new file. Add one: write `NNNN-what.ts` exporting `up`, then list it here.
 *
 * @module
 */
import type { Kysely } from 'kysely';
import * as m0001 from './0001-foundation.js';
import * as m0002 from './0002-people-and-trust.js';
import * as m0003 from './0003-intake.js';
import * as m0004 from './0004-scheduling.js';
import * as m0005 from './0005-dosing-sessions.js';
import * as m0006 from './0006-adverse-events-and-live.js';
import * as m0007 from './0007-measures-notes-messages.js';
import * as m0008 from './0008-demo-reset-of-notes.js';
import * as m0009 from './0009-safety-at-the-chair.js';
import * as m0010 from './0010-safety-at-the-chair-ii.js';
import * as m0011 from './0011-screening-holds.js';
import * as m0012 from './0012-users-belong-to-a-site.js';
import * as m0013 from './0013-portal-attempts.js';
import * as m0014 from './0014-second-factor.js';
import * as m0015 from './0015-emergency-access.js';
import * as m0016 from './0016-alert-episodes.js';
import * as m0017 from './0017-course-and-corrections.js';
import * as m0018 from './0018-read-side-indexes.js';
import * as m0019 from './0019-ingest.js';
import * as m0020 from './0020-audit-staging.js';
import * as m0021 from './0021-session-transition-index.js';
import * as m0022 from './0022-audit-viewer-index.js';
import * as m0023 from './0023-consent-name-witness.js';
import * as m0024 from './0024-referral-details.js';
import * as m0025 from './0025-kiosk.js';
import * as m0026 from './0026-password-change-required.js';
import * as m0027 from './0027-ketamine-stock.js';
import * as m0028 from './0028-stock-counts.js';
import * as m0029 from './0029-patient-address.js';
import * as m0030 from './0030-maintenance-tasks.js';
import * as m0031 from './0031-program-course-facts.js';
import * as m0032 from './0032-research-study-ids.js';
import * as m0033 from './0033-program-facts-speed.js';
import * as m0034 from './0034-fhir-observation-ids.js';
import * as m0035 from './0035-fhir-exports.js';
import * as m0036 from './0036-hl7-senders.js';
import * as m0037 from './0037-billing-setup.js';
import * as m0038 from './0038-charges.js';
import * as m0039 from './0039-note-charges.js';
import * as m0040 from './0040-patient-insurance.js';
import * as m0041 from './0041-staff-credentials.js';
import * as m0042 from './0042-dosing-routes.js';
import * as m0043 from './0043-program-session-route.js';

export interface Migration {
  up: (db: Kysely<unknown>) => Promise<void>;
}

export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '0001-foundation': m0001,
  '0002-people-and-trust': m0002,
  '0003-intake': m0003,
  '0004-scheduling': m0004,
  '0005-dosing-sessions': m0005,
  '0006-adverse-events-and-live': m0006,
  '0007-measures-notes-messages': m0007,
  '0008-demo-reset-of-notes': m0008,
  '0009-safety-at-the-chair': m0009,
  '0010-safety-at-the-chair-ii': m0010,
  '0011-screening-holds': m0011,
  '0012-users-belong-to-a-site': m0012,
  '0013-portal-attempts': m0013,
  '0014-second-factor': m0014,
  '0015-emergency-access': m0015,
  '0016-alert-episodes': m0016,
  '0017-course-and-corrections': m0017,
  '0018-read-side-indexes': m0018,
  '0019-ingest': m0019,
  '0020-audit-staging': m0020,
  '0021-session-transition-index': m0021,
  '0022-audit-viewer-index': m0022,
  '0023-consent-name-witness': m0023,
  '0024-referral-details': m0024,
  '0025-kiosk': m0025,
  '0026-password-change-required': m0026,
  '0027-ketamine-stock': m0027,
  '0028-stock-counts': m0028,
  '0029-patient-address': m0029,
  '0030-maintenance-tasks': m0030,
  '0031-program-course-facts': m0031,
  '0032-research-study-ids': m0032,
  '0033-program-facts-speed': m0033,
  '0034-fhir-observation-ids': m0034,
  '0035-fhir-exports': m0035,
  '0036-hl7-senders': m0036,
  '0037-billing-setup': m0037,
  '0038-charges': m0038,
  '0039-note-charges': m0039,
  '0040-patient-insurance': m0040,
  '0041-staff-credentials': m0041,
  '0042-dosing-routes': m0042,
  '0043-program-session-route': m0043,
};
