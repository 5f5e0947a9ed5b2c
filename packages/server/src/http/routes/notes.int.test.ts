/**
 * Clinical notes through the API on both engines: a draft from a template, edited, refused a
 * signature while required fields are empty (each named), signed with the signer's own step-up
 * proof, then locked (a 409, and the table's trigger against direct SQL), amended with a reason;
 * the continuing care plan as PDFs whose extracted text holds the goals; the plan in the patient's
 * portal, for that patient only; access outside the care team refused and audited.
 */
import type { Note } from '@kairos/api';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { injectAs, signInAs, type TestAuth } from '../../../test/auth.js';
import { buildDemoApp } from '../../../test/app.js';
import { describeEachEngine } from '../../../test/engines.js';
import { pdfText } from '../../../test/pdf-text.js';
import { amendmentHash, noteContentHash } from '../../services/notes/internal/note-hash.js';

const GOALS = ['Sleep through the night at least five nights a week', 'Drive to the coast with my sister before spring'];

describeEachEngine('clinical notes', (h) => {
  let app: FastifyInstance;
  let therapist: TestAuth;
  let prescriber: TestAuth;
  let outsider: TestAuth;
  let coordinator: TestAuth;
  let patientId: string;
  let otherPatientId: string;
  let noteId: string;
  const json = <T = Record<string, unknown>>(r: LightMyRequestResponse): T => r.json<T>();
  const stepUp = async (auth: TestAuth, email: string, purpose = 'note.sign') =>
    json<{ stepUpToken: string }>(
      await injectAs(app, auth, { method: 'POST', url: '/api/step-up', payload: { email, password: 'kairos-demo-2026', purpose } }),
    ).stepUpToken;
  const note = async (id = noteId, auth = therapist) => json<Note>(await injectAs(app, auth, { method: 'GET', url: `/api/notes/${id}` }));
  const row = () => h.database.db.selectFrom('clinical_note').selectAll().where('id', '=', noteId).executeTakeFirstOrThrow();

  beforeAll(async () => {
    ({ app } = await buildDemoApp(h.database));
    therapist = await signInAs(app, 'therapist@demo.test');
    prescriber = await signInAs(app, 'prescriber@demo.test');
    outsider = await signInAs(app, 'therapist2@demo.test');
    coordinator = await signInAs(app, 'coordinator@demo.test');
    const patients = await h.database.db
      .selectFrom('patient')
      .select(['id', 'mrn'])
      .where('mrn', 'in', ['DEMO-0009', 'DEMO-0001'])
      .execute();
    patientId = patients.find((p) => p.mrn === 'DEMO-0009')?.id as string;
    otherPatientId = patients.find((p) => p.mrn === 'DEMO-0001')?.id as string;
  });
  afterAll(async () => app.close());

  it('lists the six templates with their fields and required flags', async () => {
    const r = await injectAs(app, therapist, { method: 'GET', url: '/api/note-templates' });
    expect(r.statusCode).toBe(200);
    const { items } = json<{ items: { id: string; fields: { id: string; required: boolean; kind: string }[] }[] }>(r);
    expect(items.map((t) => t.id)).toEqual([
      'intake-assessment',
      'preparation',
      'dosing-session',
      'integration',
      'discharge-summary',
      'continuing-care-plan',
    ]);
    const plan = items.find((t) => t.id === 'continuing-care-plan');
    expect(plan?.fields.filter((f) => f.required).map((f) => f.id)).toEqual([
      'goals',
      'maintenancePlan',
      'followUpMeasures',
      'crisisResources',
    ]);
  });

  it('creates a draft care plan, prefilled with the follow-up measures of the measurement schedule', async () => {
    const r = await injectAs(app, therapist, {
      method: 'POST',
      url: `/api/patients/${patientId}/notes`,
      payload: { template: 'continuing-care-plan', content: { goals: [GOALS[0]], crisisResources: null } },
    });
    expect(r.statusCode).toBe(201);
    const n = json<Note>(r);
    noteId = n.id;
    expect(n.state).toBe('draft');
    expect(n.content.goals).toEqual([GOALS[0]]);
    expect(String(n.content.followUpMeasures)).toContain('+30 days after day 5: PCL-5 (past month), PHQ-9, C-SSRS screener');
    expect(n.missing.map((m) => m.field)).toEqual(['maintenancePlan', 'crisisResources']);
    const enrollment = await h.database.db
      .selectFrom('enrollment')
      .select('id')
      .where('patient_id', '=', patientId)
      .executeTakeFirstOrThrow();
    expect((await row()).enrollment_id).toBe(enrollment.id);
  });

  it('edits the draft: the fields given replace the stored ones', async () => {
    const r = await injectAs(app, therapist, {
      method: 'PATCH',
      url: `/api/notes/${noteId}`,
      payload: { content: { goals: GOALS, maintenancePlan: 'Weekly trauma-focused therapy for eight weeks; container exercise nightly.' } },
    });
    expect(r.statusCode).toBe(200);
    const n = json<Note>(r);
    expect(n.content.goals).toEqual(GOALS);
    expect(n.content.followUpMeasures).toBeDefined();
    expect(n.missing).toEqual([{ field: 'crisisResources', label: 'Crisis resources' }]);
  });

  it('refuses content that does not fit the template, naming the field, and stores nothing', async () => {
    const before = await row();
    const unknown = await injectAs(app, therapist, {
      method: 'PATCH',
      url: `/api/notes/${noteId}`,
      payload: { content: { mood: 'fine' } },
    });
    expect(unknown.statusCode).toBe(400);
    expect(json(unknown)).toMatchObject({ error: { code: 'VALIDATION_FAILED', details: { issues: [{ field: 'body.content.mood' }] } } });
    const wrong = await injectAs(app, therapist, {
      method: 'PATCH',
      url: `/api/notes/${noteId}`,
      payload: { content: { goals: 'walk more' } },
    });
    expect(wrong.statusCode).toBe(400);
    expect(json<{ error: { message: string } }>(wrong).error.message).toContain('body.content.goals: Goals must be a list of texts');
    const nul = await injectAs(app, therapist, {
      method: 'PATCH',
      url: `/api/notes/${noteId}`,
      payload: { content: { maintenancePlan: 'a\u0000b' } },
    });
    expect(nul.statusCode).toBe(400);
    const otherEnrollment = await h.database.db
      .selectFrom('enrollment')
      .select('id')
      .where('patient_id', '=', otherPatientId)
      .executeTakeFirstOrThrow();
    const foreign = await injectAs(app, therapist, {
      method: 'POST',
      url: `/api/patients/${patientId}/notes`,
      payload: { template: 'preparation', enrollmentId: otherEnrollment.id },
    });
    expect(foreign.statusCode).toBe(400);
    expect(json(foreign)).toMatchObject({ error: { details: { issues: [{ field: 'body.enrollmentId' }] } } });
    expect(await row()).toEqual(before);
  });

  it('refuses to sign while a required field is empty, naming it (422); the step-up proof is not used up', async () => {
    const token = await stepUp(therapist, 'therapist@demo.test');
    const r = await injectAs(app, therapist, { method: 'POST', url: `/api/notes/${noteId}/sign`, payload: { stepUpToken: token } });
    expect(r.statusCode).toBe(422);
    expect(json(r)).toMatchObject({
      error: {
        code: 'UNPROCESSABLE',
        message: 'This note cannot be signed yet: fill in Crisis resources.',
        details: { missing: [{ field: 'crisisResources', label: 'Crisis resources' }] },
      },
    });
    expect((await row()).state).toBe('draft');
    await injectAs(app, therapist, {
      method: 'PATCH',
      url: `/api/notes/${noteId}`,
      payload: {
        content: {
          crisisResources: 'Call or text 988, day or night. Clinic line: 555-0100.',
          referrerSummary: 'Completed the retreat without adverse events.',
        },
      },
    });
    // The refused signature rolled back: the same proof still signs (checked below with a fresh one too).
    const signed = await injectAs(app, therapist, { method: 'POST', url: `/api/notes/${noteId}/sign`, payload: { stepUpToken: token } });
    expect(signed.statusCode).toBe(200);
    await sql`UPDATE clinical_note SET state = 'draft' WHERE id = ${noteId}`.execute(h.database.db).then(
      () => expect.unreachable('a signed note must not go back to draft'),
      (e: unknown) => expect(String(e)).toMatch(/locked/),
    );
  });

  it('a note signed with a step-up proved by someone else, or for another purpose, is refused', async () => {
    const draft = json<Note>(
      await injectAs(app, therapist, {
        method: 'POST',
        url: `/api/patients/${patientId}/notes`,
        payload: {
          template: 'preparation',
          content: { intentions: ['To feel safe'], expectations: 'x', groundingTechniques: 'y', supportPlan: 'z' },
        },
      }),
    );
    const byOther = await injectAs(app, therapist, {
      method: 'POST',
      url: `/api/notes/${draft.id}/sign`,
      payload: { stepUpToken: await stepUp(therapist, 'prescriber@demo.test') },
    });
    expect(byOther.statusCode).toBe(403);
    expect(json<{ error: { message: string } }>(byOther).error.message).toContain('your own password');
    const otherPurpose = await injectAs(app, therapist, {
      method: 'POST',
      url: `/api/notes/${draft.id}/sign`,
      payload: { stepUpToken: await stepUp(therapist, 'therapist@demo.test', 'dose.double-check') },
    });
    expect(otherPurpose.statusCode).toBe(403);
    const denied = await h.database.db
      .selectFrom('audit_event')
      .select('action')
      .where('record_id', '=', draft.id)
      .where('outcome', '=', 'denied')
      .execute();
    expect(denied.map((d) => d.action)).toContain('note.sign');
    expect((await note(draft.id)).state).toBe('draft');
  });

  it('the signed note carries its signer, time and the sha256 of its template and content', async () => {
    const n = await note();
    expect(n.state).toBe('signed');
    expect(n.signedBy?.name).toBe('Theo Therapist, LCSW');
    expect(n.signedAt).not.toBeNull();
    expect(n.contentHash).toBe(noteContentHash('continuing-care-plan', '1', n.content));
    expect(n.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(n.hashVerified).toBe(true);
    expect(n.pdf).toEqual({ patient: `/api/notes/${noteId}/pdf?audience=patient`, referrer: `/api/notes/${noteId}/pdf?audience=referrer` });
  });

  it('a signed note cannot be edited (409, clear message) and the row is unchanged; signing again is a 409', async () => {
    const before = await row();
    const r = await injectAs(app, therapist, {
      method: 'PATCH',
      url: `/api/notes/${noteId}`,
      payload: { content: { goals: ['something else'] } },
    });
    expect(r.statusCode).toBe(409);
    expect(json<{ error: { message: string } }>(r).error.message).toBe(
      'This note is signed and locked: it cannot be changed. Add an amendment to correct or add to it.',
    );
    expect(await row()).toEqual(before);
    const again = await injectAs(app, therapist, {
      method: 'POST',
      url: `/api/notes/${noteId}/sign`,
      payload: { stepUpToken: await stepUp(therapist, 'therapist@demo.test') },
    });
    expect(again.statusCode).toBe(409);
    expect(await row()).toEqual(before);
  });

  it('the database refuses a direct UPDATE or DELETE of a signed note (trigger), on this engine too', async () => {
    const before = await row();
    await expect(
      sql`UPDATE clinical_note SET content = '{"goals":["forged"]}'::jsonb WHERE id = ${noteId}`.execute(h.database.db),
    ).rejects.toThrow(/signed note is locked/);
    await expect(sql`DELETE FROM clinical_note WHERE id = ${noteId}`.execute(h.database.db)).rejects.toThrow(/signed note is locked/);
    // The demo reset's exception needs its transaction setting: a plain connection has none.
    expect(await row()).toEqual(before);
  });

  it('an amendment is appended with its reason and hash; a reason is required; a draft is edited, not amended', async () => {
    const noReason = await injectAs(app, prescriber, {
      method: 'POST',
      url: `/api/notes/${noteId}/amendments`,
      payload: { body: 'Added: sertraline continues at 100 mg.' },
    });
    expect(noReason.statusCode).toBe(400);
    expect(json<{ error: { message: string } }>(noReason).error.message).toContain('reason');
    const r = await injectAs(app, prescriber, {
      method: 'POST',
      url: `/api/notes/${noteId}/amendments`,
      payload: { body: 'Added: sertraline continues at 100 mg each morning.', reason: 'Medication plan agreed after signing' },
    });
    expect(r.statusCode).toBe(201);
    const n = json<Note>(r);
    expect(n.amendments).toHaveLength(1);
    expect(n.amendments[0]).toMatchObject({
      body: 'Added: sertraline continues at 100 mg each morning.',
      reason: 'Medication plan agreed after signing',
      by: { name: 'Dr. Priya Prescriber' },
      hashVerified: true,
    });
    expect(n.amendments[0]?.contentHash).toBe(
      amendmentHash(n.contentHash as string, 'Added: sertraline continues at 100 mg each morning.', 'Medication plan agreed after signing'),
    );
    expect(n.content.goals).toEqual(GOALS);
    await expect(sql`UPDATE note_amendment SET body = 'forged' WHERE note_id = ${noteId}`.execute(h.database.db)).rejects.toThrow(
      /append-only/,
    );
    await expect(sql`DELETE FROM note_amendment WHERE note_id = ${noteId}`.execute(h.database.db)).rejects.toThrow(/append-only/);
    const draft = json<Note>(
      await injectAs(app, therapist, { method: 'POST', url: `/api/patients/${patientId}/notes`, payload: { template: 'integration' } }),
    );
    const onDraft = await injectAs(app, therapist, {
      method: 'POST',
      url: `/api/notes/${draft.id}/amendments`,
      payload: { body: 'x', reason: 'y' },
    });
    expect(onDraft.statusCode).toBe(409);
  });

  it('a dosing-session note opened from its session starts with the intention set at the chair; given content wins; another patient’s session is refused', async () => {
    const db = h.database.db;
    const session = await db
      .selectFrom('dosing_session')
      .select(['id', 'checklist'])
      .where('patient_id', '=', patientId)
      .executeTakeFirstOrThrow();
    const intention = 'to meet the memory without being swept away';
    await db
      .updateTable('dosing_session')
      .set({ checklist: JSON.stringify({ ...session.checklist, intention: `  ${intention} ` }) })
      .where('id', '=', session.id)
      .execute();
    const create = (payload: Record<string, unknown>, pid = patientId) =>
      injectAs(app, therapist, { method: 'POST', url: `/api/patients/${pid}/notes`, payload: { template: 'dosing-session', ...payload } });
    const fromConsole = await create({ sessionId: session.id });
    expect(fromConsole.statusCode).toBe(201);
    expect(json<Note>(fromConsole)).toMatchObject({ sessionId: session.id, content: { intention } });
    // Without the session there is nothing to prefill from.
    expect(json<Note>(await create({})).content).not.toHaveProperty('intention');
    // What the writer gave replaces the prefill.
    expect(json<Note>(await create({ sessionId: session.id, content: { intention: 'their own words' } })).content).toMatchObject({
      intention: 'their own words',
    });
    const other = await create({ sessionId: session.id }, otherPatientId);
    expect([400, 403]).toContain(other.statusCode);
  });

  it('an integration note with the modality "other" needs the other modality named', async () => {
    const draft = json<Note>(
      await injectAs(app, therapist, {
        method: 'POST',
        url: `/api/patients/${patientId}/notes`,
        payload: {
          template: 'integration',
          content: { modality: 'other', targets: 'the crash', process: 'flash technique, six rounds', stateAtClose: 'calm' },
        },
      }),
    );
    const r = await injectAs(app, therapist, {
      method: 'POST',
      url: `/api/notes/${draft.id}/sign`,
      payload: { stepUpToken: await stepUp(therapist, 'therapist@demo.test') },
    });
    expect(r.statusCode).toBe(422);
    expect(json(r)).toMatchObject({ error: { details: { missing: [{ field: 'modalityOther', label: 'Other modality' }] } } });
  });

  it('the patient’s list shows each note with its state, author, signer and amendment count', async () => {
    const r = await injectAs(app, therapist, { method: 'GET', url: `/api/patients/${patientId}/notes` });
    expect(r.statusCode).toBe(200);
    const items = json<{
      items: {
        id: string;
        template: string;
        title: string;
        state: string;
        author: string;
        signedBy: string | null;
        signedAt: string | null;
        amendments: number;
      }[];
    }>(r).items;
    expect(items.find((i) => i.id === noteId)).toMatchObject({
      template: 'continuing-care-plan',
      title: 'Continuing care plan',
      state: 'signed',
      author: 'Theo Therapist, LCSW',
      signedBy: 'Theo Therapist, LCSW',
      amendments: 1,
    });
    expect(items.filter((i) => i.state === 'draft').length).toBeGreaterThanOrEqual(2);
  });

  it('the care plan PDFs: the patient’s and the referring clinician’s both hold the goals', async () => {
    const patient = await injectAs(app, therapist, { method: 'GET', url: `/api/notes/${noteId}/pdf?audience=patient` });
    expect(patient.statusCode).toBe(200);
    expect(patient.headers['content-type']).toBe('application/pdf');
    expect(patient.headers['content-disposition']).toMatch(/^inline; filename="care-plan-patient-DEMO-0009\.pdf"$/);
    // Shown by the browser's own viewer: not cached, not sniffed, no page policy in its way.
    expect(patient.headers['cache-control']).toBe('no-store');
    expect(patient.headers['x-content-type-options']).toBe('nosniff');
    expect(patient.headers['content-security-policy']).toBeUndefined();
    const p = await pdfText(patient.rawPayload);
    for (const g of GOALS) expect(p.text).toContain(g);
    expect(p.text).toContain('Kairos Demo Clinic (synthetic)');
    expect(p.text).toContain('Call or text 988');
    expect(p.text).toContain('Added: sertraline continues');
    expect(p.text).not.toContain('Completed the retreat without adverse events');
    const referrer = await injectAs(app, coordinator, { method: 'GET', url: `/api/notes/${noteId}/pdf?audience=referrer` });
    expect(referrer.statusCode).toBe(200);
    const t = await pdfText(referrer.rawPayload);
    for (const g of GOALS) expect(t.text).toContain(g);
    expect(t.text).toContain('summary for the referring clinician');
    expect(t.text).toContain('Completed the retreat without adverse events');
    expect(t.text).toContain('reason: Medication plan agreed after signing');
    expect(t.text).toContain('MRN: DEMO-0009');
    const exports = await h.database.db
      .selectFrom('audit_event')
      .select(['action', 'details'])
      .where('record_id', '=', noteId)
      .where('action', '=', 'note.export')
      .execute();
    expect(exports.map((e) => (e.details as { audience: string }).audience).sort()).toEqual(['patient', 'referrer']);
  });

  it('only a signed care plan is printed', async () => {
    const draft = json<Note>(
      await injectAs(app, therapist, {
        method: 'POST',
        url: `/api/patients/${patientId}/notes`,
        payload: { template: 'continuing-care-plan' },
      }),
    );
    expect((await injectAs(app, therapist, { method: 'GET', url: `/api/notes/${draft.id}/pdf?audience=patient` })).statusCode).toBe(409);
    const notPlan = (
      await h.database.db
        .selectFrom('clinical_note')
        .select('id')
        .where('patient_id', '=', patientId)
        .where('template', '=', 'integration')
        .executeTakeFirstOrThrow()
    ).id;
    expect((await injectAs(app, therapist, { method: 'GET', url: `/api/notes/${notPlan}/pdf?audience=referrer` })).statusCode).toBe(409);
    expect((await injectAs(app, therapist, { method: 'GET', url: `/api/notes/${noteId}/pdf?audience=everyone` })).statusCode).toBe(400);
  });

  it('every read and write of a note is audited', async () => {
    const events = await h.database.db
      .selectFrom('audit_event')
      .select(['action', 'patient_id', 'user_id'])
      .where('record_id', '=', noteId)
      .where('outcome', '=', 'allowed')
      .execute();
    const actions = new Set(events.map((e) => e.action));
    for (const a of ['note.create', 'note.update', 'note.sign', 'note.read', 'note.amend', 'note.export'])
      expect(actions.has(a), a).toBe(true);
    expect(events.every((e) => e.patient_id === patientId)).toBe(true);
  });

  it('outside the care team: refused and audited; a coordinator reads but does not write; an admin sees nothing', async () => {
    for (const req of [
      { method: 'GET' as const, url: `/api/patients/${patientId}/notes` },
      { method: 'GET' as const, url: `/api/notes/${noteId}` },
      { method: 'GET' as const, url: `/api/notes/${noteId}/pdf?audience=referrer` },
      { method: 'POST' as const, url: `/api/patients/${patientId}/notes`, payload: { template: 'preparation' } },
      { method: 'POST' as const, url: `/api/notes/${noteId}/amendments`, payload: { body: 'x', reason: 'y' } },
    ]) {
      const r = await injectAs(app, outsider, req);
      expect(r.statusCode, `${req.method} ${req.url}`).toBe(403);
    }
    const denied = await h.database.db
      .selectFrom('audit_event')
      .select('action')
      .where('user_id', '=', outsider.userId)
      .where('outcome', '=', 'denied')
      .execute();
    expect(denied.map((d) => d.action)).toEqual(
      expect.arrayContaining(['note.list', 'note.read', 'note.export', 'note.create', 'note.amend']),
    );
    expect((await injectAs(app, coordinator, { method: 'GET', url: `/api/notes/${noteId}` })).statusCode).toBe(200);
    expect(
      (await injectAs(app, coordinator, { method: 'POST', url: `/api/patients/${patientId}/notes`, payload: { template: 'preparation' } }))
        .statusCode,
    ).toBe(403);
    const admin = await signInAs(app, 'admin@demo.test');
    expect((await injectAs(app, admin, { method: 'GET', url: `/api/notes/${noteId}` })).statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: `/api/notes/${noteId}` })).statusCode).toBe(401);
  });

  describe('the patient portal', () => {
    const enter = async (pid: string) => {
      const access = json<{ code: string }>(
        await injectAs(app, coordinator, { method: 'POST', url: `/api/patients/${pid}/portal-access`, payload: { send: false } }),
      );
      const entered = await app.inject({ method: 'POST', url: '/api/portal/session', payload: { code: access.code } });
      return `kairos_portal=${entered.cookies.find((c) => c.name === 'kairos_portal')?.value}`;
    };

    it('shows the patient their signed care plan with its amendments, without the referrer’s summary', async () => {
      const cookie = await enter(patientId);
      const r = await app.inject({ method: 'GET', url: '/api/portal/care-plan', headers: { cookie } });
      expect(r.statusCode).toBe(200);
      const plan = json<{ id: string; fields: { id: string; value: unknown }[]; amendments: { body: string }[]; signedBy: string }>(r);
      expect(plan.id).toBe(noteId);
      expect(plan.fields.find((f) => f.id === 'goals')?.value).toEqual(GOALS);
      expect(plan.fields.map((f) => f.id)).not.toContain('referrerSummary');
      expect(plan.amendments.map((a) => a.body)).toEqual(['Added: sertraline continues at 100 mg each morning.']);
      const pdf = await app.inject({ method: 'GET', url: '/api/portal/care-plan.pdf', headers: { cookie } });
      expect(pdf.statusCode).toBe(200);
      const { text } = await pdfText(pdf.rawPayload);
      for (const g of GOALS) expect(text).toContain(g);
      const audited = await h.database.db
        .selectFrom('audit_event')
        .select('action')
        .where('record_id', '=', noteId)
        .where('action', 'like', 'portal.care-plan.%')
        .execute();
      expect(audited.map((a) => a.action).sort()).toEqual(['portal.care-plan.export', 'portal.care-plan.read']);
    });

    it('another patient sees no plan of theirs (404), and never this one; staff cannot use the portal route', async () => {
      const cookie = await enter(otherPatientId);
      const r = await app.inject({ method: 'GET', url: '/api/portal/care-plan', headers: { cookie } });
      expect(r.statusCode).toBe(404);
      expect(json<{ error: { message: string } }>(r).error.message).toContain('not ready yet');
      expect((await app.inject({ method: 'GET', url: '/api/portal/care-plan.pdf', headers: { cookie } })).statusCode).toBe(404);
      expect((await injectAs(app, therapist, { method: 'GET', url: '/api/portal/care-plan' })).statusCode).toBe(401);
    });
  });

  it('the demo: each completed retreat has every day’s signed notes and a continuing care plan, one amended; this week’s retreat has day 1’s', async () => {
    const plans = await h.database.db
      .selectFrom('clinical_note as n')
      .innerJoin('enrollment as e', 'e.id', 'n.enrollment_id')
      .select(['n.id', 'n.patient_id', 'n.enrollment_id', 'n.state', 'e.state as enrollment_state'])
      .where('n.template', '=', 'continuing-care-plan')
      .where('n.state', '=', 'signed')
      .where('n.patient_id', '!=', patientId)
      .execute();
    expect(plans.length).toBeGreaterThanOrEqual(1);
    for (const plan of plans) {
      expect(['follow-up', 'completed']).toContain(plan.enrollment_state);
      const course = await h.database.db
        .selectFrom('clinical_note')
        .select(['template', 'state'])
        .where('enrollment_id', '=', plan.enrollment_id)
        .execute();
      expect(course.every((n) => n.state === 'signed')).toBe(true);
      expect(course.map((n) => n.template).sort()).toEqual([
        'continuing-care-plan',
        'discharge-summary',
        'dosing-session',
        'dosing-session',
        'intake-assessment',
        'integration',
        'preparation',
      ]);
    }
    const views = await Promise.all(plans.map((p) => note(p.id)));
    expect(views.every((v) => v.hashVerified === true)).toBe(true);
    const amended = views.find((v) => v.amendments.length > 0);
    expect(amended).toBeDefined();
    const referrer = await pdfText(
      (await injectAs(app, therapist, { method: 'GET', url: `/api/notes/${amended?.id}/pdf?audience=referrer` })).rawPayload,
    );
    for (const g of amended?.content.goals as string[]) expect(referrer.text).toContain(g);
    // The enrollment's current state, in words (never the API's id).
    expect(referrer.text).toMatch(/Enrollment:?\s*(Follow-up|Completed)/);
    expect(referrer.text).not.toMatch(/Enrollment:?\s*(follow-up|completed|scheduled)/);
    // The follow-up dates come from the booked retreat's measurement schedule.
    expect(referrer.text).toMatch(/\(\+7 days after day 5\): PCL-5 \(past week\), PHQ-9, C-SSRS screener/);
    const thisWeek = await h.database.db
      .selectFrom('clinical_note as n')
      .innerJoin('patient as p', 'p.id', 'n.patient_id')
      .select('n.template')
      .where('p.mrn', '=', 'DEMO-0010')
      .where('n.state', '=', 'signed')
      .execute();
    expect(thisWeek.map((r) => r.template).sort()).toEqual(['intake-assessment', 'preparation']);
  });
});
