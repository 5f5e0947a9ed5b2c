/**
 * FHIR Questionnaire, QuestionnaireResponse, CarePlan and DocumentReference (issue 25) on both
 * engines, against the demo clinic: the mapping of the key fields, the permissions and care-team
 * rules, the search parameters, the audit, validation; and that an integration-session process note
 * (a psychotherapy note, 45 CFR 164.508(a)(2)) is never served.
 */
import { sealPendingAudit } from '../services/audit.js';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { createHash } from 'node:crypto';
import type {
  Bundle,
  CarePlan,
  DocumentReference,
  OperationOutcome,
  Questionnaire,
  QuestionnaireResponse,
  Resource,
} from '@medplum/fhirtypes';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEMO_PASSWORD, injectAs, signInAs, type TestAuth } from '../../test/auth.js';
import { buildDemoApp } from '../../test/app.js';
import { describeEachEngine } from '../../test/engines.js';
import { validateFhir } from '../../test/fhir-validator.js';
import { internalMeta, type Actor } from '../services/context.js';
import { createNote } from '../services/notes/create-note.js';
import { NOTE_SIGN_PURPOSE, signNote } from '../services/notes/sign-note.js';
import { DEMO_SECOND_FACTOR_POLICY } from '../services/second-factor/policy.js';
import { createStepUp } from '../services/sign-in/create-step-up.js';

