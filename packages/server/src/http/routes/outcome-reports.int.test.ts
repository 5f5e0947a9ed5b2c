/**
 * The outcome reports through the API on both engines (issue 24, Must 3): the program outcomes
 * PDF and the dashboard's tables as CSV for the summer's seven courses (program-history.ts), with
 * the dashboard's permissions, audited as exports; a withdrawal reason written to run as a
 * spreadsheet formula comes out as text; a cohort too small to report gives counts only. A
 * patient's progress letter to the referring clinician: the care team (a therapist only their own
 * patients), nobody else (a nurse, a coordinator, another site's patient: refused and audited),
 * with the referral's clinician, the doses, the scores and the signed care plan's goals, never
 * another note's text.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { injectAs, signInAs, type TestAuth } from '../../../test/auth.js';
import { buildDemoApp } from '../../../test/app.js';
import { describeEachEngine } from '../../../test/engines.js';
import { pdfText } from '../../../test/pdf-text.js';
import { SUMMER as SUMMER_DAYS, seedSummer } from '../../../test/program-history.js';
import { seedProgramHistory } from '../../services/demo/seed-program-history.js';
import { jobsDoneInWorkers } from '../../workers/worker-pool.js';

const WHO = ['director', 'prescriber', 'therapist', 'nurse', 'coordinator'] as const;
type Who = (typeof WHO)[number];

const SUMMER = `from=${SUMMER_DAYS.from}&to=${SUMMER_DAYS.to}`;
const HOSTILE = '=HYPERLINK("http://evil.test","click")';
const SEPTEMBER = 'from=2026-09-01&to=2026-09-30';
const PROCESS_NOTE_TEXT = 'Process note: the patient spoke of the night of the accident';

describeEachEngine('outcome reports', (h) => {
  let app: FastifyInstance;
  let siteId: string;
  let avery: string;
  let blake: string;
  const auth = {} as Record<Who, TestAuth>;
  const get = (who: Who, url: string) => injectAs(app, auth[who], { method: 'GET', url });
  const lastAudit = (action: string) =>
    h.database.db
      .selectFrom('audit_event')
      .select(['details', 'outcome', 'patient_id', 'record_id'])
      .where('action', '=', action)
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();

  beforeAll(async () => {
    ({ app } = await buildDemoApp(h.database));
    for (const who of WHO) auth[who] = await signInAs(app, `${who}@demo.test`);
    const now = new Date(Date.UTC(2026, 11, 1, 14));
    ({ siteId } = await seedSummer(h.database.db, now));
    // A course in September, withdrawn before its first session for a reason written to run as a formula.
    await seedProgramHistory(h.database.db, siteId, now, [
      {
        mrn: 'HIST-H',
        givenName: 'Harper',
        familyName: 'History',
        template: 'retreat-5-day',
        startDate: '2026-09-07',
        pcl5: { baseline: 47 },
        withdrawn: { afterSessions: 0, reason: HOSTILE },
      },
    ]);
    const db = h.database.db;
    const idOf = async (mrn: string) => (await db.selectFrom('patient').select('id').where('mrn', '=', mrn).executeTakeFirstOrThrow()).id;
    avery = await idOf('HIST-A');
    blake = await idOf('HIST-B');
    // Avery's referral names the clinician; a signed care plan, and a signed integration note that the letter must not read.
    const enrollment = await db.selectFrom('enrollment').select('id').where('patient_id', '=', avery).executeTakeFirstOrThrow();
    const therapist = await db.selectFrom('app_user').select('id').where('email', '=', 'therapist@demo.test').executeTakeFirstOrThrow();
    await db
      .insertInto('referral_detail')
      .values({
        enrollment_id: enrollment.id,
        source: null,
        clinician_name: 'Dr. Riley Referrer',
        clinician_organisation: 'Northside Family Practice',
        clinician_phone: null,
        clinician_email: null,
        reason: null,
        received_on: null,
        updated_at: now,
        updated_by: null,
      })
      .execute();
    const note = (template: 'continuing-care-plan' | 'integration', content: Record<string, unknown>) => ({
      patient_id: avery,
      enrollment_id: enrollment.id,
      session_id: null,
      template,
      template_version: '1',
      content: JSON.stringify(content),
      state: 'signed' as const,
      created_by: therapist.id,
      created_at: new Date('2026-06-05T19:00:00Z'),
      updated_at: new Date('2026-06-05T19:00:00Z'),
      signed_by: therapist.id,
      signed_at: new Date('2026-06-05T20:00:00Z'),
      content_hash: 'f'.repeat(64),
    });
    await db
      .insertInto('clinical_note')
      .values([
        note('continuing-care-plan', {
          goals: ['Sleep through the night five nights a week'],
          maintenancePlan: 'Weekly therapy for eight weeks.',
        }),
        note('integration', { summary: PROCESS_NOTE_TEXT }),
      ])
      .execute();
  });
  afterAll(async () => app.close());

  describe('the program outcomes report', () => {
    it('the PDF for the retreats of the summer: made in the worker pool, with the benchmark table and the KM median; audited as an export', async () => {
      const before = jobsDoneInWorkers('program-outcomes');
      const r = await get('director', `/api/sites/${siteId}/program-outcomes.pdf?${SUMMER}&template=retreat-5-day`);
      expect(r.statusCode, r.body).toBe(200);
      expect(r.headers['content-type']).toBe('application/pdf');
      expect(r.headers['content-disposition']).toMatch(/^attachment; filename="program-outcomes-\d{4}-\d\d-\d\d\.pdf"$/);
      expect(jobsDoneInWorkers('program-outcomes')).toBe(before + 1);
      const { text } = await pdfText(r.rawPayload);
      expect(text).toContain('Program: 5-day ketamine-assisted psychotherapy retreat');
      expect(text).toMatch(/Baseline 6 52\.7 \d+\.\d-\d+\.\d 46\.6/);
      expect(text).toMatch(/median not reached \(95% CI/);
      expect(text).toContain('Source: Abdallah 2022');
      expect(text).toContain('Aita 2024');
      expect(text).not.toMatch(/HIST-|Avery/);
      const e = await lastAudit('outcomes.program-export');
      expect(e.outcome).toBe('allowed');
      expect(e.record_id).toBe(siteId);
      expect(e.details).toMatchObject({ format: 'pdf', filters: { template: 'retreat-5-day', from: SUMMER_DAYS.from }, started: 6 });
    });

    it('the scores CSV: a row per questionnaire and time point, numbers as numbers; audited with its table', async () => {
      const r = await get('prescriber', `/api/sites/${siteId}/program-outcomes.csv?table=scores&${SUMMER}`);
      expect(r.statusCode, r.body).toBe(200);
      expect(r.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(r.headers['content-disposition']).toMatch(/filename="program-outcomes-scores-\d{4}-\d\d-\d\d\.csv"/);
      const lines = r.body.replace(/^\uFEFF/, '').split('\r\n');
      expect(lines[0]).toBe('Questionnaire,Time point,n,Mean,SD,95% CI lower,95% CI upper');
      expect(lines[1]).toMatch(/^PCL-5,Baseline,7,52\.57,[\d.]+,[\d.]+,[\d.]+$/);
      expect(await lastAudit('outcomes.program-export')).toMatchObject({ details: { format: 'csv', table: 'scores' } });
    });

    it('a withdrawal reason written as a formula is written as text in the flow CSV', async () => {
      const r = await get('director', `/api/sites/${siteId}/program-outcomes.csv?table=flow&${SEPTEMBER}`);
      expect(r.statusCode, r.body).toBe(200);
      expect(r.body).toContain(`Withdrawn for this reason,"'=HYPERLINK(""http://evil.test"",""click"")",1\r\n`);
      expect(r.body).not.toMatch(/,=HYPERLINK/);
    });

    it('a cohort too small to report (the series alone): counts only, no means; the rates and durability tables hold their header alone', async () => {
      const q = `${SUMMER}&template=infusion-series-6`;
      const scores = await get('director', `/api/sites/${siteId}/program-outcomes.csv?table=scores&${q}`);
      expect(scores.body.split('\r\n')[1]).toBe('PCL-5,Baseline,1,,,,');
      for (const table of ['rates', 'durability']) {
        const r = await get('director', `/api/sites/${siteId}/program-outcomes.csv?table=${table}&${q}`);
        expect(
          r.body
            .replace(/^\uFEFF/, '')
            .split('\r\n')
            .filter(Boolean),
        ).toHaveLength(1);
      }
      const pdf = await get('director', `/api/sites/${siteId}/program-outcomes.pdf?${q}`);
      const { text } = await pdfText(pdf.rawPayload);
      expect(text).toContain('Fewer than 5 patients started: counts only, no means or rates.');
      expect(text).not.toContain('Kaplan-Meier estimate');
    });

    it('a site whose signed protocol sets 90% intervals: the answer carries the level, the PDF and the CSV headers name "90% CI"', async () => {
      const db = h.database.db;
      const latest = await db
        .selectFrom('protocol_version')
        .select('version')
        .where('site_id', '=', siteId)
        .orderBy('version', 'desc')
        .executeTakeFirstOrThrow();
      const version = latest.version + 1;
      // A signed version in force with the level changed (as proposing and signing it would store it).
      await db
        .insertInto('protocol_version')
        .values({
          site_id: siteId,
          version,
          overrides: JSON.stringify({ 'outcomes.statistics.confidenceLevelPercent': { value: 90, reason: 'under test' } }),
          changes: JSON.stringify([{ path: 'outcomes.statistics.confidenceLevelPercent', old: 95, new: 90 }]),
          reason: 'under test',
          created_at: new Date(),
          created_by: null,
          signed_at: new Date(),
          signed_by: null,
        })
        .execute();
      try {
        const answer = await get('director', `/api/sites/${siteId}/program-outcomes?${SUMMER}&template=retreat-5-day`);
        expect(answer.statusCode, answer.body).toBe(200);
        expect(JSON.parse(answer.body)).toMatchObject({ protocolVersion: version, confidenceLevelPercent: 90 });
        const pdf = await get('director', `/api/sites/${siteId}/program-outcomes.pdf?${SUMMER}&template=retreat-5-day`);
        expect(pdf.statusCode, pdf.body).toBe(200);
        const { text } = await pdfText(pdf.rawPayload);
        expect(text).toMatch(/median not reached \(90% CI/);
        expect(text).toContain('90% confidence intervals throughout');
        expect(text).not.toContain('95%');
        const scores = await get('director', `/api/sites/${siteId}/program-outcomes.csv?table=scores&${SUMMER}`);
        expect(scores.body.replace(/^\uFEFF/, '').split('\r\n')[0]).toBe('Questionnaire,Time point,n,Mean,SD,90% CI lower,90% CI upper');
        const durability = await get('director', `/api/sites/${siteId}/program-outcomes.csv?table=durability&${SUMMER}`);
        expect(durability.body.replace(/^\uFEFF/, '').split('\r\n')[0]).toBe(
          'Day,Responders followed,Lost the response,Still responding (%),90% CI lower (%),90% CI upper (%)',
        );
      } finally {
        await db.deleteFrom('protocol_version').where('site_id', '=', siteId).where('version', '=', version).execute();
      }
    });

    it('a therapist exports their own patients’ courses only; a nurse and a coordinator are refused; a table not named is a 400 naming the field', async () => {
      const flow = await get('therapist', `/api/sites/${siteId}/program-outcomes.csv?table=flow&${SUMMER}`);
      expect(flow.body).toContain('Referred,,1\r\n');
      for (const who of ['nurse', 'coordinator'] as const)
        expect((await get(who, `/api/sites/${siteId}/program-outcomes.pdf?${SUMMER}`)).statusCode).toBe(403);
      const bad = await get('director', `/api/sites/${siteId}/program-outcomes.csv?table=everything`);
      expect(bad.statusCode).toBe(400);
      expect(bad.body).toContain('querystring.table');
      const inverted = await get('director', `/api/sites/${siteId}/program-outcomes.pdf?from=2026-07-31&to=2026-05-01`);
      expect(inverted.statusCode).toBe(400);
      expect(inverted.body).toContain('querystring.to');
    });
  });

  describe('the progress letter', () => {
    const letter = (who: Who, patientId: string) => get(who, `/api/patients/${patientId}/progress-letter.pdf`);

    it('to the referral’s clinician: the course, the doses, the scores with their words, the care plan’s goals; never another note; audited with the patient', async () => {
      const r = await letter('therapist', avery);
      expect(r.statusCode, r.body).toBe(200);
      expect(r.headers['content-disposition']).toMatch(/^attachment; filename="progress-letter-\d{4}-\d\d-\d\d\.pdf"$/);
      const { text } = await pdfText(r.rawPayload);
      expect(text).toContain('To Dr. Riley Referrer, Northside Family Practice');
      expect(text).toContain('Progress of Avery History');
      expect(text).toContain('Program: 5-day ketamine-assisted psychotherapy retreat');
      expect(text).toMatch(/Events held: \d+, of which 2 dosing sessions \(2 with a dose given\)/);
      expect(text).toMatch(/Jun \d, 2026 [\d.]+ 0\.\d+ 72 IV infusion over \d+ min/);
      expect(text).toMatch(/50 (\d+ \([a-z ]+\) )*Baseline/);
      expect(text).toContain('40% below baseline: response');
      expect(text).toContain('The response was lost on');
      expect(text).toContain('1. Sleep through the night five nights a week');
      expect(text).not.toContain(PROCESS_NOTE_TEXT);
      const e = await lastAudit('outcomes.progress-letter-export');
      expect(e).toMatchObject({ outcome: 'allowed', patient_id: avery, record_id: avery });
    });

    it('without referral details: "To the referring clinician" (the director, site-wide)', async () => {
      const { text } = await pdfText((await letter('director', blake)).rawPayload);
      expect(text).toContain('To the referring clinician');
      expect(text).toContain('No continuing care plan has been signed yet.');
    });

    it('refused and audited: a therapist outside the care team, a nurse, a coordinator, another site’s patient', async () => {
      const denials = async () =>
        Number(
          (
            await h.database.db
              .selectFrom('audit_event')
              .select((eb) => eb.fn.countAll<string>().as('n'))
              .where('outcome', '=', 'denied')
              .executeTakeFirstOrThrow()
          ).n,
        );
      let before = await denials();
      for (const who of ['therapist', 'nurse', 'coordinator'] as const) {
        const r = await letter(who, blake);
        expect(r.statusCode, `${who}: ${r.body}`).toBe(403);
        const after = await denials();
        expect(after, `${who}'s refusal is audited`).toBe(before + 1);
        before = after;
      }
      const other = await h.database.db.insertInto('site').values({ name: 'Other clinic' }).returning('id').executeTakeFirstOrThrow();
      const stranger = await h.database.db
        .insertInto('patient')
        .values({
          site_id: other.id,
          mrn: 'OTHER-1',
          given_name: 'Sam',
          family_name: 'Elsewhere',
          birth_date: '1990-01-01',
          phone: null,
          email: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      expect((await letter('director', stranger.id)).statusCode).toBe(403);
      expect(await denials()).toBe(before + 1);
      expect(
        await h.database.db
          .selectFrom('audit_event')
          .select('seq')
          .where('action', '=', 'outcomes.progress-letter-export')
          .where('patient_id', '=', blake)
          .where('outcome', '=', 'allowed')
          .execute(),
      ).toHaveLength(1);
    });
  });
});
