/**
 * A clinician enters a patient's questionnaire as a FHIR QuestionnaireResponse (issue 25, Must 2)
 * on both engines: the Questionnaire Kairos serves, its items' codings as answers; scored by core
 * and risk-routed exactly as an entry through the API (a PHQ-9 item 9 above 0 raises the
 * same-day follow-up task); and each attempt past the rules refused with nothing stored.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Observation, OperationOutcome, Questionnaire, QuestionnaireResponse } from '@medplum/fhirtypes';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { injectAs, signInAs, type TestAuth } from '../../test/auth.js';
import { buildDemoApp } from '../../test/app.js';
import { describeEachEngine } from '../../test/engines.js';

describeEachEngine('FHIR QuestionnaireResponse entered by a clinician', (h) => {
  let app: FastifyInstance;
  const auth: Record<'therapist' | 'admin' | 'director', TestAuth> = {} as never;
  let patientId: string;
  let outsider: string;
  let phq9: Questionnaire;

  const post = (who: keyof typeof auth, body: unknown): Promise<LightMyRequestResponse> =>
    injectAs(app, auth[who], {
      method: 'POST',
      url: '/fhir/R4/QuestionnaireResponse',
      headers: { 'content-type': 'application/fhir+json' },
      payload: JSON.stringify(body),
    });
  const count = async (table: 'questionnaire_response' | 'clinical_task') =>
    Number(
      (
        await h.database.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  /** A PHQ-9 with these item scores, answered as the Questionnaire's own codings. */
  const phq9Response = (scores: number[], extra: Partial<QuestionnaireResponse> = {}): QuestionnaireResponse => ({
    resourceType: 'QuestionnaireResponse',
    questionnaire: phq9.url,
    status: 'completed',
    subject: { reference: `Patient/${patientId}` },
    authored: '2026-11-30T10:00:00Z',
    item: scores.map((score, i) => {
      const item = phq9.item?.find((x) => x.linkId === String(i + 1));
      return { linkId: String(i + 1), answer: [{ valueCoding: item?.answerOption?.[score]?.valueCoding }] };
    }),
    ...extra,
  });
  const outcome = (r: LightMyRequestResponse) => JSON.parse(r.body) as OperationOutcome;

  beforeAll(async () => {
    ({ app } = await buildDemoApp(h.database));
    for (const who of ['therapist', 'admin', 'director'] as const) auth[who] = await signInAs(app, `${who}@demo.test`);
    const therapist = await h.database.db
      .selectFrom('app_user')
      .select('id')
      .where('email', '=', 'therapist@demo.test')
      .executeTakeFirstOrThrow();
    patientId = (
      await h.database.db.selectFrom('care_team_member').select('patient_id').where('user_id', '=', therapist.id).executeTakeFirstOrThrow()
    ).patient_id;
    outsider = (
      await h.database.db
        .selectFrom('patient as p')
        .select('p.id')
        .where((eb) =>
          eb.not(
            eb.exists(
              eb
                .selectFrom('care_team_member as c')
                .select('c.patient_id')
                .whereRef('c.patient_id', '=', 'p.id')
                .where('c.user_id', '=', therapist.id),
            ),
          ),
        )
        .executeTakeFirstOrThrow()
    ).id;
    phq9 = JSON.parse((await injectAs(app, auth.therapist, { method: 'GET', url: '/fhir/R4/Questionnaire/phq9' })).body) as Questionnaire;
  });
  afterAll(async () => app?.close());

  it('a PHQ-9 is stored (201), served back, and scored by core: its total is an Observation derived from it', async () => {
    const r = await post('therapist', phq9Response([1, 2, 1, 0, 1, 1, 0, 1, 0]));
    expect(r.statusCode, r.body).toBe(201);
    const stored = JSON.parse(r.body) as QuestionnaireResponse;
    expect(stored).toMatchObject({
      resourceType: 'QuestionnaireResponse',
      questionnaire: phq9.url,
      subject: { reference: `Patient/${patientId}` },
      authored: '2026-11-30T10:00:00.000Z',
    });
    expect(r.headers.location).toMatch(new RegExp(`/fhir/R4/QuestionnaireResponse/${stored.id ?? ''}$`));
    const score = JSON.parse(
      (await injectAs(app, auth.therapist, { method: 'GET', url: `/fhir/R4/Observation/score-${stored.id ?? ''}` })).body,
    ) as Observation;
    expect(score.valueQuantity?.value).toBe(7);
    expect(score.derivedFrom?.[0]?.reference).toBe(`QuestionnaireResponse/${stored.id ?? ''}`);
  });

  it('item 9 above 0 is risk-routed as through the API: a follow-up task for the care team', async () => {
    const tasks = await count('clinical_task');
    const r = await post('therapist', phq9Response([0, 0, 0, 0, 0, 0, 0, 0, 1]));
    expect(r.statusCode, r.body).toBe(201);
    expect(await count('clinical_task')).toBe(tasks + 1);
  });

  it.each([
    [
      'a Questionnaire Kairos does not serve',
      () => phq9Response([0, 0, 0, 0, 0, 0, 0, 0, 0], { questionnaire: 'http://example.org/Questionnaire/phq9' }),
      'therapist',
      400,
      'QuestionnaireResponse.questionnaire',
    ],
    ['an item missing', () => phq9Response([0, 0, 0, 0, 0, 0, 0, 0]), 'therapist', 400, 'QuestionnaireResponse.item'],
    [
      'an answer that is not one of the item’s',
      () =>
        phq9Response([0, 0, 0, 0, 0, 0, 0, 0, 0], {
          item: [{ linkId: '1', answer: [{ valueCoding: { system: 'http://loinc.org', code: 'LA33-6' } }] }],
        }),
      'therapist',
      400,
      'QuestionnaireResponse.item[0].answer[0]',
    ],
    [
      'an item with no linkId (the validator)',
      () => phq9Response([0], { item: [{ answer: [{ valueInteger: 1 }] } as never] }),
      'therapist',
      400,
      'linkId',
    ],
    [
      'in progress',
      () => phq9Response([0, 0, 0, 0, 0, 0, 0, 0, 0], { status: 'in-progress' }),
      'therapist',
      400,
      'QuestionnaireResponse.status',
    ],
    [
      'a patient outside the care team',
      () => phq9Response([0, 0, 0, 0, 0, 0, 0, 0, 0], { subject: { reference: `Patient/${outsider}` } }),
      'therapist',
      403,
      '',
    ],
    ['an administrator (no patient data)', () => phq9Response([0, 0, 0, 0, 0, 0, 0, 0, 0]), 'admin', 403, ''],
  ] as const)('refused, nothing stored: %s', async (_title, make, who, status, field) => {
    const before = await count('questionnaire_response');
    const r = await post(who, make());
    expect(r.statusCode, r.body).toBe(status);
    expect(outcome(r).resourceType).toBe('OperationOutcome');
    if (field !== '')
      expect(outcome(r).issue.map((i) => (i.expression ?? []).join())).toEqual(expect.arrayContaining([expect.stringContaining(field)]));
    expect(await count('questionnaire_response')).toBe(before);
  });
});
