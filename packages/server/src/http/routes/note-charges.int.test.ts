/**
 * Charges from signed notes (issue 27, Must 2): the day-1 assessment by a prescriber proposes
 * 90792; the integration session and the day-5 review propose the psychotherapy code by the minutes
 * with the patient recorded on the note (38-52: 90834; 53 or more: 90837). The patient's billable
 * visits list them with the rendering clinician; a coordinator finalises them; the superbill names
 * the clinician with their NPI. And the attempts to get past it, each a row: a draft note, a second
 * finalising, a code not on the schedule, a nurse, minutes that are not a number.
 */
import type { BillableEventList, PatientBilling } from '@kairos/api';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { injectAs, signInAs, type TestAuth } from '../../../test/auth.js';
import { buildDemoApp, TEST_START_MS } from '../../../test/app.js';
import { describeEachEngine } from '../../../test/engines.js';
import { pdfText } from '../../../test/pdf-text.js';
import { loadDemo } from '../../services/demo/load-demo.js';

type Who = 'therapist' | 'prescriber' | 'coordinator' | 'nurse' | 'admin';

describeEachEngine('charges from signed notes', (h) => {
  let app: FastifyInstance;
  const auth = {} as Record<Who, TestAuth>;
  let patientId: string;
  let siteId: string;
  const notes: Record<'assessment' | 'integration' | 'review' | 'draft', string> = {} as never;
  const json = <T = Record<string, unknown>>(r: LightMyRequestResponse): T => r.json<T>();
  const as = (who: Who, method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, payload?: object) =>
    injectAs(app, auth[who], { method, url, ...(payload ? { payload } : {}) });
  const ok = (r: LightMyRequestResponse) => {
    expect(r.statusCode, r.body).toBeLessThan(300);
    return r;
  };
  const EMAILS: Record<Who, string> = {
    therapist: 'therapist@demo.test',
    prescriber: 'prescriber@demo.test',
    coordinator: 'coordinator@demo.test',
    nurse: 'nurse@demo.test',
    admin: 'admin@demo.test',
  };
  const writeNote = async (who: Who, template: string, content: Record<string, unknown>, sign = true) => {
    const id = json<{ id: string }>(ok(await as(who, 'POST', `/api/patients/${patientId}/notes`, { template, content }))).id;
    if (sign) {
      const { stepUpToken } = json<{ stepUpToken: string }>(
        ok(await as(who, 'POST', '/api/step-up', { email: EMAILS[who], password: 'kairos-demo-2026', purpose: 'note.sign' })),
      );
      ok(await as(who, 'POST', `/api/notes/${id}/sign`, { stepUpToken }));
    }
    return id;
  };
  const visits = async () => json<BillableEventList>(ok(await as('coordinator', 'GET', `/api/patients/${patientId}/billable-events`)));
  const visit = async (noteId: string) => (await visits()).items.find((i) => i.id === noteId);
  const chargeCount = async () =>
    Number(
      (
        await h.database.db
          .selectFrom('charge_line')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .where('patient_id', '=', patientId)
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    ({ app } = await buildDemoApp(h.database));
    for (const who of Object.keys(EMAILS) as Who[]) auth[who] = await signInAs(app, EMAILS[who]);
    const p = await h.database.db.selectFrom('patient').select(['id', 'site_id']).where('mrn', '=', 'DEMO-0009').executeTakeFirstOrThrow();
    patientId = p.id;
    siteId = p.site_id;
    // The clinic's setup: its identity, the prescriber's NPI, the fees of the codes these visits propose.
    ok(
      await as('coordinator', 'PUT', `/api/sites/${siteId}/billing/identity`, {
        legalName: 'Kairos Demo Clinic PC',
        address: '1 Harbour Street, Portland, OR 97201',
        taxId: '12-3456789',
        npi: '1234567893',
        placeOfService: '11',
      }),
    );
    const prescriberId = (
      await h.database.db.selectFrom('app_user').select('id').where('email', '=', 'prescriber@demo.test').executeTakeFirstOrThrow()
    ).id;
    ok(await as('admin', 'PUT', `/api/users/${prescriberId}/billing`, { npi: '1245319599', licence: 'OR MD 12345' }));
    const fees = json<{ fees: { id: string; code: string }[] }>(ok(await as('coordinator', 'GET', `/api/sites/${siteId}/billing`))).fees;
    for (const [code, feeCents] of [
      ['90792', 45_000],
      ['90834', 20_000],
      ['90837', 26_000],
    ] as const)
      ok(await as('coordinator', 'PUT', `/api/sites/${siteId}/billing/fees/${fees.find((f) => f.code === code)?.id ?? ''}`, { feeCents }));
    const text = 'Written for the billing test.';
    notes.assessment = await writeNote('prescriber', 'intake-assessment', {
      presentingConcerns: text,
      traumaHistory: text,
      mentalStatus: text,
      riskAssessment: text,
      formulation: text,
    });
    notes.integration = await writeNote('therapist', 'integration', {
      modality: 'emdr',
      targets: text,
      process: text,
      stateAtClose: text,
      minutesWithPatient: '45',
    });
    notes.review = await writeNote('therapist', 'discharge-summary', {
      courseSummary: text,
      sessionsCompleted: '2 of 2',
      adverseEvents: 'None',
      conditionAtDischarge: text,
      recommendations: text,
      minutesWithPatient: '60',
    });
    notes.draft = await writeNote('therapist', 'integration', { modality: 'emdr', minutesWithPatient: '50' }, false);
  });
  afterAll(async () => app.close());

  it('the visits propose 90792 for the prescriber’s assessment, 90834 for 45 minutes of integration, 90837 for a 60-minute review, each with its rendering clinician', async () => {
    const assessment = await visit(notes.assessment);
    expect(assessment).toMatchObject({
      kind: 'note',
      title: 'Day-1 assessment',
      final: true,
      finalised: false,
      rendering: { name: expect.any(String), npi: '1245319599', licence: 'OR MD 12345' },
    });
    expect(assessment?.lines.map((l) => [l.code, l.units, l.feeCents])).toEqual([['90792', 1, 45_000]]);
    const integration = await visit(notes.integration);
    expect(integration?.lines.map((l) => [l.code, l.rule, l.amountCents])).toEqual([['90834', expect.stringMatching(/@/), 20_000]]);
    expect(integration?.lines[0]?.why).toMatch(/45 min/);
    expect(integration?.rendering?.npi).toBeNull();
    expect((await visit(notes.review))?.lines.map((l) => l.code)).toEqual(['90837']);
    const draft = await visit(notes.draft);
    expect(draft).toMatchObject({ final: false, finalised: false });
    expect(draft?.notes.join(' ')).toMatch(/not signed/);
  });

  it('reading the visits is audited once, naming the codes', async () => {
    await visits();
    const row = await h.database.db
      .selectFrom('audit_event')
      .select(['details'])
      .where('action', '=', 'billing.propose')
      .where('patient_id', '=', patientId)
      .orderBy('at', 'desc')
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(row.details)).toContain('90837');
  });

  describe('attempts to get past it: a 4xx naming the field or the state, nothing stored', () => {
    it.each<[string, () => [Who, string, object], number, string]>([
      ['a draft note (not signed yet)', () => ['coordinator', notes.draft, { lines: [{ code: '90834', units: 1 }] }], 409, 'NOT_ENDED'],
      [
        'a code not on the fee schedule',
        () => ['coordinator', notes.integration, { lines: [{ code: '99999', units: 1 }] }],
        400,
        'body.lines.0.code',
      ],
      [
        'a fee not set (90832)',
        () => ['coordinator', notes.integration, { lines: [{ code: '90832', units: 1 }] }],
        400,
        'body.lines.0.code',
      ],
      [
        'a drug line on a therapy visit',
        () => ['coordinator', notes.integration, { lines: [{ code: 'J3490', units: 1 }] }],
        400,
        'body.lines.0.code',
      ],
      ['a nurse', () => ['nurse', notes.integration, { lines: [{ code: '90834', units: 1 }] }], 403, 'FORBIDDEN'],
      ['an administrator', () => ['admin', notes.integration, { lines: [{ code: '90834', units: 1 }] }], 403, 'FORBIDDEN'],
      [
        'no such note',
        () => ['coordinator', '00000000-0000-4000-8000-000000000000', { lines: [{ code: '90834', units: 1 }] }],
        404,
        'NOT_FOUND',
      ],
    ])('%s', async (_title, attempt, status, named) => {
      const before = await chargeCount();
      const [who, noteId, body] = attempt();
      const r = await as(who, 'POST', `/api/notes/${noteId}/charges`, body);
      expect(r.statusCode, r.body).toBe(status);
      expect(r.body).toContain(named);
      expect(await chargeCount()).toBe(before);
    });

    it.each([
      ['minutes as words', 'forty', /whole number of minutes/],
      ['minutes past a working day', '721', /at most 720 minutes/],
      ['a fraction of a minute', '45.5', /whole number of minutes/],
    ])('a note with %s is refused naming the field', async (_title, minutes, words) => {
      const r = await as('therapist', 'PATCH', `/api/notes/${notes.draft}`, { content: { minutesWithPatient: minutes } });
      expect(r.statusCode, r.body).toBe(400);
      expect(r.body).toContain('minutesWithPatient');
      expect(r.body).toMatch(words);
      const stored = await h.database.db
        .selectFrom('clinical_note')
        .select('content')
        .where('id', '=', notes.draft)
        .executeTakeFirstOrThrow();
      expect(stored.content.minutesWithPatient).toBe('50');
    });
  });

  it('the coordinator finalises the review; the line carries the note, its rule and the rendering clinician; a second finalising is refused until it is reversed', async () => {
    const billing = json<PatientBilling>(
      ok(await as('coordinator', 'POST', `/api/notes/${notes.review}/charges`, { lines: [{ code: '90837', units: 1 }] })),
    );
    const line = billing.lines.find((l) => l.noteId === notes.review);
    expect(line).toMatchObject({
      code: '90837',
      amountCents: 26_000,
      sessionId: null,
      rule: expect.stringMatching(/@/),
      rendering: { npi: null },
    });
    expect((await visit(notes.review))?.finalised).toBe(true);
    const again = await as('coordinator', 'POST', `/api/notes/${notes.review}/charges`, { lines: [{ code: '90837', units: 1 }] });
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain('ALREADY_FINALISED');
    ok(await as('coordinator', 'POST', `/api/charges/${line?.id ?? ''}/reversal`, { reason: 'the review was 50 minutes, not 60' }));
    expect((await visit(notes.review))?.finalised).toBe(false);
    ok(await as('coordinator', 'POST', `/api/notes/${notes.review}/charges`, { lines: [{ code: '90834', units: 1 }] }));
    const audited = await h.database.db
      .selectFrom('audit_event')
      .select(['record_type', 'record_id'])
      .where('action', '=', 'billing.finalise')
      .where('record_id', '=', notes.review)
      .execute();
    expect(audited.map((a) => a.record_type)).toEqual(['clinical_note', 'clinical_note']);
  });

  it('two finalisings of one note at once store its lines once', async () => {
    const body = { lines: [{ code: '90792', units: 1 }] };
    const answers = await Promise.all([1, 2].map(() => as('coordinator', 'POST', `/api/notes/${notes.assessment}/charges`, body)));
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 409]);
    const lines = await h.database.db.selectFrom('charge_line').select('id').where('note_id', '=', notes.assessment).execute();
    expect(lines).toHaveLength(1);
  });

  describe('the patient’s insurance, as the superbill prints it', () => {
    const insuranceRow = () =>
      h.database.db.selectFrom('patient_insurance').selectAll().where('patient_id', '=', patientId).executeTakeFirst();
    it.each<[string, Who, object, number, string]>([
      ['an empty insurer', 'coordinator', { insurer: ' ', memberId: 'XK-1' }, 400, 'body.insurer'],
      ['a member id with a control character', 'coordinator', { insurer: 'Aetna', memberId: 'XK\u0007' }, 400, 'body.memberId'],
      ['a member id too long', 'coordinator', { insurer: 'Aetna', memberId: 'X'.repeat(51) }, 400, 'body.memberId'],
      ['an unknown field', 'coordinator', { insurer: 'Aetna', memberId: 'XK-1', ssn: '123' }, 400, 'body'],
      ['a nurse', 'nurse', { insurer: 'Aetna', memberId: 'XK-1' }, 403, 'FORBIDDEN'],
    ])('%s is refused; nothing stored', async (_title, who, body, status, named) => {
      const before = await insuranceRow();
      const r = await as(who, 'PUT', `/api/patients/${patientId}/insurance`, body);
      expect(r.statusCode, r.body).toBe(status);
      expect(r.body).toContain(named);
      expect(await insuranceRow()).toEqual(before);
    });

    it('entered by the coordinator, read back with the charges, audited without its values', async () => {
      const b = json<PatientBilling>(
        ok(
          await as('coordinator', 'PUT', `/api/patients/${patientId}/insurance`, {
            insurer: 'Aetna Choice POS II',
            memberId: 'W123456789',
          }),
        ),
      );
      expect(b.insurance).toMatchObject({ insurer: 'Aetna Choice POS II', memberId: 'W123456789', groupNumber: null });
      const changed = json<PatientBilling>(
        ok(
          await as('coordinator', 'PUT', `/api/patients/${patientId}/insurance`, {
            insurer: 'Aetna Choice POS II',
            memberId: 'W123456789',
            groupNumber: 'GRP-0042',
          }),
        ),
      );
      expect(changed.insurance?.groupNumber).toBe('GRP-0042');
      const audited = await h.database.db
        .selectFrom('audit_event')
        .select('details')
        .where('action', '=', 'billing.insurance')
        .where('patient_id', '=', patientId)
        .execute();
      expect(audited.map((a) => a.details)).toEqual(
        expect.arrayContaining([{ changed: ['insurer', 'member_id', 'group_number'] }, { changed: ['group_number'] }]),
      );
      expect(audited).toHaveLength(2);
      expect(JSON.stringify(audited)).not.toContain('W123456789');
    });
  });

  it('the superbill names each rendering clinician with their NPI and licence, and numbers the lines by them', async () => {
    ok(await as('coordinator', 'POST', `/api/notes/${notes.integration}/charges`, { lines: [{ code: '90834', units: 1 }] }));
    const r = ok(await as('coordinator', 'GET', `/api/patients/${patientId}/superbill.pdf`));
    const { text } = await pdfText(r.rawPayload);
    expect(text).toContain('Rendering clinician');
    expect(text).toContain('1245319599');
    expect(text).toContain('OR MD 12345');
    expect(text).toContain('90792');
    expect(text).toContain('not entered');
    expect(text).toContain('Aetna Choice POS II');
    expect(text).toContain('W123456789');
    expect(text).toContain('GRP-0042');
  });

  it('charges and payments are append-only in the database: UPDATE, DELETE and TRUNCATE are refused', async () => {
    const line = await h.database.db.selectFrom('charge_line').select('id').where('patient_id', '=', patientId).executeTakeFirstOrThrow();
    for (const statement of [
      sql`UPDATE charge_line SET amount_cents = 1 WHERE id = ${line.id}`,
      sql`DELETE FROM charge_line WHERE id = ${line.id}`,
      sql`TRUNCATE charge_line CASCADE`,
      sql`TRUNCATE payment`,
    ])
      await expect(statement.execute(h.database.db)).rejects.toThrow(/append-only/);
    expect(await chargeCount()).toBeGreaterThan(0);
  });

  it('loading the demo again resets its billing (the one path that may delete charges, of a synthetic site only)', async () => {
    ok(await as('coordinator', 'POST', `/api/patients/${patientId}/payments`, { method: 'card', paidOn: '2026-12-01', amountCents: 1000 }));
    await loadDemo(h.database.db, new Date(TEST_START_MS));
    expect(await chargeCount()).toBe(0);
    const left = await h.database.db.selectFrom('payment').select('id').execute();
    expect(left).toEqual([]);
  });
});
