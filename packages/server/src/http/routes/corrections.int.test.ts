/**
 * Corrections with history on both engines: an adverse event's kind, severity and times corrected
 * after its review, and a questionnaire staff entered for the wrong date, each with a reason, the
 * original kept, audited; with a table of attempts that must fail (the wrong person, no reason,
 * hostile text, an unknown kind, a stale view, nothing to change) and two corrections at once.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { injectAs, signInAs, type TestAuth } from '../../../test/auth.js';
import { buildDemoApp, type ManualClock } from '../../../test/app.js';
import { describeEachEngine } from '../../../test/engines.js';

interface Correction {
  at: string;
  by: string;
  reason: string;
  changes: { field: string; before: string | null; after: string | null }[];
}

describeEachEngine('corrections with history', (h) => {
  let app: FastifyInstance;
  let clock: ManualClock;
  const as: Record<string, TestAuth> = {};
  let sessionId: string;
  let patientId: string;
  let aeId: string;
  const json = <T = Record<string, unknown>>(r: LightMyRequestResponse): T => r.json<T>();
  const ago = (minutes: number) => new Date(clock.nowMs() - minutes * 60_000).toISOString();
  const correct = (who: string, payload: object, id = aeId) =>
    injectAs(app, as[who] as TestAuth, { method: 'POST', url: `/api/adverse-events/${id}/corrections`, payload });
  const events = async () =>
    json<{
      items: {
        id: string;
        kind: string;
        severity: string;
        occurredAt: string;
        resolvedAt: string | null;
        reviewedAt: string | null;
        corrections: Correction[];
      }[];
    }>(await injectAs(app, as.nurse as TestAuth, { method: 'GET', url: `/api/sessions/${sessionId}/adverse-events` })).items.find(
      (a) => a.id === aeId,
    )!;
  /** Refusals of an action on the record (or, refused before the record is reached, on its patient). */
  const denials = async (action: string) =>
    (
      await h.database.db
        .selectFrom('audit_event')
        .select('seq')
        .where('action', '=', action)
        .where('patient_id', '=', patientId)
        .where('outcome', '=', 'denied')
        .execute()
    ).length;

  beforeAll(async () => {
    ({ app, clock } = await buildDemoApp(h.database));
    for (const who of ['nurse', 'prescriber', 'prescriber2', 'director', 'therapist', 'coordinator'])
      as[who] = await signInAs(app, `${who}@demo.test`);
    const row = await h.database.db
      .selectFrom('dosing_session as s')
      .innerJoin('patient as p', 'p.id', 's.patient_id')
      .select(['s.id', 's.patient_id'])
      .where('p.mrn', '=', 'DEMO-0009')
      .executeTakeFirstOrThrow();
    sessionId = row.id;
    patientId = row.patient_id;
    const r = await injectAs(app, as.nurse as TestAuth, {
      method: 'POST',
      url: `/api/sessions/${sessionId}/adverse-events`,
      payload: { kind: 'nausea', severity: 'mild', serious: true, occurredAt: ago(20), actionTaken: 'ondansetron offered' },
    });
    expect(r.statusCode, r.body).toBe(201);
    aeId = json<{ id: string }>(r).id;
    const review = await injectAs(app, as.director as TestAuth, {
      method: 'POST',
      url: `/api/adverse-events/${aeId}/review`,
      payload: { note: 'reviewed: expected and managed' },
    });
    expect(review.statusCode).toBe(204);
  });
  afterAll(async () => app.close());

  it('after review, a prescriber corrects the kind, severity and times with a reason; the original values are kept and shown', async () => {
    const original = await events();
    expect(original.reviewedAt).not.toBeNull();
    const r = await correct('prescriber', {
      kind: 'vomiting',
      severity: 'moderate',
      occurredAt: ago(25),
      resolvedAt: ago(5),
      reason: 'charted as nausea; the patient vomited twice, onset earlier per the nurse’s notes',
      correctionsSeen: 0,
    });
    expect(r.statusCode, r.body).toBe(204);
    const a = await events();
    expect(a).toMatchObject({ kind: 'vomiting', severity: 'moderate', occurredAt: ago(25).replace(/Z$/, 'Z'), resolvedAt: ago(5) });
    expect(a.corrections).toHaveLength(1);
    expect(a.corrections[0]).toMatchObject({ by: expect.any(String), reason: expect.stringContaining('vomited twice') });
    expect(a.corrections[0]?.changes).toEqual(
      expect.arrayContaining([
        { field: 'kind', before: 'nausea', after: 'vomiting' },
        { field: 'severity', before: 'mild', after: 'moderate' },
        { field: 'occurredAt', before: original.occurredAt, after: a.occurredAt },
        { field: 'resolvedAt', before: null, after: a.resolvedAt },
      ]),
    );
    const audited = await h.database.db
      .selectFrom('audit_event')
      .select(['details', 'user_id'])
      .where('action', '=', 'adverse-event.correct')
      .where('record_id', '=', aeId)
      .where('outcome', '=', 'allowed')
      .execute();
    expect(audited).toHaveLength(1);
    expect(audited[0]?.details).toMatchObject({ before: { kind: 'nausea' }, after: { kind: 'vomiting' }, reason: expect.any(String) });
  });

  it('a correction of a correction keeps both, the second’s before being the first’s after; the director may correct too', async () => {
    const r = await correct('director', { severity: 'severe', reason: 'needed IV fluids: severe', correctionsSeen: 1 });
    expect(r.statusCode, r.body).toBe(204);
    const a = await events();
    expect(a.severity).toBe('severe');
    expect(a.corrections.map((c) => c.changes)).toEqual([
      expect.arrayContaining([{ field: 'severity', before: 'mild', after: 'moderate' }]),
      [{ field: 'severity', before: 'moderate', after: 'severe' }],
    ]);
  });

  const attempts: [name: string, who: string, payload: object, status: number, audited: boolean][] = [
    ['a nurse (not a prescriber) is refused', 'nurse', { severity: 'mild', reason: 'looked milder', correctionsSeen: 2 }, 403, false],
    ['a therapist is refused', 'therapist', { severity: 'mild', reason: 'looked milder', correctionsSeen: 2 }, 403, false],
    ['a coordinator is refused', 'coordinator', { severity: 'mild', reason: 'looked milder', correctionsSeen: 2 }, 403, false],
    ['no reason', 'prescriber', { severity: 'mild', correctionsSeen: 2 }, 400, false],
    ['a blank reason', 'prescriber', { severity: 'mild', reason: '   ', correctionsSeen: 2 }, 400, false],
    ['an unknown kind', 'prescriber', { kind: 'unicorn', reason: 'typo fix', correctionsSeen: 2 }, 400, false],
    ['an unknown field', 'prescriber', { serious: false, reason: 'not serious', correctionsSeen: 2 }, 400, false],
    ['a reason too long', 'prescriber', { severity: 'mild', reason: 'x'.repeat(2001), correctionsSeen: 2 }, 400, false],
    ['a NUL in the reason', 'prescriber', { severity: 'mild', reason: 'bad\u0000byte', correctionsSeen: 2 }, 400, false],
    [
      'an onset in the future',
      'prescriber',
      { occurredAt: new Date(Date.UTC(2030, 0, 1)).toISOString(), reason: 'time', correctionsSeen: 2 },
      400,
      true,
    ],
    [
      'a resolution before the onset',
      'prescriber',
      { resolvedAt: new Date(Date.UTC(2020, 0, 1)).toISOString(), reason: 'time', correctionsSeen: 2 },
      400,
      true,
    ],
    ['other without a description', 'prescriber', { kind: 'other', reason: 'was something else', correctionsSeen: 2 }, 400, true],
    ['nothing changes', 'prescriber', { severity: 'severe', reason: 'same again', correctionsSeen: 2 }, 400, true],
    [
      'a stale view (one correction seen of two)',
      'prescriber',
      { severity: 'mild', reason: 'looked milder', correctionsSeen: 1 },
      409,
      true,
    ],
    ['a prescriber outside the care team', 'prescriber2', { severity: 'mild', reason: 'looked milder', correctionsSeen: 2 }, 403, true],
  ];
  it.each(attempts)('refused: %s', async (_name, who, payload, status, audited) => {
    const before = await denials('adverse-event.correct');
    const r = await correct(who, payload);
    expect(r.statusCode, r.body).toBe(status);
    const a = await events();
    expect(a.severity).toBe('severe');
    expect(a.corrections).toHaveLength(2);
    if (audited) expect(await denials('adverse-event.correct')).toBe(before + 1);
  });

  it('hostile text in the reason is kept as text, never interpreted', async () => {
    const hostile = "<script>alert(1)</script> '; DROP TABLE adverse_event; --";
    const r = await correct('prescriber', { kind: 'anxiety', reason: hostile, correctionsSeen: 2 });
    expect(r.statusCode, r.body).toBe(204);
    const a = await events();
    expect(a.kind).toBe('anxiety');
    expect(a.corrections.at(-1)?.reason).toBe(hostile);
  });

  it('two corrections at once from the same view: one is stored, the other is a 409 to look again', async () => {
    const results = await Promise.all([
      correct('prescriber', { severity: 'mild', reason: 'first view', correctionsSeen: 3 }),
      correct('director', { severity: 'moderate', reason: 'second view', correctionsSeen: 3 }),
    ]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([204, 409]);
    const a = await events();
    expect(a.corrections).toHaveLength(4);
    expect(a.corrections.at(-1)?.changes).toEqual([{ field: 'severity', before: 'severe', after: a.severity }]);
  });

  it('an unknown adverse event is a 404', async () => {
    const r = await correct(
      'prescriber',
      { severity: 'mild', reason: 'x y z', correctionsSeen: 0 },
      '00000000-0000-4000-8000-000000000000',
    );
    expect(r.statusCode).toBe(404);
  });

  describe('a questionnaire entered for the wrong date', () => {
    let responseId: string;
    const correctQ = (who: string, payload: object, id = responseId) =>
      injectAs(app, as[who] as TestAuth, { method: 'POST', url: `/api/questionnaires/${id}/corrections`, payload });
    const responses = async () =>
      json<{ items: { id: string; completedAt: string; dueDate: string | null; corrections: Correction[] }[] }>(
        await injectAs(app, as.therapist as TestAuth, { method: 'GET', url: `/api/patients/${patientId}/questionnaires` }),
      ).items;
    const outcomes = async () =>
      json<{ pcl5: { responseId: string; completedAt: string; date: string }[] }>(
        await injectAs(app, as.therapist as TestAuth, { method: 'GET', url: `/api/patients/${patientId}/outcomes` }),
      ).pcl5;

    it('a therapist corrects the date with a reason; the original is kept; outcomes use the corrected date', async () => {
      const wrong = new Date(clock.nowMs() - 400 * 86_400_000).toISOString();
      const baseline = await injectAs(app, as.therapist as TestAuth, {
        method: 'POST',
        url: `/api/patients/${patientId}/questionnaires`,
        payload: { instrument: 'pcl5-month', answers: Array(20).fill(2), completedAt: ago(30 * 24 * 60) },
      });
      expect(baseline.statusCode, baseline.body).toBe(201);
      const r = await injectAs(app, as.therapist as TestAuth, {
        method: 'POST',
        url: `/api/patients/${patientId}/questionnaires`,
        payload: { instrument: 'pcl5-week', answers: Array(20).fill(1), completedAt: wrong },
      });
      expect(r.statusCode, r.body).toBe(201);
      responseId = json<{ id: string }>(r).id;
      expect((await outcomes())[0]?.responseId).toBe(responseId); // entered a year early, it became the baseline
      const right = ago(60);
      const c = await correctQ('therapist', { completedAt: right, reason: 'paper form dated last year by mistake', correctionsSeen: 0 });
      expect(c.statusCode, c.body).toBe(204);
      const q = (await responses()).find((x) => x.id === responseId)!;
      expect(q.completedAt).toBe(right);
      expect(q.corrections).toEqual([
        expect.objectContaining({
          reason: 'paper form dated last year by mistake',
          changes: [{ field: 'completedAt', before: wrong, after: right }],
        }),
      ]);
      const series = await outcomes();
      expect(series.at(-1)).toMatchObject({ responseId, completedAt: right });
      expect(series[0]?.responseId).not.toBe(responseId);
      const audited = await h.database.db
        .selectFrom('audit_event')
        .select('details')
        .where('action', '=', 'questionnaire.correct')
        .where('record_id', '=', responseId)
        .where('outcome', '=', 'allowed')
        .execute();
      expect(audited).toHaveLength(1);
    });

    it('the scheduled date too; then a correction of the correction', async () => {
      expect(
        (await correctQ('nurse', { dueDate: '2026-11-30', reason: 'given for the day-5 measure', correctionsSeen: 1 })).statusCode,
      ).toBe(204);
      expect(
        (await correctQ('prescriber', { dueDate: null, reason: 'not for a scheduled measure after all', correctionsSeen: 2 })).statusCode,
      ).toBe(204);
      const q = (await responses()).find((x) => x.id === responseId)!;
      expect(q.dueDate).toBeNull();
      expect(q.corrections.map((c) => c.changes[0])).toEqual([
        expect.objectContaining({ field: 'completedAt' }),
        { field: 'dueDate', before: null, after: '2026-11-30' },
        { field: 'dueDate', before: '2026-11-30', after: null },
      ]);
    });

    const qAttempts: [name: string, who: string, payload: object, status: number][] = [
      ['a coordinator is refused', 'coordinator', { dueDate: '2026-11-29', reason: 'moved', correctionsSeen: 3 }, 403],
      ['no reason', 'therapist', { dueDate: '2026-11-29', correctionsSeen: 3 }, 400],
      ['a date that does not exist', 'therapist', { dueDate: '2026-02-30', reason: 'moved', correctionsSeen: 3 }, 400],
      [
        'answered in the future',
        'therapist',
        { completedAt: new Date(Date.UTC(2030, 0, 1)).toISOString(), reason: 'moved', correctionsSeen: 3 },
        400,
      ],
      ['a stale view', 'therapist', { dueDate: '2026-11-29', reason: 'moved', correctionsSeen: 0 }, 409],
      ['nothing changes', 'therapist', { dueDate: null, reason: 'same', correctionsSeen: 3 }, 400],
    ];
    it.each(qAttempts)('refused: %s', async (_name, who, payload, status) => {
      const r = await correctQ(who, payload);
      expect(r.statusCode, r.body).toBe(status);
      expect((await responses()).find((x) => x.id === responseId)?.corrections).toHaveLength(3);
    });

    it('a response the patient gave in the portal keeps the portal’s time', async () => {
      const portal = await h.database.db
        .selectFrom('questionnaire_response')
        .select('id')
        .where('channel', '=', 'portal')
        .where('patient_id', '=', patientId)
        .executeTakeFirst();
      if (portal === undefined) return;
      const r = await correctQ('therapist', { completedAt: ago(5), reason: 'moved', correctionsSeen: 0 }, portal.id);
      expect(r.statusCode).toBe(409);
    });
  });
});
