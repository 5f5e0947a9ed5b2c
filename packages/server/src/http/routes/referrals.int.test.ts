/**
 * Referral details and documents through the API, on both engines (issue 22, Must 3): refer with
 * the details, correct them, upload, list and download documents; and the table of attempts to
 * break it (wrong role, another site, a document that is not what its name says, too big, empty,
 * hostile names, details that do not hold together): each a 4xx naming the field, nothing stored,
 * and the refusals and every read and write on the audit trail.
 */
import { REFERRAL_DOCUMENT_MAX_BASE64_CHARS, REFERRAL_LIMITS } from '@kairos/api';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { injectAs, signInAs, type TestAuth } from '../../../test/auth.js';
import { buildDemoApp, type ManualClock } from '../../../test/app.js';
import { describeEachEngine } from '../../../test/engines.js';
import { addSite, addStaff } from '../../../test/staff.js';

/** A small but real-looking PDF (what matters is its first bytes). */
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
const b64 = (b: Buffer | string) => Buffer.from(b).toString('base64');

describeEachEngine('referral details and documents', (h) => {
  let app: FastifyInstance;
  let clock: ManualClock;
  let coordinator: TestAuth;
  let director: TestAuth;
  let nurse: TestAuth;
  let admin: TestAuth;
  let otherSiteCoordinator: TestAuth;
  let siteId: string;
  let patientId: string;
  let enrollmentId: string;
  let documentId: string;
  /** Another patient's enrollment and its document, to ask for through the wrong enrollment. */
  let otherEnrollmentId: string;
  let otherDocumentId: string;

  const db = () => h.database.db;
  const json = <T = Record<string, unknown>>(r: LightMyRequestResponse): T => r.json<T>();
  const referral = (id = enrollmentId) => `/api/enrollments/${id}/referral`;
  const documents = (id = enrollmentId) => `/api/enrollments/${id}/referral/documents`;
  const lastSeq = async () =>
    (await db().selectFrom('audit_event').select('seq').orderBy('seq', 'desc').limit(1).executeTakeFirst())?.seq ?? '0';
  const auditSince = (seq: string) =>
    db()
      .selectFrom('audit_event')
      .select(['action', 'outcome', 'user_id', 'patient_id', 'details'])
      .where('seq', '>', seq)
      .orderBy('seq')
      .execute();
  /** Everything a referral keeps, to see that a refused request changed nothing. */
  const stored = async () =>
    JSON.stringify([
      await db().selectFrom('enrollment').select('id').orderBy('id').execute(),
      await db().selectFrom('referral_detail').selectAll().orderBy('enrollment_id').execute(),
      await db().selectFrom('referral_document').select(['id', 'file_name', 'sha256']).orderBy('id').execute(),
    ]);
  const newPatient = async (mrn: string) => {
    const r = await injectAs(app, coordinator, {
      method: 'POST',
      url: '/api/patients',
      payload: {
        mrn,
        givenName: 'Riley',
        familyName: 'Referral',
        birthDate: '1980-02-03',
        careTeam: [{ role: 'nurse', userId: nurse.userId }],
      },
    });
    expect(r.statusCode).toBe(201);
    return json<{ id: string }>(r).id;
  };

  beforeAll(async () => {
    ({ app, clock } = await buildDemoApp(h.database));
    coordinator = await signInAs(app, 'coordinator@demo.test');
    director = await signInAs(app, 'director@demo.test');
    nurse = await signInAs(app, 'nurse@demo.test');
    admin = await signInAs(app, 'admin@demo.test');
    siteId = json<{ items: { id: string }[] }>(await injectAs(app, coordinator, { method: 'GET', url: '/api/sites' })).items[0]
      ?.id as string;
    const siteB = await addSite(app, 'Referral test clinic B');
    await addStaff(db(), new Date(), 'coordinator@referral-b.test', ['coordinator'], siteB);
    otherSiteCoordinator = await signInAs(app, 'coordinator@referral-b.test');
    patientId = await newPatient('REF-1');
    const other = await injectAs(app, coordinator, {
      method: 'POST',
      url: `/api/patients/${await newPatient('REF-2')}/enrollments`,
      payload: { programTemplate: 'retreat-5-day', siteId },
    });
    otherEnrollmentId = json<{ id: string }>(other).id;
    const otherDoc = await injectAs(app, coordinator, {
      method: 'POST',
      url: documents(otherEnrollmentId),
      payload: { fileName: 'other.pdf', content: b64(PDF) },
    });
    otherDocumentId = json<{ id: string }>(otherDoc).id;
  });
  afterAll(async () => app.close());

  it('a coordinator refers a patient with the referral details; the referral answers them, and both are audited', async () => {
    const since = await lastSeq();
    const r = await injectAs(app, coordinator, {
      method: 'POST',
      url: `/api/patients/${patientId}/enrollments`,
      payload: {
        programTemplate: 'retreat-5-day',
        siteId,
        referral: {
          source: 'clinician',
          clinician: { name: 'Dr Ana Okafor', organisation: 'Harbour Trauma Clinic', phone: '+1 555 0100', email: 'a.okafor@harbour.test' },
          reason: 'Chronic PTSD, two SSRIs and prolonged exposure without response.',
          receivedOn: '2026-01-15',
        },
      },
    });
    expect(r.statusCode).toBe(201);
    enrollmentId = json<{ id: string }>(r).id;
    const got = await injectAs(app, nurse, { method: 'GET', url: referral() });
    expect(got.statusCode).toBe(200);
    expect(json(got)).toMatchObject({
      enrollmentId,
      details: {
        source: 'clinician',
        clinician: { name: 'Dr Ana Okafor', organisation: 'Harbour Trauma Clinic', phone: '+1 555 0100', email: 'a.okafor@harbour.test' },
        reason: 'Chronic PTSD, two SSRIs and prolonged exposure without response.',
        receivedOn: '2026-01-15',
        updatedBy: expect.any(String),
      },
      documents: [],
    });
    const events = await auditSince(since);
    expect(events).toContainEqual(
      expect.objectContaining({
        action: 'enrollment.create',
        outcome: 'allowed',
        patient_id: patientId,
        details: expect.objectContaining({ referral: expect.objectContaining({ source: 'clinician' }) }),
      }),
    );
    expect(events).toContainEqual(expect.objectContaining({ action: 'referral.read', outcome: 'allowed', user_id: nurse.userId }));
    // The audit names which parts were given, never their text.
    expect(JSON.stringify(events)).not.toContain('Okafor');
  });

  it('a referral without details answers null details; the nurse on the care team refers and keeps the details', async () => {
    const r = await injectAs(app, nurse, {
      method: 'POST',
      url: `/api/patients/${patientId}/enrollments`,
      payload: { programTemplate: 'infusion-series-6', siteId },
    });
    expect(r.statusCode).toBe(201);
    const got = await injectAs(app, coordinator, { method: 'GET', url: referral(json<{ id: string }>(r).id) });
    expect(json(got)).toMatchObject({ details: null, documents: [] });
    // The nurse on the care team keeps the details too (design.md: every clinical role edits referrals).
    const kept = await injectAs(app, nurse, { method: 'PUT', url: referral(json<{ id: string }>(r).id), payload: { source: 'self' } });
    expect(kept.statusCode, kept.body).toBe(200);
  });

  it('the medical director corrects the details: the new ones replace the old (a part left out is no longer recorded), audited', async () => {
    const since = await lastSeq();
    const r = await injectAs(app, director, {
      method: 'PUT',
      url: referral(),
      payload: { source: 'self', reason: '=HYPERLINK("http://evil.test","click")', receivedOn: '2026-01-16' },
    });
    expect(r.statusCode).toBe(200);
    expect(json(r)).toMatchObject({
      details: {
        source: 'self',
        clinician: { name: null, organisation: null, phone: null, email: null },
        // Hostile text is kept as text: the page shows it as words, nothing exports it to a spreadsheet.
        reason: '=HYPERLINK("http://evil.test","click")',
        receivedOn: '2026-01-16',
      },
    });
    expect(await auditSince(since)).toContainEqual(
      expect.objectContaining({ action: 'referral.update', outcome: 'allowed', user_id: director.userId, patient_id: patientId }),
    );
  });

  it('a coordinator uploads a PDF and a PNG: told by their bytes, listed oldest first without their contents, audited', async () => {
    const since = await lastSeq();
    const up = await injectAs(app, coordinator, {
      method: 'POST',
      url: documents(),
      payload: { fileName: '  Referral  letter.pdf ', content: b64(PDF) },
    });
    expect(up.statusCode).toBe(201);
    const doc = json<{ id: string; fileName: string; mediaType: string; sizeBytes: number; uploadedBy: string }>(up);
    documentId = doc.id;
    expect(doc).toMatchObject({ fileName: 'Referral letter.pdf', mediaType: 'application/pdf', sizeBytes: PDF.length });
    // A PNG named like a PDF is a PNG: the name says nothing. (Uploaded a minute later: the list is oldest first.)
    clock.advance(60_000);
    const png = await injectAs(app, coordinator, {
      method: 'POST',
      url: documents(),
      payload: { fileName: 'scan.pdf', content: b64(PNG) },
    });
    expect(png.statusCode).toBe(201);
    expect(json(png)).toMatchObject({ mediaType: 'image/png' });
    const list = await injectAs(app, nurse, { method: 'GET', url: documents() });
    expect(list.statusCode).toBe(200);
    expect(json<{ items: { fileName: string }[] }>(list).items.map((d) => d.fileName)).toEqual(['Referral letter.pdf', 'scan.pdf']);
    expect(list.body).not.toContain(b64(PDF).slice(0, 12));
    const events = await auditSince(since);
    expect(events.filter((e) => e.action === 'referral-document.upload' && e.outcome === 'allowed')).toHaveLength(2);
    expect(events).toContainEqual(expect.objectContaining({ action: 'referral-document.list', user_id: nurse.userId }));
  });

  it('the care team downloads a document: an attachment of its kind, nosniff, the same bytes, audited', async () => {
    const since = await lastSeq();
    const r = await injectAs(app, nurse, { method: 'GET', url: `${documents()}/${documentId}` });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toBe('application/pdf');
    expect(r.headers['content-disposition']).toBe(`attachment; filename="Referral letter.pdf"; filename*=UTF-8''Referral%20letter.pdf`);
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(Buffer.compare(r.rawPayload, PDF)).toBe(0);
    const png = await db().selectFrom('referral_document').select('id').where('file_name', '=', 'scan.pdf').executeTakeFirstOrThrow();
    const p = await injectAs(app, nurse, { method: 'GET', url: `${documents()}/${png.id}` });
    expect(p.headers['content-type']).toBe('image/png');
    // Saved under the kind it is, whatever it was called.
    expect(p.headers['content-disposition']).toContain('filename="scan.pdf.png"');
    expect(await auditSince(since)).toContainEqual(
      expect.objectContaining({ action: 'referral-document.download', outcome: 'allowed', user_id: nurse.userId, patient_id: patientId }),
    );
  });

  describe('attempts to break it: a 4xx naming the field, nothing stored, refusals on the record', () => {
    const pdfOf = (bytes: number) => Buffer.concat([Buffer.from('%PDF-'), Buffer.alloc(bytes - 5, 0x20)]);
    const upload = (fileName: string, content: string): InjectOptions => ({
      method: 'POST',
      url: documents(),
      payload: { fileName, content },
    });
    type Who = 'coordinator' | 'nurse' | 'admin' | 'otherSiteCoordinator';
    interface Attempt {
      name: string;
      as: Who;
      request: () => InjectOptions;
      status: number;
      /** The field the answer names (`details.issues[].field`). */
      field?: string;
      /** The refusal's audit event (action, outcome denied). */
      audit?: string;
    }
    const attempts: Attempt[] = [
      {
        name: 'an admin edits the details',
        as: 'admin',
        request: () => ({ method: 'PUT', url: referral(), payload: { source: 'other' } }),
        status: 403,
        audit: 'referrals.manage',
      },
      {
        name: 'an admin reads the referral',
        as: 'admin',
        request: () => ({ method: 'GET', url: referral() }),
        status: 403,
        audit: 'patients.read',
      },
      {
        name: 'an admin downloads a document',
        as: 'admin',
        request: () => ({ method: 'GET', url: `${documents()}/${documentId}` }),
        status: 403,
        audit: 'patients.read',
      },
      {
        name: 'an admin uploads a document',
        as: 'admin',
        request: () => upload('letter.pdf', b64(PDF)),
        status: 403,
        audit: 'referrals.manage',
      },
      {
        name: 'a coordinator of another site reads the referral',
        as: 'otherSiteCoordinator',
        request: () => ({ method: 'GET', url: referral() }),
        status: 403,
        audit: 'referral.read',
      },
      {
        name: 'a coordinator of another site edits the details',
        as: 'otherSiteCoordinator',
        request: () => ({ method: 'PUT', url: referral(), payload: { source: 'other' } }),
        status: 403,
        audit: 'referral.update',
      },
      {
        name: 'a coordinator of another site uploads a document',
        as: 'otherSiteCoordinator',
        request: () => upload('letter.pdf', b64(PDF)),
        status: 403,
        audit: 'referral-document.upload',
      },
      {
        name: 'a coordinator of another site downloads a document',
        as: 'otherSiteCoordinator',
        request: () => ({ method: 'GET', url: `${documents()}/${documentId}` }),
        status: 403,
        audit: 'referral-document.download',
      },
      {
        name: 'another referral’s document asked for through this referral',
        as: 'coordinator',
        request: () => ({ method: 'GET', url: `${documents()}/${otherDocumentId}` }),
        status: 404,
      },
      {
        name: 'a web page named .pdf',
        as: 'coordinator',
        request: () => upload('letter.pdf', b64('<!doctype html><script>fetch("/api/patients")</script>')),
        status: 422,
        field: 'body.content',
        audit: 'referral-document.upload',
      },
      {
        name: 'a Windows program named .pdf',
        as: 'coordinator',
        request: () => upload('letter.pdf', b64(Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 0x90)]))),
        status: 422,
        field: 'body.content',
        audit: 'referral-document.upload',
      },
      {
        name: 'a PDF one byte over the limit',
        as: 'coordinator',
        request: () => upload('big.pdf', pdfOf(REFERRAL_LIMITS.documentMaxBytes + 1).toString('base64')),
        status: 422,
        field: 'body.content',
        audit: 'referral-document.upload',
      },
      {
        name: 'base64 longer than the limit allows',
        as: 'coordinator',
        request: () => upload('bigger.pdf', 'A'.repeat(REFERRAL_DOCUMENT_MAX_BASE64_CHARS + 4)),
        status: 400,
        field: 'body.content',
      },
      {
        name: 'an empty file',
        as: 'coordinator',
        request: () => upload('empty.pdf', ''),
        status: 422,
        field: 'body.content',
        audit: 'referral-document.upload',
      },
      {
        name: 'content that is not base64',
        as: 'coordinator',
        request: () => upload('x.pdf', '%PDF-1.4 raw'),
        status: 400,
        field: 'body.content',
      },
      {
        name: 'a file name with folders',
        as: 'coordinator',
        request: () => upload('../../etc/passwd', b64(PDF)),
        status: 400,
        field: 'body.fileName',
      },
      {
        name: 'a Windows path',
        as: 'coordinator',
        request: () => upload('..\\..\\boot.ini', b64(PDF)),
        status: 400,
        field: 'body.fileName',
      },
      {
        name: 'a spreadsheet formula as the file name',
        as: 'coordinator',
        request: () => upload('=HYPERLINK("http://evil.test","x").pdf', b64(PDF)),
        status: 400,
        field: 'body.fileName',
      },
      {
        name: 'a control character in the file name',
        as: 'coordinator',
        request: () => upload('letter\u202egnp.pdf', b64(PDF)),
        status: 400,
        field: 'body.fileName',
      },
      { name: 'a file name of dots', as: 'coordinator', request: () => upload('..', b64(PDF)), status: 400, field: 'body.fileName' },
      {
        name: 'a file name too long',
        as: 'coordinator',
        request: () => upload(`${'a'.repeat(REFERRAL_LIMITS.fileNameChars)}.pdf`, b64(PDF)),
        status: 400,
        field: 'body.fileName',
      },
      {
        name: 'a clinician source without the clinician’s name',
        as: 'coordinator',
        request: () => ({
          method: 'PUT',
          url: referral(),
          payload: { source: 'clinician', clinician: { organisation: 'Harbour Trauma Clinic' } },
        }),
        status: 400,
        field: 'body.clinician.name',
      },
      {
        name: 'referring with a clinician source without the name',
        as: 'coordinator',
        request: () => ({
          method: 'POST',
          url: `/api/patients/${patientId}/enrollments`,
          payload: { programTemplate: 'retreat-5-day', siteId, referral: { source: 'clinician' } },
        }),
        status: 400,
        field: 'body.referral.clinician.name',
      },
      {
        name: 'a reason too long',
        as: 'coordinator',
        request: () => ({ method: 'PUT', url: referral(), payload: { reason: 'x'.repeat(REFERRAL_LIMITS.reasonChars + 1) } }),
        status: 400,
        field: 'body.reason',
      },
      {
        name: 'an unknown source',
        as: 'coordinator',
        request: () => ({ method: 'PUT', url: referral(), payload: { source: 'a-friend' } }),
        status: 400,
        field: 'body.source',
      },
      {
        name: 'a day received in the future',
        as: 'coordinator',
        request: () => ({ method: 'PUT', url: referral(), payload: { source: 'self', receivedOn: '2099-01-01' } }),
        status: 400,
        field: 'body.receivedOn',
      },
      {
        name: 'a clinician email that is not one',
        as: 'coordinator',
        request: () => ({ method: 'PUT', url: referral(), payload: { clinician: { name: 'Dr X', email: 'not an email' } } }),
        status: 400,
        field: 'body.clinician.email',
      },
      {
        name: 'an unknown field',
        as: 'coordinator',
        request: () => ({ method: 'PUT', url: referral(), payload: { source: 'self', referrerSsn: '123' } }),
        status: 400,
        field: 'body',
      },
    ];

    it.each(attempts)('$name: $status', async (a) => {
      const auth = { coordinator, nurse, admin, otherSiteCoordinator }[a.as];
      const before = await stored();
      const since = await lastSeq();
      const r = await injectAs(app, auth, a.request());
      expect(r.statusCode).toBe(a.status);
      if (a.field !== undefined) {
        const fields = json<{ error: { details: { issues?: { field: string }[] } } }>(r).error.details.issues?.map((i) => i.field);
        expect(fields).toContain(a.field);
      }
      expect(await stored()).toBe(before);
      if (a.audit !== undefined)
        expect(await auditSince(since)).toContainEqual(
          expect.objectContaining({ action: a.audit, outcome: 'denied', user_id: auth.userId }),
        );
    });
  });
});
