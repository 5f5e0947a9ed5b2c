/**
 * Billing's setup (issue 27, Must 1 and 3) on both engines: the fee schedule seeded with the codes
 * Kairos proposes (fees left to set), a service added and a fee set, the clinic's billing identity,
 * a clinician's type 1 NPI (which the FHIR Practitioner then carries); each row after that an
 * attempt to get past the rules (an NPI with a wrong check digit, a tax id in the wrong form, a
 * negative fee, a code twice, the wrong role, another site), refused naming the field, nothing stored.
 */
import type { FastifyInstance } from 'fastify';
import type { BillingSettings, FeeScheduleItem } from '@kairos/api';
import type { Practitioner } from '@medplum/fhirtypes';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { injectAs, signInAs, type TestAuth } from '../../../test/auth.js';
import { buildDemoApp } from '../../../test/app.js';
import { describeEachEngine } from '../../../test/engines.js';

const IDENTITY = {
  legalName: 'Kairos Demo Clinic PLLC',
  address: '1 Main Street, Springfield, NY 12100',
  taxId: '12-3456789',
  npi: '1234567893',
  placeOfService: '11',
};

describeEachEngine('billing setup', (h) => {
  let app: FastifyInstance;
  let coordinator: TestAuth;
  let admin: TestAuth;
  let siteId: string;

  const settings = async (who: TestAuth = coordinator) => {
    const r = await injectAs(app, who, { method: 'GET', url: `/api/sites/${siteId}/billing` });
    expect(r.statusCode, r.body).toBe(200);
    return r.json<BillingSettings>();
  };
  const fee = (s: BillingSettings, code: string): FeeScheduleItem | undefined => s.fees.find((f) => f.code === code && f.modifier === '');
  const auditCount = async (action: string) =>
    Number(
      (
        await h.database.db
          .selectFrom('audit_event')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .where('action', '=', action)
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    ({ app } = await buildDemoApp(h.database));
    coordinator = await signInAs(app, 'coordinator@demo.test');
    admin = await signInAs(app, 'admin@demo.test');
    siteId = (await h.database.db.selectFrom('site').select('id').where('synthetic', '=', true).executeTakeFirstOrThrow()).id;
  });
  afterAll(async () => app?.close());

  it('the fee schedule is seeded once with the codes Kairos proposes, each fee to set; no identity yet', async () => {
    const s = await settings();
    expect(s.identity).toBeNull();
    expect(s.fees.map((f) => f.code).sort()).toEqual([
      '90791',
      '90792',
      '90832',
      '90834',
      '90837',
      '90839',
      '96365',
      '96366',
      '96372',
      '96374',
      'J3490',
    ]);
    expect(s.fees.every((f) => f.feeCents === null && f.proposedByKairos && f.active && f.modifier === '')).toBe(true);
    expect(s.provenance).toMatch(/coder/);
    // Read again: nothing seeded twice.
    expect((await settings()).fees).toHaveLength(11);
  });

  it('the coordinator sets a fee and adds a service; each change is audited with before and after', async () => {
    const before = await auditCount('billing.fee-schedule');
    const item = fee(await settings(), '96365');
    const set = await injectAs(app, coordinator, {
      method: 'PUT',
      url: `/api/sites/${siteId}/billing/fees/${item?.id ?? ''}`,
      payload: { feeCents: 45_000 },
    });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json<FeeScheduleItem>()).toMatchObject({ code: '96365', feeCents: 45_000, description: item?.description });
    const added = await injectAs(app, coordinator, {
      method: 'POST',
      url: `/api/sites/${siteId}/billing/fees`,
      payload: { code: '90785', description: 'Interactive complexity', feeCents: 2_500 },
    });
    expect(added.statusCode, added.body).toBe(201);
    expect(added.json<FeeScheduleItem>()).toMatchObject({ code: '90785', modifier: '', feeCents: 2_500, proposedByKairos: false });
    expect(fee(await settings(), '96365')?.feeCents).toBe(45_000);
    expect(await auditCount('billing.fee-schedule')).toBe(before + 2);
    const audited = await h.database.db
      .selectFrom('audit_event')
      .select('details')
      .where('action', '=', 'billing.fee-schedule')
      .where('record_id', '=', item?.id ?? '')
      .executeTakeFirstOrThrow();
    expect(audited.details).toMatchObject({ before: { feeCents: null }, after: { feeCents: 45_000 } });
  });

  it.each([
    ['a negative fee', { code: '90846', description: 'Family psychotherapy', feeCents: -100 }, 'body.feeCents'],
    ['a fee with cents fractions', { code: '90846', description: 'Family psychotherapy', feeCents: 10.5 }, 'body.feeCents'],
    ['a code already on the schedule', { code: '96365', description: 'Again', feeCents: 100 }, 'body.code'],
    ['a code that is not one', { code: '9636', description: 'Short', feeCents: 100 }, 'body.code'],
    ['a modifier of three characters', { code: '90846', modifier: 'GTX', description: 'x', feeCents: 100 }, 'body.modifier'],
    ['no description', { code: '90846', description: '', feeCents: 100 }, 'body.description'],
  ])('adding a service with %s is refused naming the field; nothing added', async (_title, payload, field) => {
    const before = (await settings()).fees.length;
    const r = await injectAs(app, coordinator, { method: 'POST', url: `/api/sites/${siteId}/billing/fees`, payload });
    expect(r.statusCode, r.body).toBe(400);
    expect(r.body).toContain(field);
    expect((await settings()).fees).toHaveLength(before);
  });

  it('setting a negative fee is refused naming the field; the fee stays', async () => {
    const item = fee(await settings(), '96365');
    const r = await injectAs(app, coordinator, {
      method: 'PUT',
      url: `/api/sites/${siteId}/billing/fees/${item?.id ?? ''}`,
      payload: { feeCents: -1 },
    });
    expect(r.statusCode).toBe(400);
    expect(r.body).toContain('body.feeCents');
    expect(fee(await settings(), '96365')?.feeCents).toBe(item?.feeCents);
  });

  it('the billing identity is entered and read back; an NPI with a wrong check digit or a tax id in another form is refused, the identity kept', async () => {
    const put = await injectAs(app, coordinator, { method: 'PUT', url: `/api/sites/${siteId}/billing/identity`, payload: IDENTITY });
    expect(put.statusCode, put.body).toBe(200);
    expect((await settings()).identity).toMatchObject(IDENTITY);
    for (const [change, field] of [
      [{ npi: '1234567890' }, 'body.npi'],
      [{ npi: '123456789' }, 'body.npi'],
      [{ taxId: '123456789' }, 'body.taxId'],
      [{ placeOfService: 'office' }, 'body.placeOfService'],
      [{ legalName: '' }, 'body.legalName'],
    ] as const) {
      const r = await injectAs(app, coordinator, {
        method: 'PUT',
        url: `/api/sites/${siteId}/billing/identity`,
        payload: { ...IDENTITY, legalName: 'Changed PLLC', ...change },
      });
      expect(r.statusCode, JSON.stringify(change)).toBe(400);
      expect(r.body).toContain(field);
      expect((await settings()).identity?.legalName).toBe(IDENTITY.legalName);
    }
  });

  it('a clinician’s NPI and licence are set by the administrator and carried by the FHIR Practitioner; a wrong NPI is refused', async () => {
    const therapist = await h.database.db
      .selectFrom('app_user')
      .select('id')
      .where('email', '=', 'therapist@demo.test')
      .executeTakeFirstOrThrow();
    const bad = await injectAs(app, admin, {
      method: 'PUT',
      url: `/api/users/${therapist.id}/billing`,
      payload: { npi: '1234567894', licence: 'NY LCSW 012345' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('body.npi');
    const ok = await injectAs(app, admin, {
      method: 'PUT',
      url: `/api/users/${therapist.id}/billing`,
      payload: { npi: '1234567893', licence: 'NY LCSW 012345' },
    });
    expect(ok.statusCode, ok.body).toBe(200);
    const director = await signInAs(app, 'director@demo.test');
    const practitioner = await injectAs(app, director, { method: 'GET', url: `/fhir/R4/Practitioner/${therapist.id}` });
    expect(practitioner.statusCode, practitioner.body).toBe(200);
    expect(JSON.parse(practitioner.body) as Practitioner).toMatchObject({
      identifier: [{ system: 'http://hl7.org/fhir/sid/us-npi', value: '1234567893' }],
    });
  });

  it.each([
    ['an infusion still running: so far, not final; no draw recorded, no J3490', 'infusing', /has not ended.*no draw recorded/s, ['96365']],
    ['a session not started: nothing proposed, and why', 'scheduled', /no infusion was given/, []],
  ])('a session’s proposed charges say what they cannot propose: %s', async (_title, state, words, codes) => {
    const s = await h.database.db
      .selectFrom('dosing_session')
      .select('id')
      .where('state', '=', state as 'infusing')
      .executeTakeFirstOrThrow();
    const r = await injectAs(app, coordinator, { method: 'GET', url: `/api/sessions/${s.id}/charges` });
    expect(r.statusCode, r.body).toBe(200);
    const p = r.json<{ final: boolean; lines: { code: string }[]; notes: string[] }>();
    expect(p.final).toBe(false);
    expect(p.notes.join(' ')).toMatch(words);
    expect(p.lines.map((l) => l.code)).toEqual(codes);
  });

  it('clinical roles may not keep the billing setup; another site’s is not the coordinator’s', async () => {
    for (const who of ['nurse@demo.test', 'therapist@demo.test', 'prescriber@demo.test', 'director@demo.test']) {
      const auth = await signInAs(app, who);
      expect((await injectAs(app, auth, { method: 'GET', url: `/api/sites/${siteId}/billing` })).statusCode, who).toBe(403);
      expect(
        (await injectAs(app, auth, { method: 'PUT', url: `/api/sites/${siteId}/billing/identity`, payload: IDENTITY })).statusCode,
        who,
      ).toBe(403);
    }
    const other = await h.database.db
      .insertInto('site')
      .values({ name: 'Another clinic', time_zone: 'America/Denver' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const r = await injectAs(app, coordinator, { method: 'GET', url: `/api/sites/${other.id}/billing` });
    expect([403, 404]).toContain(r.statusCode);
    expect(
      await h.database.db.selectFrom('fee_schedule_item').select('id').where('site_id', '=', other.id).execute(),
      'nothing seeded at a site the coordinator may not configure',
    ).toEqual([]);
  });
});
