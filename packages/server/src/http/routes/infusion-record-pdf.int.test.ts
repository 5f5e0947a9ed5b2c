/**
 * `GET /api/sessions/:id/record.pdf` on both engines (issue 22, Must 3): the demo's completed session
 * and its running one as PDFs made by the worker pool, whose extracted text holds the record (the
 * patient, the dose and its double check, the timings, the vital signs, the alert and its
 * acknowledgement, the adverse event, the discharge). Downloaded under a file name without the
 * patient's name or MRN, never cached. Read as the console is read: the attempts to get past it, one
 * row each (an administrator, a nurse off the care team, another site's medical director, no
 * sign-in, a bad or unknown id), are refused like the console and each refusal is audited; each
 * PDF is audited as a read of the patient's record.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { injectAs, signInAs, type TestAuth } from '../../../test/auth.js';
import { buildDemoApp, type ManualClock } from '../../../test/app.js';
import { describeEachEngine } from '../../../test/engines.js';
import { pdfText } from '../../../test/pdf-text.js';
import { addSite, addStaff } from '../../../test/staff.js';
import { sealPendingAudit } from '../../services/audit.js';
import { jobsDoneInWorkers } from '../../workers/worker-pool.js';

describeEachEngine('the infusion record as a PDF', (h) => {
  let app: FastifyInstance;
  let clock: ManualClock;
  let nurse: TestAuth;
  let completed: { id: string; patient_id: string };
  let running: { id: string; patient_id: string };
  let patient: { given_name: string; family_name: string; mrn: string };

  const pdf = (who: TestAuth, id: string) => injectAs(app, who, { method: 'GET', url: `/api/sessions/${id}/record.pdf` });
  const auditOf = async (requestId: unknown) => {
    await sealPendingAudit(h.database.db);
    return h.database.db
      .selectFrom('audit_event')
      .select(['action', 'outcome', 'record_id', 'patient_id', 'user_id', 'details'])
      .where('request_id', '=', String(requestId))
      .execute();
  };

  beforeAll(async () => {
    ({ app, clock } = await buildDemoApp(h.database));
    nurse = await signInAs(app, 'nurse@demo.test');
    // The demo's completed session with an alert and an adverse event (the series patient's).
    completed = await h.database.db
      .selectFrom('dosing_session as d')
      .select(['d.id', 'd.patient_id'])
      .where('d.state', '=', 'discharged')
      .where((eb) => eb.exists(eb.selectFrom('adverse_event as a').select('a.id').whereRef('a.session_id', '=', 'd.id')))
      .where((eb) => eb.exists(eb.selectFrom('session_alert as s').select('s.id').whereRef('s.session_id', '=', 'd.id')))
      .orderBy('d.infusion_started_at')
      .executeTakeFirstOrThrow();
    running = await h.database.db
      .selectFrom('dosing_session')
      .select(['id', 'patient_id'])
      .where('state', '=', 'infusing')
      .executeTakeFirstOrThrow();
    patient = await h.database.db
      .selectFrom('patient')
      .select(['given_name', 'family_name', 'mrn'])
      .where('id', '=', completed.patient_id)
      .executeTakeFirstOrThrow();
  }, 120_000);
  afterAll(async () => app.close());

  it('the completed session: a PDF made by the worker pool that holds the record; downloaded without PHI in its name, never cached; audited', async () => {
    const before = jobsDoneInWorkers('infusion-record');
    const r = await pdf(nurse, completed.id);
    expect(r.statusCode, r.body.slice(0, 300)).toBe(200);
    expect(jobsDoneInWorkers('infusion-record'), 'the PDF was made by the worker pool').toBe(before + 1);
    expect(r.headers['content-type']).toBe('application/pdf');
    expect(r.headers['cache-control']).toBe('no-store');
    const disposition = String(r.headers['content-disposition']);
    expect(disposition).toMatch(/^attachment; filename="infusion-record-\d{4}-\d\d-\d\d\.pdf"$/);
    for (const phi of [patient.mrn, patient.family_name, patient.given_name]) expect(disposition).not.toContain(phi);
    expect(r.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');

    const { text } = await pdfText(r.rawPayload);
    for (const said of [
      'Infusion record: IV ketamine',
      `Patient: ${patient.given_name} ${patient.family_name}`,
      `MRN: ${patient.mrn}`,
      'Date of birth:',
      'Protocol version: 1',
      'Ordered by: Dr. Priya',
      'Independent double check: Dr.',
      'Infusion started',
      'Infusion stopped',
      'Running time:',
      'Systolic (mmHg)',
      'mmHg and /min',
      'BP (mmHg)',
      'Pause level',
      'acknowledged by',
      'Reported by',
      'Discharged:',
      'The discharge criteria at discharge: ready for discharge.',
      'Modified Aldrete: 10 of 10',
    ])
      expect(text, said).toContain(said);
    expect(text).not.toMatch(/\blot\b/i);

    const events = await auditOf(r.headers['x-request-id']);
    expect(events).toContainEqual({
      action: 'session.record.export',
      outcome: 'allowed',
      record_id: completed.id,
      patient_id: completed.patient_id,
      user_id: nurse.userId,
      details: { format: 'pdf' },
    });
  }, 60_000);

  it('the running session: printed as it stands, not yet discharged', async () => {
    const r = await pdf(nurse, running.id);
    expect(r.statusCode, r.body.slice(0, 300)).toBe(200);
    const { text } = await pdfText(r.rawPayload);
    expect(text).toContain('State: Infusing');
    expect(text).toContain('Discharge: not yet discharged');
    expect(text).toContain('Infusion started');
  }, 60_000);

  describe('read as the console is read: the same people, each refusal audited', () => {
    it.each([
      ['a medical director of the site (site-wide)', 'director@demo.test', 200],
      ['a coordinator of the site (site-wide, reads the console too)', 'coordinator@demo.test', 200],
      ['an administrator (no patient data)', 'admin@demo.test', 403],
      ['a nurse off the patient’s care team', 'nurse2@demo.test', 403],
      ['the medical director of another site', 'director@other.test', 403],
    ])('%s: %s', async (_, email, status) => {
      if (email === 'director@other.test')
        await addStaff(h.database.db, clock.now(), email, ['medical-director'], await addSite(app, `Other clinic ${Date.now()}`)).catch(
          () => undefined,
        );
      const who = await signInAs(app, email);
      const view = await injectAs(app, who, { method: 'GET', url: `/api/sessions/${completed.id}` });
      expect(view.statusCode, 'the console view').toBe(status);
      const r = await pdf(who, completed.id);
      expect(r.statusCode, r.body.slice(0, 300)).toBe(status);
      const events = await auditOf(r.headers['x-request-id']);
      if (status === 200) {
        expect(r.headers['content-type']).toBe('application/pdf');
        expect(events.map((e) => [e.action, e.outcome])).toContainEqual(['session.record.export', 'allowed']);
      } else {
        expect(r.headers['content-type']).not.toBe('application/pdf');
        expect(r.body).not.toContain(patient.mrn);
        expect(events.filter((e) => e.outcome === 'denied').length, 'the refusal is on the record').toBeGreaterThan(0);
        expect(events.filter((e) => e.outcome === 'allowed')).toEqual([]);
      }
    });

    it('no sign-in is a 401; a malformed id a 400 naming it; an unknown session a 404', async () => {
      expect((await app.inject({ method: 'GET', url: `/api/sessions/${completed.id}/record.pdf` })).statusCode).toBe(401);
      const bad = await pdf(nurse, 'not-a-session');
      expect(bad.statusCode).toBe(400);
      expect(bad.body).toContain('id');
      expect((await pdf(nurse, '00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    });
  });
});
