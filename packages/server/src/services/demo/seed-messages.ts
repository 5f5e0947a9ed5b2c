/**
 * The demo clinic's messages: email addresses for the patients in and near a course, and a log of
 * messages sent in the past days through the real outbox and sender (with a demo transport that
 * delivers nowhere): portal links, the pre-session instructions for today's dosing sessions, a
 * follow-up questionnaire, and one portal link that failed for good (the address was refused).
 * The other patients have no email address, so their page says so.
 *
 * @module
 */
import { localDateOf } from '@kairos/core';
import { createPortalAccessAndNotify, enqueuePreSessionMessages, messageSettings } from '../../messages/producers.js';
import { enqueueMessage, SYSTEM_CAUSE } from '../../messages/outbox.js';
import { backoffMs, deliverDue, MESSAGE_DELIVERY, type MailTransport } from '../../messages/sender.js';
import { followUpMessage } from '../../messages/templates.js';
import { issuePortalAccess } from '../portal-access/issue-portal-access.js';
import { updatePatient } from '../patients/update-patient.js';
import { internalMeta, type Actor, type RequestMeta } from '../context.js';
import { transact } from '../transaction.js';
import type { Db } from '../../store/database.js';

const DAY_MS = 86_400_000;
const DEMO_FROM = 'Kairos Demo Clinic <no-reply@kairos.invalid>';
/** The patients who get an email address: the eligible ones and the members of the demo cohorts. */
const WITH_EMAIL = ['DEMO-0007', 'DEMO-0008', 'DEMO-0009', 'DEMO-0010', 'DEMO-0011', 'DEMO-0012', 'DEMO-0013'];
/** Its address is refused by the (pretend) mail server: the failed message of the log. */
const REFUSED = 'DEMO-0011';

const delivered: MailTransport = { sendMail: () => Promise.resolve(undefined) };
const refusing = (address: string): MailTransport => ({
  sendMail: (mail) =>
    mail.to === address
      ? Promise.reject(
          Object.assign(
            new Error(
              `Can't send mail - all recipients were rejected: 550 5.1.1 <${address}>: Recipient address rejected: User unknown in virtual mailbox table`,
            ),
            { code: 'EENVELOPE', responseCode: 550 },
          ),
        )
      : Promise.resolve(undefined),
});

/** Seeds the demo's email addresses and sent-message log as of `now`. Returns how many messages it wrote. */
export async function seedDemoMessages(db: Db, siteId: string, now: Date): Promise<number> {
  const u = await db.selectFrom('app_user').selectAll().where('email', '=', 'coordinator@demo.test').executeTakeFirstOrThrow();
  const coordinator: Actor = { userId: u.id, email: u.email, displayName: u.display_name, roles: u.roles, siteId: u.site_id };
  const at = (ms: number): RequestMeta => internalMeta('demo-loader', new Date(ms));
  const settings = messageSettings({ publicUrl: undefined, mailFrom: DEMO_FROM });
  const deliver = (ms: number, transport = delivered) => deliverDue(db, transport, new Date(ms), { from: DEMO_FROM });
  const patients = new Map<string, { id: string; email: string }>();
  for (const mrn of WITH_EMAIL) {
    const p = await db
      .selectFrom('patient')
      .select(['id', 'given_name', 'family_name'])
      .where('mrn', '=', mrn)
      .where('site_id', '=', siteId)
      .executeTakeFirstOrThrow();
    const email = `${p.given_name}.${p.family_name}@patients.demo.test`.toLowerCase();
    await updatePatient(db, coordinator, p.id, { email }, at(now.getTime() - 10 * DAY_MS));
    patients.set(mrn, { id: p.id, email });
  }
  const patient = (mrn: string) => patients.get(mrn) as { id: string; email: string };

  // Portal links sent when the patients were preparing for their retreat.
  const portalAt = now.getTime() - 9 * DAY_MS;
  for (const mrn of ['DEMO-0009', 'DEMO-0010'])
    await createPortalAccessAndNotify(db, coordinator, patient(mrn).id, { send: true }, settings, at(portalAt));
  await deliver(portalAt + 60_000);

  // A portal link the mail server refused at every attempt: failed, for staff to see.
  const refusedAt = now.getTime() - 6 * DAY_MS;
  await createPortalAccessAndNotify(db, coordinator, patient(REFUSED).id, { send: true }, settings, at(refusedAt));
  let t = refusedAt + 60_000;
  for (let attempt = 1; attempt <= MESSAGE_DELIVERY.maxAttempts; attempt++) {
    await deliver(t, refusing(patient(REFUSED).email));
    t += backoffMs(attempt) + 1000;
  }

  // A questionnaire for the series patient, with a portal link issued by the system.
  const followUpAt = now.getTime() - 3 * DAY_MS;
  const series = patient('DEMO-0013');
  const site = await db.selectFrom('site').select(['name', 'time_zone']).where('id', '=', siteId).executeTakeFirstOrThrow();
  const given = (await db.selectFrom('patient').select('given_name').where('id', '=', series.id).executeTakeFirstOrThrow()).given_name;
  await transact(db, (tx) =>
    enqueueMessage(tx, {
      patientId: series.id,
      siteId,
      kind: 'follow-up-questionnaire',
      dedupeKey: `demo:questionnaire:${series.id}`,
      toAddress: series.email,
      content: async () => {
        const access = await issuePortalAccess(tx, SYSTEM_CAUSE, series.id, { now: new Date(followUpAt) });
        return followUpMessage({
          givenName: given,
          siteName: site.name,
          timeZone: site.time_zone,
          questionnaires: 3,
          dueBy: localDateOf(new Date(followUpAt + 3 * DAY_MS), site.time_zone),
          link: access.link,
          code: access.code,
          expiresAt: new Date(access.expiresAt),
          publicUrl: undefined,
        });
      },
      messageIdDomain: settings.messageIdDomain,
      now: new Date(followUpAt),
      cause: SYSTEM_CAUSE,
    }),
  );
  await deliver(followUpAt + 60_000);

  // Yesterday's sweep: the instructions for today's dosing sessions.
  const yesterday = now.getTime() - DAY_MS;
  await enqueuePreSessionMessages(db, new Date(yesterday), settings);
  await deliver(yesterday + 60_000);

  const n = await db
    .selectFrom('message')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('site_id', '=', siteId)
    .executeTakeFirstOrThrow();
  return Number(n.n);
}