describeEachEngine('FHIR questionnaires, care plans and documents', (h) => {
  let app: FastifyInstance;
  const auth: Record<'director' | 'nurse' | 'nurse2' | 'admin' | 'therapist' | 'coordinator', TestAuth> = {} as never;
  /** A nurse and a patient of the site outside that nurse's care teams, among the patients who have rows of `table`. */
  const outsider = async (patientIds: readonly string[]): Promise<{ who: 'nurse' | 'nurse2'; patientId: string }> => {
    for (const who of ['nurse', 'nurse2'] as const) {
      const team = await h.database.db
        .selectFrom('care_team_member as m')
        .innerJoin('app_user as u', 'u.id', 'm.user_id')
        .select('m.patient_id')
        .where('u.email', '=', `${who}@demo.test`)
        .execute();
      const outside = patientIds.find((p) => !team.some((t) => t.patient_id === p));
      if (outside !== undefined) return { who, patientId: outside };
    }
    throw new Error('every patient is on both nurses’ care teams');
  };

  const get = (who: keyof typeof auth, url: string): Promise<LightMyRequestResponse> => injectAs(app, auth[who], { method: 'GET', url });
  const bundle = (r: LightMyRequestResponse) => JSON.parse(r.body) as Bundle;
  const outcome = (r: LightMyRequestResponse) => JSON.parse(r.body) as OperationOutcome;
  const resources = <T extends Resource>(r: LightMyRequestResponse): T[] =>
    (bundle(r).entry ?? []).filter((e) => e.search?.mode !== 'include').map((e) => e.resource as T);
  const auditOf = async (r: LightMyRequestResponse) => {
    // Read events are staged, then sealed into the chain after the answer: sealed here at once.
    await sealPendingAudit(h.database.db);
    return h.database.db
      .selectFrom('audit_event')
      .select(['action', 'details', 'outcome'])
      .where('request_id', '=', String(r.headers['x-request-id']))
      .execute();
  };

  beforeAll(async () => {
    ({ app } = await buildDemoApp(h.database));
    for (const who of ['director', 'nurse', 'nurse2', 'admin', 'therapist', 'coordinator'] as const)
      auth[who] = await signInAs(app, `${who}@demo.test`);
  });
  afterAll(async () => app?.close());

  // ---------------------------------------------------------------- Questionnaire

  it('Questionnaire: the seven forms, each with its Kairos canonical, version and items; any role entering questionnaires reads them', async () => {
    const r = await get('coordinator', '/fhir/R4/Questionnaire');
    expect(r.statusCode).toBe(200);
    expect(await auditOf(r)).toEqual([
      {
        action: 'fhir.search',
        outcome: 'allowed',
        details: expect.objectContaining({ resourceType: 'Questionnaire', patientIds: [] }) as unknown,
      },
    ]);
    const all = resources<Questionnaire>(r);
    expect(all.map((q) => q.id)).toEqual([
      'pcl5-month',
      'pcl5-week',
      'phq9',
      'gad7',
      'cssrs-since-last-contact',
      'cssrs-lifetime-recent',
      'cadss6',
    ]);
    for (const q of all) {
      expect(q.url).toBe(`https://kairos.invalid/fhir/Questionnaire/${q.id}`);
      expect(q).toMatchObject({ status: 'active', version: '1.0.0' });
    }
    const pcl = all.find((q) => q.id === 'pcl5-month') as Questionnaire;
    expect(pcl.code).toEqual([
      {
        system: 'http://loinc.org',
        code: '101697-1',
        display: 'Post traumatic stress disorder checklist - civilian version DSM-5 [PCL-5]',
      },
    ]);
    expect(pcl.item?.filter((i) => i.type === 'choice')).toHaveLength(20);
    expect(all.find((q) => q.id === 'pcl5-week')?.code).toBeUndefined();
    expect(all.find((q) => q.id === 'cssrs-since-last-contact')?.code).toBeUndefined();
    expect(all.find((q) => q.id === 'cadss6')?.code).toBeUndefined();
    expect(all.find((q) => q.id === 'gad7')?.code).toEqual([{ system: 'http://loinc.org', code: '69737-5' }]);
  });

  it('Questionnaire: PHQ-9 items carry their LOINC codes and the LA answer codes', async () => {
    const r = await get('nurse', '/fhir/R4/Questionnaire/phq9');
    expect(r.statusCode).toBe(200);
    const q = JSON.parse(r.body) as Questionnaire;
    expect(q.code?.[0]).toMatchObject({ system: 'http://loinc.org', code: '44249-1' });
    const item9 = q.item?.find((i) => i.linkId === '9');
    expect(item9?.code).toEqual([{ system: 'http://loinc.org', code: '44260-8' }]);
    expect(item9?.answerOption?.map((o) => o.valueCoding?.code)).toEqual(['LA6568-5', 'LA6569-3', 'LA6570-1', 'LA6571-9']);
    expect(q.item?.find((i) => i.linkId === '10')).toMatchObject({ required: false, code: [{ code: '69722-7' }] });
  });

  it('Questionnaire: the C-SSRS screener’s questions by LOINC, Yes LA33-6 / No LA32-8, and its skip logic as enableWhen', async () => {
    const q = JSON.parse((await get('therapist', '/fhir/R4/Questionnaire/cssrs-lifetime-recent')).body) as Questionnaire;
    const items = q.item?.filter((i) => i.type === 'choice') ?? [];
    expect(items.map((i) => [i.linkId, i.code?.[0]?.code])).toEqual([
      ['q1', '93246-7'],
      ['q2', '93247-5'],
      ['q3', '93248-3'],
      ['q4', '93249-1'],
      ['q5', '93250-9'],
      ['q6', '93267-3'],
      ['q6WithinPast3Months', '93269-9'],
    ]);
    expect(items[0]?.answerOption?.map((o) => o.valueCoding?.code)).toEqual(['LA33-6', 'LA32-8']);
    expect(items.find((i) => i.linkId === 'q3')?.enableWhen).toEqual([
      { question: 'q2', operator: '=', answerCoding: { system: 'http://loinc.org', code: 'LA33-6', display: 'Yes' } },
    ]);
    expect(items.find((i) => i.linkId === 'q6WithinPast3Months')?.enableWhen?.[0]?.question).toBe('q6');
    const since = JSON.parse((await get('therapist', '/fhir/R4/Questionnaire/cssrs-since-last-contact')).body) as Questionnaire;
    expect(since.item?.map((i) => i.linkId)).not.toContain('q6WithinPast3Months');
  });

  it('Questionnaire: code, status and _id narrow; an admin (no questionnaires) is refused, 403; an unknown id is a 404; a bad parameter a 400', async () => {
    expect(resources(await get('director', '/fhir/R4/Questionnaire?code=http://loinc.org|44249-1')).map((q) => q.id)).toEqual(['phq9']);
    expect(bundle(await get('director', '/fhir/R4/Questionnaire?status=retired')).total).toBe(0);
    expect(resources(await get('director', '/fhir/R4/Questionnaire?_id=gad7,cadss6')).map((q) => q.id)).toEqual(['gad7', 'cadss6']);
    const paged = bundle(await get('director', '/fhir/R4/Questionnaire?_count=2&_offset=6'));
    expect(paged.total).toBe(7);
    expect(paged.entry?.map((e) => e.resource?.id)).toEqual(['cadss6']);
    const admin = await get('admin', '/fhir/R4/Questionnaire/phq9');
    expect(admin.statusCode).toBe(403);
    expect(outcome(admin).issue[0]?.code).toBe('forbidden');
    expect((await get('director', '/fhir/R4/Questionnaire/cssrs')).statusCode).toBe(404);
    const bad = await get('director', '/fhir/R4/Questionnaire?title=PHQ');
    expect(bad.statusCode).toBe(400);
    expect(outcome(bad).issue[0]).toMatchObject({ code: 'invalid', expression: ['title'] });
  });

  // ---------------------------------------------------------------- QuestionnaireResponse

  it('QuestionnaireResponse: a PHQ-9 response answers the served Questionnaire by its linkIds with its codings; authored, author, subject', async () => {
    const row = await h.database.db
      .selectFrom('questionnaire_response')
      .selectAll()
      .where('instrument', '=', 'phq9')
      .orderBy('completed_at')
      .executeTakeFirstOrThrow();
    const r = await get('director', `/fhir/R4/QuestionnaireResponse/${row.id}`);
    expect(r.statusCode).toBe(200);
    const qr = JSON.parse(r.body) as QuestionnaireResponse;
    expect(qr).toMatchObject({
      status: 'completed',
      questionnaire: 'https://kairos.invalid/fhir/Questionnaire/phq9',
      subject: { reference: `Patient/${row.patient_id}` },
      authored: row.completed_at.toISOString(),
      author: { reference: row.channel === 'portal' ? `Patient/${row.patient_id}` : `Practitioner/${row.entered_by}` },
    });
    // The Questionnaire it names is served, and every linkId answered is one of its items.
    const q = JSON.parse((await get('director', `/fhir/R4/Questionnaire/${qr.questionnaire?.split('/').at(-1)}`)).body) as Questionnaire;
    expect(q.url).toBe(qr.questionnaire);
    const linkIds = new Set(q.item?.map((i) => i.linkId));
    expect(qr.item?.every((i) => linkIds.has(i.linkId))).toBe(true);
    const answers = row.answers as number[];
    expect(qr.item?.slice(0, 9).map((i) => i.answer?.[0]?.valueCoding?.code)).toEqual(
      answers.slice(0, 9).map((v) => ['LA6568-5', 'LA6569-3', 'LA6570-1', 'LA6571-9'][v]),
    );
    for (const i of qr.item ?? []) {
      const options = q.item?.find((x) => x.linkId === i.linkId)?.answerOption?.map((o) => o.valueCoding);
      expect(options).toContainEqual(i.answer?.[0]?.valueCoding);
    }
    expect(validateFhir(qr)).toEqual([]);
  });

  it('QuestionnaireResponse: every response of a patient names a served Questionnaire and answers only its items', async () => {
    const patient = await h.database.db
      .selectFrom('questionnaire_response')
      .select('patient_id')
      .where('instrument', '=', 'cssrs')
      .executeTakeFirst();
    const { patient_id } =
      patient ?? (await h.database.db.selectFrom('questionnaire_response').select('patient_id').executeTakeFirstOrThrow());
    const all = resources<QuestionnaireResponse>(await get('director', `/fhir/R4/QuestionnaireResponse?patient=${patient_id}&_count=1000`));
    expect(all.length).toBeGreaterThan(0);
    const served = new Map(
      resources<Questionnaire>(await get('director', '/fhir/R4/Questionnaire')).map((q) => [q.url, new Set(q.item?.map((i) => i.linkId))]),
    );
    for (const qr of all) {
      const items = served.get(qr.questionnaire);
      expect(items, qr.questionnaire).toBeDefined();
      expect(qr.item?.length, qr.id).toBeGreaterThan(0);
      for (const i of qr.item ?? []) expect(items?.has(i.linkId), `${qr.questionnaire} ${i.linkId}`).toBe(true);
    }
  });

  it('QuestionnaireResponse: questionnaire, authored and status narrow; _include adds the patient; the search is audited with the patients', async () => {
    const row = await h.database.db
      .selectFrom('questionnaire_response')
      .select(['patient_id', 'completed_at'])
      .where('instrument', '=', 'pcl5-month')
      .executeTakeFirstOrThrow();
    const day = row.completed_at.toISOString().slice(0, 10);
    const r = await get(
      'director',
      `/fhir/R4/QuestionnaireResponse?subject=Patient/${row.patient_id}&questionnaire=Questionnaire/pcl5-month&authored=${day}&status=completed&_include=QuestionnaireResponse:patient`,
    );
    expect(r.statusCode).toBe(200);
    const found = resources<QuestionnaireResponse>(r);
    expect(found.length).toBeGreaterThan(0);
    for (const qr of found) {
      expect(qr.questionnaire).toBe('https://kairos.invalid/fhir/Questionnaire/pcl5-month');
      expect(qr.authored?.slice(0, 10)).toBe(day);
    }
    expect(
      bundle(r)
        .entry?.filter((e) => e.search?.mode === 'include')
        .map((e) => e.resource?.id),
    ).toEqual([row.patient_id]);
    expect(await auditOf(r)).toEqual([
      {
        action: 'fhir.search',
        outcome: 'allowed',
        details: expect.objectContaining({ resourceType: 'QuestionnaireResponse', patientIds: [row.patient_id] }) as unknown,
      },
    ]);
    expect(bundle(await get('director', `/fhir/R4/QuestionnaireResponse?patient=${row.patient_id}&status=in-progress`)).total).toBe(0);
  });

  it('QuestionnaireResponse: a nurse outside the care team finds none of the patient’s and is refused a read (403, audited); admin 403; unknown 404; bad 400', async () => {
    const rows = await h.database.db.selectFrom('questionnaire_response').select(['id', 'patient_id']).execute();
    const { who, patientId } = await outsider(rows.map((r) => r.patient_id));
    const row = rows.find((r) => r.patient_id === patientId) as (typeof rows)[number];
    expect(bundle(await get(who, `/fhir/R4/QuestionnaireResponse?patient=${patientId}`)).total).toBe(0);
    const read = await get(who, `/fhir/R4/QuestionnaireResponse/${row.id}`);
    expect(read.statusCode).toBe(403);
    expect(outcome(read).issue[0]?.code).toBe('forbidden');
    expect((await auditOf(read)).map((e) => e.outcome)).toContain('denied');
    expect((await get('admin', `/fhir/R4/QuestionnaireResponse/${row.id}`)).statusCode).toBe(403);
    expect((await get('director', '/fhir/R4/QuestionnaireResponse/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    for (const [url, field] of [
      ['/fhir/R4/QuestionnaireResponse?authored=soon', 'authored'],
      ['/fhir/R4/QuestionnaireResponse?date=2026', 'date'],
      ['/fhir/R4/QuestionnaireResponse?questionnaire=https://example.org/q', 'questionnaire'],
    ] as const) {
      const bad = await get('director', url);
      expect(bad.statusCode, url).toBe(400);
      expect(outcome(bad).issue[0], url).toMatchObject({ code: 'invalid', expression: [field] });
    }
  });

  it('Questionnaire and QuestionnaireResponse validate (every form, one response of each instrument)', async () => {
    const problems: Record<string, string[]> = {};
    for (const q of resources<Questionnaire>(await get('director', '/fhir/R4/Questionnaire')))
      problems[`Questionnaire ${q.id}`] = validateFhir(q);
    for (const id of ['pcl5-month', 'pcl5-week', 'phq9', 'gad7', 'cssrs-since-last-contact', 'cssrs-lifetime-recent', 'cadss6']) {
      const [qr] = resources<QuestionnaireResponse>(await get('director', `/fhir/R4/QuestionnaireResponse?questionnaire=${id}&_count=1`));
      if (qr !== undefined) problems[`QuestionnaireResponse ${id}`] = validateFhir(qr);
    }
    expect(Object.keys(problems).length).toBeGreaterThan(8);
    expect(Object.fromEntries(Object.entries(problems).filter(([, p]) => p.length > 0))).toEqual({});
  });
  // ---------------------------------------------------------------- CarePlan

  const signedNotes = (template: string) =>
    h.database.db
      .selectFrom('clinical_note')
      .selectAll()
      .where('template', '=', template as never)
      .where('state', '=', 'signed')
      .orderBy('signed_at')
      .execute();

  it('CarePlan: the signed continuing care plan, active, with its goals, maintenance plan, follow-up measures, crisis resources and amendments', async () => {
    const plans = await signedNotes('continuing-care-plan');
    expect(plans.length).toBeGreaterThan(0);
    const amended = await h.database.db.selectFrom('note_amendment').select('note_id').execute();
    const plan = plans.find((p) => amended.some((a) => a.note_id === p.id)) ?? plans[0];
    if (plan === undefined) throw new Error('the demo has no signed care plan');
    const r = await get('director', `/fhir/R4/CarePlan/${plan.id}`);
    expect(r.statusCode).toBe(200);
    const cp = JSON.parse(r.body) as CarePlan;
    const content = plan.content as { goals: string[]; maintenancePlan: string; followUpMeasures: string };
    expect(cp).toMatchObject({
      status: 'active',
      intent: 'plan',
      title: 'Continuing care plan',
      subject: { reference: `Patient/${plan.patient_id}` },
      created: plan.signed_at?.toISOString(),
      period: { start: plan.signed_at?.toISOString() },
      author: { reference: `Practitioner/${plan.signed_by}` },
      description: content.maintenancePlan,
      activity: [{ detail: { status: 'scheduled', description: content.followUpMeasures } }],
    });
    expect(cp.contained?.map((g) => (g as { description: { text: string } }).description.text)).toEqual(content.goals);
    expect(cp.goal?.map((g) => g.reference)).toEqual(content.goals.map((_, i) => `#goal-${i + 1}`));
    expect(cp.note?.some((n) => n.text.startsWith('Crisis resources: '))).toBe(true);
    if (amended.some((a) => a.note_id === plan.id)) expect(cp.note?.some((n) => n.text.startsWith('Amendment ('))).toBe(true);
    expect(validateFhir(cp)).toEqual([]);
    const found = resources<CarePlan>(
      await get('director', `/fhir/R4/CarePlan?patient=${plan.patient_id}&status=active&_include=CarePlan:subject`),
    );
    expect(found.map((c) => c.id)).toContain(plan.id);
    expect(bundle(await get('director', `/fhir/R4/CarePlan?patient=${plan.patient_id}&status=draft`)).total).toBe(0);
    const day = plan.signed_at?.toISOString().slice(0, 10) as string;
    expect(resources(await get('director', `/fhir/R4/CarePlan?subject=${plan.patient_id}&date=${day}`)).map((c) => c.id)).toContain(
      plan.id,
    );
    expect(bundle(await get('director', `/fhir/R4/CarePlan?subject=${plan.patient_id}&date=lt${day}`)).total).toBe(0);
  });

  it('CarePlan: a nurse outside the care team finds none and is refused a read (403); admin 403; unknown 404; bad 400; audited', async () => {
    const plans = await signedNotes('continuing-care-plan');
    const { who, patientId } = await outsider(plans.map((p) => p.patient_id));
    const plan = plans.find((p) => p.patient_id === patientId) as (typeof plans)[number];
    expect(bundle(await get(who, `/fhir/R4/CarePlan?patient=${patientId}`)).total).toBe(0);
    expect((await get(who, `/fhir/R4/CarePlan/${plan.id}`)).statusCode).toBe(403);
    expect((await get('admin', '/fhir/R4/CarePlan')).statusCode).toBe(403);
    expect((await get('director', '/fhir/R4/CarePlan/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    const bad = await get('director', '/fhir/R4/CarePlan?category=assess-plan');
    expect(bad.statusCode).toBe(400);
    expect(outcome(bad).issue[0]).toMatchObject({ code: 'invalid', expression: ['category'] });
    const search = await get('director', `/fhir/R4/CarePlan?patient=${patientId}`);
    expect(await auditOf(search)).toEqual([
      {
        action: 'fhir.search',
        outcome: 'allowed',
        details: expect.objectContaining({ resourceType: 'CarePlan', patientIds: [patientId] }) as unknown,
      },
    ]);
  });

  // ---------------------------------------------------------------- DocumentReference

  it('DocumentReference: a signed note as plain text (its labels and content, no internal id) with its SHA-1; current, final, Kairos note type', async () => {
    const [note] = await signedNotes('discharge-summary');
    if (note === undefined) throw new Error('the demo has no signed discharge summary');
    const r = await get('director', `/fhir/R4/DocumentReference/${note.id}`);
    expect(r.statusCode).toBe(200);
    const doc = JSON.parse(r.body) as DocumentReference;
    expect(await auditOf(r)).toEqual([
      {
        action: 'fhir.read',
        outcome: 'allowed',
        details: expect.objectContaining({ resourceType: 'DocumentReference', patientIds: [note.patient_id] }) as unknown,
      },
    ]);
    expect(doc).toMatchObject({
      status: 'current',
      docStatus: 'final',
      type: {
        coding: [{ system: 'https://kairos.invalid/fhir/CodeSystem/note-type', code: 'discharge-summary', display: 'Discharge summary' }],
      },
      subject: { reference: `Patient/${note.patient_id}` },
      date: note.signed_at?.toISOString(),
      author: [{ reference: `Practitioner/${note.signed_by}` }],
    });
    const attachment = doc.content[0]?.attachment;
    expect(attachment?.contentType).toBe('text/plain; charset=utf-8');
    const bytes = Buffer.from(attachment?.data as string, 'base64');
    expect(attachment?.hash).toBe(createHash('sha1').update(bytes).digest('base64'));
    expect(attachment?.size).toBe(bytes.length);
    const text = bytes.toString('utf8');
    const content = note.content as Record<string, string>;
    expect(text).toContain('Discharge summary');
    expect(text).toContain(`Course summary\n${content.courseSummary}`);
    expect(text).toContain(`Recommendations\n${content.recommendations}`);
    for (const id of [note.id, note.patient_id, note.signed_by as string]) expect(text).not.toContain(id);
    expect(validateFhir(doc)).toEqual([]);
    // An amended note says so, and its text carries the amendment.
    const amendment = await h.database.db.selectFrom('note_amendment').selectAll().executeTakeFirst();
    if (amendment !== undefined) {
      const amended = JSON.parse((await get('director', `/fhir/R4/DocumentReference/${amendment.note_id}`)).body) as DocumentReference;
      expect(amended.docStatus).toBe('amended');
      expect(Buffer.from(amended.content[0]?.attachment.data as string, 'base64').toString('utf8')).toContain(amendment.body);
    }
  });

  it('DocumentReference: an integration-session process note (a psychotherapy note) is never served: absent from every search, 404 on read', async () => {
    const integration = await signedNotes('integration');
    expect(integration.length).toBeGreaterThan(0);
    const note = integration[0] as (typeof integration)[number];
    const read = await get('director', `/fhir/R4/DocumentReference/${note.id}`);
    expect(read.statusCode).toBe(404);
    expect(outcome(read).issue[0]?.code).toBe('not-found');
    expect(bundle(await get('director', `/fhir/R4/DocumentReference?_id=${note.id}`)).total).toBe(0);
    expect((await get('director', `/fhir/R4/CarePlan/${note.id}`)).statusCode).toBe(404);
    const all = resources<DocumentReference>(await get('director', `/fhir/R4/DocumentReference?patient=${note.patient_id}&_count=1000`));
    expect(all.length).toBeGreaterThan(0);
    const ids = new Set(all.map((d) => d.id));
    for (const n of integration) expect(ids.has(n.id)).toBe(false);
    expect(all.some((d) => d.type?.coding?.[0]?.code === 'integration')).toBe(false);
    const process = (note.content as { process: string }).process;
    for (const d of all) expect(Buffer.from(d.content[0]?.attachment.data as string, 'base64').toString('utf8')).not.toContain(process);
    const byType = await get('director', '/fhir/R4/DocumentReference?type=integration');
    expect(bundle(byType).total).toBe(0);
    expect(await auditOf(byType)).toEqual([
      {
        action: 'fhir.search',
        outcome: 'allowed',
        details: expect.objectContaining({ resourceType: 'DocumentReference', parameters: ['type'], patientIds: [] }) as unknown,
      },
    ]);
  });

  it('DocumentReference: type, date and status narrow; a nurse outside the care team finds none and is refused a read; admin 403; unknown 404; bad 400', async () => {
    const notes = await signedNotes('intake-assessment');
    const note = notes[0] as (typeof notes)[number];
    const byType = resources<DocumentReference>(
      await get(
        'director',
        `/fhir/R4/DocumentReference?subject=${note.patient_id}&type=https://kairos.invalid/fhir/CodeSystem/note-type|intake-assessment`,
      ),
    );
    expect(byType.map((d) => d.id)).toContain(note.id);
    expect(byType.every((d) => d.type?.coding?.[0]?.code === 'intake-assessment')).toBe(true);
    expect(bundle(await get('director', `/fhir/R4/DocumentReference?patient=${note.patient_id}&status=superseded`)).total).toBe(0);
    const day = note.signed_at?.toISOString().slice(0, 10) as string;
    expect(
      resources(await get('director', `/fhir/R4/DocumentReference?patient=${note.patient_id}&date=${day}`)).map((d) => d.id),
    ).toContain(note.id);
    const { who, patientId } = await outsider(notes.map((n) => n.patient_id));
    const outside = notes.find((n) => n.patient_id === patientId) as (typeof notes)[number];
    expect(bundle(await get(who, `/fhir/R4/DocumentReference?patient=${patientId}`)).total).toBe(0);
    const refused = await get(who, `/fhir/R4/DocumentReference/${outside.id}`);
    expect(refused.statusCode).toBe(403);
    expect((await auditOf(refused)).map((e) => e.outcome)).toContain('denied');
    expect((await get('admin', `/fhir/R4/DocumentReference/${note.id}`)).statusCode).toBe(403);
    expect((await get('director', '/fhir/R4/DocumentReference/not-a-note')).statusCode).toBe(404);
    const bad = await get('director', '/fhir/R4/DocumentReference?date=ap2026-01-01');
    expect(bad.statusCode).toBe(400);
    expect(outcome(bad).issue[0]).toMatchObject({ code: 'invalid', expression: ['date'] });
  });
  // Last: it adds a care plan to the demo.
  it('CarePlan: once a later care plan of the patient is signed (through the note services), the earlier one is revoked, ending there', async () => {
    const [earlier] = await signedNotes('continuing-care-plan');
    if (earlier === undefined) throw new Error('the demo has no signed care plan');
    const u = await h.database.db
      .selectFrom('app_user')
      .selectAll()
      .where('id', '=', earlier.signed_by as string)
      .executeTakeFirstOrThrow();
    const author: Actor = { userId: u.id, email: u.email, displayName: u.display_name, roles: u.roles, siteId: u.site_id };
    const latest = await h.database.db
      .selectFrom('clinical_note')
      .select((eb) => eb.fn.max('signed_at').as('at'))
      .executeTakeFirstOrThrow();
    const at = new Date((latest.at as Date).getTime() + 60 * 60_000);
    const draft = await createNote(
      h.database.db,
      author,
      earlier.patient_id,
      { template: 'continuing-care-plan', content: { ...earlier.content, goals: ['A new goal'] } },
      internalMeta('test', at),
    );
    const proof = await createStepUp(
      h.database.db,
      author,
      { email: u.email, password: DEMO_PASSWORD, purpose: NOTE_SIGN_PURPOSE },
      internalMeta('test', at),
      { allowSynthetic: true, policy: DEMO_SECOND_FACTOR_POLICY },
    );
    await signNote(h.database.db, author, draft.id, proof.stepUpToken, internalMeta('test', at));
    const later = await h.database.db.selectFrom('clinical_note').select('signed_at').where('id', '=', draft.id).executeTakeFirstOrThrow();
    const old = JSON.parse((await get('director', `/fhir/R4/CarePlan/${earlier.id}`)).body) as CarePlan;
    expect(old).toMatchObject({
      status: 'revoked',
      period: { start: earlier.signed_at?.toISOString(), end: later.signed_at?.toISOString() },
    });
    expect(validateFhir(old)).toEqual([]);
    const active = resources<CarePlan>(await get('director', `/fhir/R4/CarePlan?patient=${earlier.patient_id}&status=active`));
    expect(active.map((c) => c.id)).toEqual([draft.id]);
    expect(active[0]?.contained).toMatchObject([{ resourceType: 'Goal', description: { text: 'A new goal' } }]);
    const revoked = resources<CarePlan>(await get('director', `/fhir/R4/CarePlan?patient=${earlier.patient_id}&status=revoked`));
    expect(revoked.map((c) => c.id)).toContain(earlier.id);
  });
});
