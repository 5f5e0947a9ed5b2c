/**
 * The site's ketamine records for a range of days through the API on both engines (issue 23, Must
 * 7): after a receipt, a session's draw and its witnessed waste, the CSV of each kind holds the
 * fields 21 CFR 1304.22(c) asks for with the site's DEA registration on every row, the PDF holds
 * every kind, a range without entries is a header only, hostile text stays text, each bad range is
 * a 400 naming its field, the roles without `stock.move` are refused, and every export is audited.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { injectAs, signInAs, type TestAuth } from '../../../test/auth.js';
import { buildDemoApp, type ManualClock } from '../../../test/app.js';
import { addDosingSessions, readyToStart } from '../../../test/dosing-sessions.js';
import { describeEachEngine } from '../../../test/engines.js';
import { parseCsv } from '../../../test/parse-csv.js';
import { pdfText } from '../../../test/pdf-text.js';
import { setUpStock, type TestStock } from '../../../test/stock.js';

type Who = 'nurse' | 'nurse2' | 'director' | 'therapist' | 'coordinator' | 'admin';
const EMAILS: Record<Who, string> = {
  nurse: 'nurse@demo.test',
  nurse2: 'nurse2@demo.test',
  director: 'director@demo.test',
  therapist: 'therapist@demo.test',
  coordinator: 'coordinator@demo.test',
  admin: 'admin@demo.test',
};

interface Answer {
  statusCode: number;
  body: string;
}

describeEachEngine('ketamine stock records', (h) => {
  let app: FastifyInstance;
  let clock: ManualClock;
  let siteId: string;
  let siteName: string;
  let stock: TestStock;
  let patient: { id: string; name: string; mrn: string; address: string };
  let names: Record<Who, string>;
  /** The volume the infusion gave, µL (the order's drawn volume). */
  let givenUl: number;
  const auth = {} as Record<Who, TestAuth>;

  const json = <T = Record<string, unknown>>(r: Answer): T => JSON.parse(r.body) as T;
  const ok = <R extends Answer>(r: R) => {
    expect(r.statusCode, r.body).toBeLessThan(300);
    return r;
  };
  const signInAll = async () => {
    for (const who of Object.keys(EMAILS) as Who[]) auth[who] = await signInAs(app, EMAILS[who]);
  };
  const as = (who: Who, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
    injectAs(app, auth[who], { method, url, ...(payload ? { payload } : {}) });
  const onSession = (who: Who, method: 'GET' | 'POST' | 'PUT', id: string, path: string, payload?: object) =>
    as(who, method, `/api/sessions/${id}${path}`, payload);
  const stepUp = async (who: Who, email: string, purpose: string) =>
    json<{ stepUpToken: string }>(ok(await as(who, 'POST', '/api/step-up', { email, password: 'kairos-demo-2026', purpose }))).stepUpToken;
  const records = (who: Who, format: 'csv' | 'pdf', query: string) =>
    as(who, 'GET', `/api/sites/${siteId}/stock/records.${format}?${query}`);
  /** The CSV's rows as objects by header (the byte order mark dropped). */
  const csvOf = (r: Answer) => {
    const [header = [], ...rows] = parseCsv(r.body.replace(/^\uFEFF/, ''));
    return { header, rows: rows.map((row) => Object.fromEntries(header.map((h, i) => [h, row[i] ?? '']))) };
  };
  const RANGE = 'from=2026-11-01&to=2026-12-31';

  beforeAll(async () => {
    ({ app, clock } = await buildDemoApp(h.database));
    await signInAll();
    const db = h.database.db;
    const site = await db.selectFrom('site').select(['id', 'name']).orderBy('created_at').executeTakeFirstOrThrow();
    ({ id: siteId, name: siteName } = site);
    for (const live of await db.selectFrom('dosing_session').select('id').where('state', '=', 'infusing').execute())
      ok(await onSession('director', 'POST', live.id, '/steps', { step: 'abort', reason: 'the records tests need the runner free' }));
    const users = await db.selectFrom('app_user').select(['email', 'display_name']).execute();
    names = Object.fromEntries(
      (Object.keys(EMAILS) as Who[]).map((who) => [who, users.find((u) => u.email === EMAILS[who])?.display_name ?? '']),
    ) as Record<Who, string>;
    const p = await db
      .selectFrom('patient')
      .select(['id', 'given_name', 'family_name', 'mrn', 'address'])
      .where('mrn', '=', 'DEMO-0009')
      .executeTakeFirstOrThrow();
    patient = { id: p.id, name: `${p.given_name} ${p.family_name}`, mrn: p.mrn, address: p.address ?? '' };
    expect(patient.address).toMatch(/Maple Street/);

    // Five vials received; one session drawn for, infused and its remainder wasted with a witness.
    stock = await setUpStock(app, auth.director, siteId);
    const [id = ''] = await addDosingSessions(db, 'DEMO-0009', 1, clock.now());
    await readyToStart(
      (method, url, payload) => injectAs(app, auth.director, { method, url, payload }),
      { sessionId: id, patientId: patient.id },
      clock.nowMs(),
    );
    ok(await onSession('nurse', 'POST', id, '/stock/draw', { lotId: stock.lotId, locationId: stock.safeId, volumeMl: 1 }));
    ok(await onSession('nurse', 'POST', id, '/steps', { step: 'start' }));
    clock.advance(40 * 60_000);
    await signInAll();
    ok(await onSession('nurse', 'POST', id, '/steps', { step: 'stop' }));
    const s = json<{ draws: { id: string }[]; givenIfWastedNow: { ul: number } }>(ok(await onSession('nurse', 'GET', id, '/stock')));
    givenUl = s.givenIfWastedNow.ul;
    // Drawn by the nurse; the given amount and the waste recorded by the director, nurse 2 witnessing.
    ok(
      await onSession('director', 'POST', id, '/stock/waste', {
        drawId: s.draws[0]?.id,
        volumeMl: (1000 - givenUl) / 1000,
        reason: 'remainder in the syringe, into the waste bin',
        stepUpToken: await stepUp('director', 'nurse2@demo.test', 'stock.waste-witness'),
      }),
    );
    // A count of the safe at the close: 0.1 mL of KET-A missing, resolved by the director.
    const count = json<{ id: string; differences: number }>(
      ok(
        await as('nurse', 'POST', `/api/sites/${siteId}/stock/counts`, {
          kind: 'ad-hoc',
          timing: 'close',
          takenOn: '2026-12-01',
          lines: [{ lotId: stock.lotId, locationId: stock.safeId, countedMl: 48.9 }],
        }),
      ),
    );
    expect(count.differences).toBe(1);
    const line = await db.selectFrom('stock_count_line').select('id').where('count_id', '=', count.id).executeTakeFirstOrThrow();
    ok(
      await as('director', 'POST', `/api/stock/count-lines/${line.id}/resolution`, {
        reason: 'a drop lost while drawing',
        stepUpToken: await stepUp('director', 'director@demo.test', 'stock.resolve-difference'),
      }),
    );
  });
  afterAll(async () => app.close());

  const dea = () => ({
    Site: siteName,
    'DEA registration': 'AB1234563',
    'DEA schedules': '2 3 4 5',
    'DEA registration expires': '2028-06-30',
  });

  it('administrations as CSV: substance, form, strength, mg and mL given, date, patient and address, who drew, the lot, the DEA registration', async () => {
    const r = ok(await records('nurse', 'csv', `${RANGE}&kind=administrations`));
    expect(r.headers['content-type']).toMatch(/^text\/csv/);
    expect(r.headers['content-disposition']).toBe('attachment; filename="ketamine-administrations-2026-11-01-to-2026-12-31.csv"');
    expect(r.headers['cache-control']).toMatch(/no-store/);
    const { rows } = csvOf(r);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      ...dea(),
      Kind: 'Administration',
      Substance: 'Ketamine hydrochloride',
      'Product (form)': 'Ketamine HCl 50 mg/mL, 10 mL vial',
      'Strength (mg/mL)': '50',
      'Given (mg)': String((givenUl * 50) / 1000),
      'Given (mL)': String(givenUl / 1000),
      Lot: 'KET-A',
      'Lot expires': '2027-12-31',
      Patient: patient.name,
      MRN: patient.mrn,
      'Patient address': patient.address,
      'Drawn by': names.nurse,
      'Recorded by': names.director,
      Correction: '',
    });
    expect(Object.keys(rows[0] ?? {}).find((k) => k.startsWith('Date ('))).toMatch(/^Date \(.+\)$/);
    expect(Object.entries(rows[0] ?? {}).find(([k]) => k.startsWith('Date ('))?.[1]).toBe('2026-12-01');
  });

  it('receipts as CSV: the day received, supplier name, address and DEA number, invoice, lot, vials, mg and mL', async () => {
    const { rows } = csvOf(ok(await records('nurse', 'csv', `${RANGE}&kind=receipts`)));
    expect(rows).toEqual([
      expect.objectContaining({
        ...dea(),
        'Received on': '2026-11-30',
        Substance: 'Ketamine hydrochloride',
        'Strength (mg/mL)': '50',
        Vials: '5',
        mg: '2500',
        mL: '50',
        Lot: 'KET-A',
        Location: 'Safe',
        Supplier: 'Henry Schein',
        'Supplier address': '135 Duryea Road, Melville, NY 11747',
        'Supplier DEA number': 'BJ6125341',
        Invoice: 'INV-2026-0042',
        'Recorded by': names.director,
      }),
    ]);
  });

  it('disposals as CSV: the waste after the infusion, mg and mL, the reason and the witness by name', async () => {
    const { rows } = csvOf(ok(await records('director', 'csv', `${RANGE}&kind=disposals`)));
    expect(rows).toEqual([
      expect.objectContaining({
        ...dea(),
        Kind: 'Waste of a draw after the infusion',
        mg: String(((1000 - givenUl) * 50) / 1000),
        mL: String((1000 - givenUl) / 1000),
        Lot: 'KET-A',
        Location: 'Safe',
        Reason: 'remainder in the syringe, into the waste bin',
        Witnesses: names.nurse2,
        'Recorded by': names.director,
      }),
    ]);
  });

  it('a range holding no entry is the header alone; days are the site’s, a receipt’s the day it was received', async () => {
    const count = async (query: string) => {
      const { header, rows } = csvOf(ok(await records('nurse', 'csv', query)));
      expect(header.slice(0, 4)).toEqual(['Site', 'DEA registration', 'DEA schedules', 'DEA registration expires']);
      return rows.length;
    };
    expect(await count('from=2026-10-01&to=2026-10-31&kind=administrations')).toBe(0);
    // Given on 1 December at the site: not on 30 November.
    expect(await count('from=2026-11-30&to=2026-11-30&kind=administrations')).toBe(0);
    expect(await count('from=2026-12-01&to=2026-12-01&kind=administrations')).toBe(1);
    // Received on 30 November, entered on 1 December: a receipt of 30 November.
    expect(await count('from=2026-11-30&to=2026-11-30&kind=receipts')).toBe(1);
    expect(await count('from=2026-12-01&to=2026-12-01&kind=receipts')).toBe(0);
  });

  it('a supplier named like a formula is written as text (formula injection neutralised)', async () => {
    ok(
      await as('director', 'POST', `/api/sites/${siteId}/stock/receipts`, {
        productId: stock.productId,
        locationId: stock.safeId,
        lotNumber: 'KET-A',
        vials: 1,
        expiresOn: '2027-12-31',
        receivedOn: '2026-12-01',
        supplier: { name: '=HYPERLINK("http://evil.example","x")', address: '+1 Main St, "Quoted", Town', deaNumber: 'BJ6125341' },
        invoiceRef: '@SUM(A1)',
      }),
    );
    const r = ok(await records('nurse', 'csv', `${RANGE}&kind=receipts`));
    const { rows } = csvOf(r);
    expect(rows[1]).toMatchObject({
      Supplier: `'=HYPERLINK("http://evil.example","x")`,
      'Supplier address': `'+1 Main St, "Quoted", Town`,
      Invoice: `'@SUM(A1)`,
    });
  });

  it('the PDF holds every kind with the site, its DEA registration, the patient, the supplier and the witness', async () => {
    const r = ok(await records('director', 'pdf', RANGE));
    expect(r.headers['content-type']).toBe('application/pdf');
    expect(r.headers['content-disposition']).toBe('attachment; filename="ketamine-records-2026-11-01-to-2026-12-31.pdf"');
    expect(r.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const { text, title } = await pdfText(r.rawPayload);
    expect(title).toBe('Ketamine records 2026-11-01 to 2026-12-31');
    for (const phrase of [
      siteName,
      'DEA registration AB1234563',
      'schedules 2, 3, 4, 5',
      'expires 2028-06-30',
      'Administrations (1)',
      'Receipts (2)',
      'Disposals: waste, destruction, return, loss, expiry (1)',
      patient.name,
      `Patient address: ${patient.address}`,
      'Henry Schein',
      'BJ6125341',
      'Waste of a draw after the infusion',
      names.nurse2,
      'Reason: remainder in the syringe, into the waste bin',
    ])
      expect(text).toContain(phrase);
  });

  it('counts as CSV: each lot counted with the ledger at the count and the difference; discrepancies: only those, with their resolution', async () => {
    const counts = csvOf(ok(await records('nurse', 'csv', `${RANGE}&kind=counts`)));
    expect(counts.rows).toEqual([
      expect.objectContaining({
        ...dea(),
        'Taken on': '2026-12-01',
        Kind: 'Count',
        'Taken at': 'close of business',
        'Counted by': names.nurse,
        Lot: 'KET-A',
        Location: 'Safe',
        'Ledger (mL)': '49',
        'Counted (mL)': '48.9',
        'Difference (mL)': '-0.1',
        'Difference (mg)': '-5',
        'Resolved by': names.director,
        Resolution: 'a drop lost while drawing',
      }),
    ]);
    expect(csvOf(ok(await records('nurse', 'csv', `${RANGE}&kind=discrepancies`))).rows).toHaveLength(1);
    expect(csvOf(ok(await records('nurse', 'csv', 'from=2026-11-01&to=2026-11-30&kind=discrepancies'))).rows).toEqual([]);
    const { text } = await pdfText(ok(await records('director', 'pdf', RANGE)).rawPayload);
    expect(text).toContain('Counts (1 lot(s) counted, 1 discrepancy(ies))');
    expect(text).toContain(`by ${names.director}: a drop lost while drawing`);
  });

  describe('bad ranges and kinds: 400 naming the field', () => {
    const rows: { title: string; format: 'csv' | 'pdf'; query: string; field: string }[] = [
      { title: 'from after to', format: 'csv', query: 'from=2026-12-02&to=2026-12-01&kind=receipts', field: 'querystring.to' },
      { title: 'from after to (PDF)', format: 'pdf', query: 'from=2026-12-02&to=2026-12-01', field: 'querystring.to' },
      { title: '2 years and 1 day', format: 'csv', query: 'from=2025-01-01&to=2027-01-01&kind=receipts', field: 'querystring.to' },
      { title: '2 years and 1 day (PDF)', format: 'pdf', query: 'from=2024-03-01&to=2026-03-01', field: 'querystring.to' },
      {
        title: 'a date that does not exist',
        format: 'csv',
        query: 'from=2026-02-30&to=2026-03-01&kind=receipts',
        field: 'querystring.from',
      },
      { title: 'a date in another format', format: 'pdf', query: 'from=2026-11-01&to=12/31/2026', field: 'querystring.to' },
      { title: 'the last day of the calendar', format: 'pdf', query: 'from=9999-12-31&to=9999-12-31', field: 'querystring.to' },
      { title: 'no from', format: 'pdf', query: 'to=2026-12-31', field: 'querystring.from' },
      { title: 'no kind', format: 'csv', query: RANGE, field: 'querystring.kind' },
      { title: 'an unknown kind', format: 'csv', query: `${RANGE}&kind=transfers`, field: 'querystring.kind' },
      { title: 'an unknown field', format: 'pdf', query: `${RANGE}&patientId=x`, field: 'querystring' },
    ];
    it.each(rows)('$title', async (row) => {
      const r = await records('nurse', row.format, row.query);
      expect(r.statusCode, r.body).toBe(400);
      const err = json<{ error: { code: string; details: { issues: { field: string }[] } } }>(r).error;
      expect(err.code).toBe('VALIDATION_FAILED');
      expect(err.details.issues.map((i) => i.field)).toContain(row.field);
    });

    it('exactly 2 years (the day before the same date 2 years on) is allowed', async () => {
      ok(await records('nurse', 'csv', 'from=2025-01-01&to=2026-12-31&kind=receipts'));
    });
  });

  it.each([
    ['therapist', 'csv'],
    ['admin', 'csv'],
    ['coordinator', 'pdf'],
    ['admin', 'pdf'],
  ] as const)('a %s may not export the records (%s): 403', async (who, format) => {
    const r = await records(who, format, format === 'csv' ? `${RANGE}&kind=administrations` : RANGE);
    expect(r.statusCode, r.body).toBe(403);
  });

  it('another site’s records are refused to this site’s director', async () => {
    const other = json<{ id: string }>(
      ok(await as('admin', 'POST', '/api/sites', { name: 'Records elsewhere', timeZone: 'America/Chicago' })),
    ).id;
    const r = await as('director', 'GET', `/api/sites/${other}/stock/records.csv?${RANGE}&kind=receipts`);
    expect(r.statusCode).toBe(403);
  });

  it('every export is audited with its kind, range, format, rows and the patients named', async () => {
    const before = Number(
      (
        await h.database.db
          .selectFrom('audit_event')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .where('action', '=', 'stock.records-export')
          .executeTakeFirstOrThrow()
      ).n,
    );
    ok(await records('nurse', 'csv', `${RANGE}&kind=administrations`));
    ok(await records('nurse', 'pdf', RANGE));
    const events = await h.database.db
      .selectFrom('audit_event')
      .select(['user_id', 'record_type', 'record_id', 'outcome', 'details'])
      .where('action', '=', 'stock.records-export')
      .orderBy('seq', 'desc')
      .execute();
    expect(events).toHaveLength(before + 2);
    expect(events.slice(0, 2).reverse()).toEqual([
      {
        user_id: auth.nurse.userId,
        record_type: 'site',
        record_id: siteId,
        outcome: 'allowed',
        details: {
          siteId,
          format: 'csv',
          kind: 'administrations',
          from: '2026-11-01',
          to: '2026-12-31',
          rows: 1,
          patientIds: [patient.id],
        },
      },
      {
        user_id: auth.nurse.userId,
        record_type: 'site',
        record_id: siteId,
        outcome: 'allowed',
        // The receipts (2), the administration, the waste and the counted lot.
        details: { siteId, format: 'pdf', kind: 'all', from: '2026-11-01', to: '2026-12-31', rows: 5, patientIds: [patient.id] },
      },
    ]);
  });
});
