/**
 * Ketamine stock through the API on both engines (issue 23): set-up, receipt, a session's draw and
 * its witnessed waste, the discharge gate, and the table of attempts to get past each rule (wrong
 * person, wrong order, stale or partial data, another site's lot, more than the stock, hostile
 * text), each leaving everything stored as it was. The ledger refuses UPDATE, DELETE and TRUNCATE,
 * and 50 draws fired at once at one lot never take it below zero.
 */
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { injectAs, signInAs, type TestAuth } from '../../../test/auth.js';
import { buildDemoApp, type ManualClock } from '../../../test/app.js';
import { addDosingSessions, readyToStart } from '../../../test/dosing-sessions.js';
import { describeEachEngine, fingerprint } from '../../../test/engines.js';
import { cloneOrderTo, receive, setUpStock, type TestStock } from '../../../test/stock.js';
import { pdfText } from '../../../test/pdf-text.js';
import { jobsDoneInWorkers } from '../../workers/worker-pool.js';

type Who = 'nurse' | 'nurse2' | 'prescriber' | 'director' | 'therapist' | 'coordinator' | 'admin';
const EMAILS: Record<Who, string> = {
  nurse: 'nurse@demo.test',
  nurse2: 'nurse2@demo.test',
  prescriber: 'prescriber@demo.test',
  director: 'director@demo.test',
  therapist: 'therapist@demo.test',
  coordinator: 'coordinator@demo.test',
  admin: 'admin@demo.test',
};

interface Answer {
  statusCode: number;
  body: string;
}

describeEachEngine('ketamine stock', (h) => {
  let app: FastifyInstance;
  let clock: ManualClock;
  let siteId: string;
  let patientId: string;
  let stock: TestStock;
  let free: string[] = [];
  const auth = {} as Record<Who, TestAuth>;

  const json = <T = Record<string, unknown>>(r: Answer): T => JSON.parse(r.body) as T;
  const ok = <R extends Answer>(r: R) => {
    expect(r.statusCode, r.body).toBeLessThan(300);
    return r;
  };
  const signInAll = async () => {
    for (const who of Object.keys(EMAILS) as Who[]) auth[who] = await signInAs(app, EMAILS[who]);
  };
  const advance = async (minutes: number) => {
    clock.advance(minutes * 60_000);
    await signInAll();
  };
  const as = (who: Who, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
    injectAs(app, auth[who], { method, url, ...(payload ? { payload } : {}) });
  const onSession = (who: Who, method: 'GET' | 'POST' | 'PUT', id: string, path: string, payload?: object) =>
    as(who, method, `/api/sessions/${id}${path}`, payload);
  const stepUp = async (who: Who, email: string, purpose: string) =>
    json<{ stepUpToken: string }>(ok(await as(who, 'POST', '/api/step-up', { email, password: 'kairos-demo-2026', purpose }))).stepUpToken;
  const sessionStock = async (id: string, who: Who = 'nurse') =>
    json<{
      kept: boolean;
      order: { drawnUl: number; strengthMgPerMl: number } | null;
      draws: {
        id: string;
        state: string;
        drawn: { ul: number; ug: number };
        given: { ul: number };
        wasted: { ul: number };
        remaining: { ul: number; ug: number };
        witnesses: { displayName: string }[];
      }[];
      lots: { lotId: string; locationId: string; balance: { ul: number } }[];
      givenIfWastedNow: { ul: number } | null;
      wasteOpen: boolean;
    }>(ok(await onSession(who, 'GET', id, '/stock')));
  const overview = async () =>
    json<{
      lines: {
        lotId: string;
        locationId: string;
        balance: { ul: number; ug: number };
        sealedVials: number;
        remnantUl: number;
        expired: boolean;
        expiresSoon: boolean;
      }[];
      openDraws: { drawId: string; patientName: string }[];
      deaRegistration: { number: string } | null;
    }>(ok(await as('nurse', 'GET', `/api/sites/${siteId}/stock`)));
  const safeBalance = async () =>
    (await overview()).lines.find((l) => l.lotId === stock.lotId && l.locationId === stock.safeId)?.balance.ul;
  const entries = async () =>
    (await h.database.db.selectFrom('stock_entry').select(['kind', 'quantity_ul', 'witnesses', 'reason']).orderBy('seq').execute()).map(
      (e) => ({
        kind: e.kind,
        ul: Number(e.quantity_ul),
      }),
    );
  const discharge = async (id: string) =>
    json<{ discharge: { conditions: { id: string; status: string }[] } | null }>(
      ok(await onSession('director', 'GET', id, '')),
    ).discharge?.conditions.find((c) => c.id === 'ketamine-accounted')?.status;

  /** A fresh session of DEMO-0009 pre-dose with a double-checked order of 0.5 mg/kg from 50 mg/mL vials, nurse at the chair. */
  async function orderedSession(): Promise<string> {
    const id = free.shift();
    if (id === undefined) throw new Error('no session left');
    await readyToStart(
      (method, url, payload) => injectAs(app, auth.director, { method, url, payload }),
      { sessionId: id, patientId },
      clock.nowMs(),
    );
    return id;
  }

  beforeAll(async () => {
    ({ app, clock } = await buildDemoApp(h.database));
    await signInAll();
    siteId = (await h.database.db.selectFrom('site').select('id').orderBy('created_at').executeTakeFirstOrThrow()).id;
    for (const live of await h.database.db.selectFrom('dosing_session').select('id').where('state', '=', 'infusing').execute()) {
      ok(await onSession('director', 'POST', live.id, '/steps', { step: 'abort', reason: 'the stock tests need the runner free' }));
    }
    free = await addDosingSessions(h.database.db, 'DEMO-0009', 12, clock.now());
    patientId = (await h.database.db.selectFrom('patient').select('id').where('mrn', '=', 'DEMO-0009').executeTakeFirstOrThrow()).id;
  });
  afterAll(async () => app.close());

  it('before the site records a product, a session’s ketamine is not kept in Kairos and discharge does not wait for it', async () => {
    const id = await orderedSession();
    expect((await sessionStock(id)).kept).toBe(false);
    const r = await onSession('nurse', 'POST', id, '/stock/draw', {
      lotId: crypto.randomUUID(),
      locationId: crypto.randomUUID(),
      volumeMl: 1,
    });
    expect(r.statusCode).toBe(409);
    expect(json<{ error: { details: { code: string } } }>(r).error.details.code).toBe('STOCK_NOT_KEPT');
  });

  it('the medical director records the DEA registration, a product, the safe and a crash cart; five 10 mL vials received: 50 mL, 2,500 mg', async () => {
    stock = await setUpStock(app, auth.director, siteId);
    const o = await overview();
    expect(o.deaRegistration?.number).toBe('AB1234563');
    expect(o.lines).toEqual([
      expect.objectContaining({
        lotId: stock.lotId,
        locationId: stock.safeId,
        balance: { ul: 50_000, ug: 2_500_000 },
        sealedVials: 5,
        remnantUl: 0,
        expired: false,
      }),
    ]);
    expect(await entries()).toEqual([{ kind: 'receipt', ul: 50_000 }]);
  });

  describe('a dosing session: draw, infusion, witnessed waste, discharge', () => {
    let id: string;
    let orderUl: number;

    it('the console lists the lot in the safe; the nurse draws 1 mL (more than the order) and the safe holds 49 mL, a vial open', async () => {
      id = await orderedSession();
      const before = await sessionStock(id);
      expect(before.kept).toBe(true);
      orderUl = before.order?.drawnUl ?? 0;
      expect(orderUl).toBeGreaterThan(0);
      expect(orderUl).toBeLessThan(1000);
      expect(before.lots).toEqual([expect.objectContaining({ lotId: stock.lotId, locationId: stock.safeId })]);
      const after = json<{ draws: { state: string; drawn: { ul: number; ug: number } }[] }>(
        ok(await onSession('nurse', 'POST', id, '/stock/draw', { lotId: stock.lotId, locationId: stock.safeId, volumeMl: 1 })),
      );
      expect(after.draws).toEqual([expect.objectContaining({ state: 'to-account', drawn: { ul: 1000, ug: 50_000 } })]);
      const line = (await overview()).lines.find((l) => l.locationId === stock.safeId);
      expect(line).toMatchObject({ balance: { ul: 49_000, ug: 2_450_000 }, sealedVials: 4, remnantUl: 9000 });
      expect((await overview()).openDraws).toEqual([expect.objectContaining({ patientName: expect.any(String) })]);
    });

    it('a second draw for the same order is refused (409 naming the draw)', async () => {
      const r = await onSession('nurse', 'POST', id, '/stock/draw', { lotId: stock.lotId, locationId: stock.safeId, volumeMl: 1 });
      expect(r.statusCode).toBe(409);
      expect(json<{ error: { details: { code: string } } }>(r).error.details.code).toBe('ALREADY_DRAWN');
    });

    it('while the infusion runs the remainder cannot be wasted yet', async () => {
      ok(await onSession('nurse', 'POST', id, '/steps', { step: 'start' }));
      const r = await onSession('nurse', 'POST', id, '/stock/waste', {
        drawId: (await sessionStock(id)).draws[0]?.id,
        volumeMl: 0.3,
        reason: 'remainder in the syringe',
        stepUpToken: await stepUp('nurse', 'nurse2@demo.test', 'stock.waste-witness'),
      });
      expect(r.statusCode).toBe(409);
      expect(json<{ error: { details: { code: string } } }>(r).error.details.code).toBe('INFUSION_NOT_ENDED');
    });

    it('after the whole bag: given is the ordered volume; discharge waits for the waste (the checklist says so)', async () => {
      await advance(40);
      ok(await onSession('nurse', 'POST', id, '/steps', { step: 'stop' }));
      const s = await sessionStock(id);
      expect(s.wasteOpen).toBe(true);
      expect(s.givenIfWastedNow?.ul).toBe(orderUl);
      expect(await discharge(id)).toBe('unmet');
    });

    it('the session proposes its charges: 96365 for its 40 minutes and J3490 for the ketamine given with the product’s NDC; a nurse may not see them', async () => {
      const r = ok(await onSession('coordinator', 'GET', id, '/charges'));
      const p = json<{
        minutesInfused: number;
        final: boolean;
        lines: {
          code: string;
          units: number;
          ndc?: string;
          drugQuantity?: { amount: number; unit: string };
          rule: string;
          feeCents: number | null;
        }[];
        notes: string[];
      }>(r);
      expect(p.final).toBe(true);
      expect(p.minutesInfused).toBe(40);
      // 50 mg/mL: 50 µg a µL.
      const givenUg = ((await sessionStock(id)).givenIfWastedNow?.ul ?? 0) * 50;
      expect(p.lines).toEqual([
        expect.objectContaining({ code: '96365', units: 1, rule: 'billing.infusion-by-minutes@1', feeCents: null }),
        expect.objectContaining({
          code: 'J3490',
          units: Math.round(givenUg / 1000),
          ndc: 'N442023011510',
          drugQuantity: { amount: Math.round(givenUg / 100) / 10, unit: 'mg' },
          rule: 'billing.drug-ndc@1',
        }),
      ]);
      expect(p.notes).toEqual([]);
      expect((await onSession('nurse', 'GET', id, '/charges')).statusCode).toBe(403);
      expect((await onSession('admin', 'GET', id, '/charges')).statusCode).toBe(403);
    });

    describe('its charges finalised, reversed and paid (issue 27)', () => {
      type Billing = {
        lines: {
          id: string;
          code: string;
          units: number;
          amountCents: number;
          ndc: string | null;
          reversesId: string | null;
          diagnoses: string[];
        }[];
        balanceCents: number;
        paidCents: number;
      };
      const billing = async () => json<Billing>(ok(await as('coordinator', 'GET', `/api/patients/${patientId}/billing`)));
      const setFee = async (code: string, feeCents: number) => {
        const fees = json<{ fees: { id: string; code: string }[] }>(
          ok(await as('coordinator', 'GET', `/api/sites/${siteId}/billing`)),
        ).fees;
        ok(
          await as('coordinator', 'PUT', `/api/sites/${siteId}/billing/fees/${fees.find((f) => f.code === code)?.id ?? ''}`, { feeCents }),
        );
      };
      let drugUnits = 0;

      it.each([
        ['a fee not set yet', [{ code: '96365', units: 1 }], 'body.lines.0.code', /fee of 96365 is not set/],
        ['a code not on the fee schedule', [{ code: '99999', units: 1 }], 'body.lines.0.code', /not on the site’s fee schedule/],
        ['no lines', [], 'body.lines', /./],
        ['zero units', [{ code: '96365', units: 0 }], 'body.lines.0.units', /./],
      ])('finalising with %s is refused naming the field; nothing stored', async (_title, lines, field, words) => {
        const r = await onSession('coordinator', 'POST', id, '/charges', { lines });
        expect(r.statusCode, r.body).toBe(400);
        expect(r.body).toContain(field);
        expect(r.body).toMatch(words);
        expect((await billing()).lines).toEqual([]);
      });

      it('with the fees set, the coordinator finalises the proposal; again is refused (reverse first)', async () => {
        await setFee('96365', 45_000);
        await setFee('J3490', 100);
        const proposal = json<{ lines: { code: string; units: number }[] }>(ok(await onSession('coordinator', 'GET', id, '/charges')));
        drugUnits = proposal.lines.find((l) => l.code === 'J3490')?.units ?? 0;
        const b = json<Billing>(
          ok(await onSession('coordinator', 'POST', id, '/charges', { lines: proposal.lines.map(({ code, units }) => ({ code, units })) })),
        );
        expect(b.lines).toEqual([
          expect.objectContaining({ code: '96365', units: 1, amountCents: 45_000, ndc: null, reversesId: null }),
          expect.objectContaining({ code: 'J3490', units: drugUnits, amountCents: 100 * drugUnits, ndc: 'N442023011510' }),
        ]);
        expect(b.lines[0]?.diagnoses.length).toBeGreaterThan(0);
        expect(b.balanceCents).toBe(45_000 + 100 * drugUnits);
        const again = await onSession('coordinator', 'POST', id, '/charges', { lines: [{ code: '96365', units: 1 }] });
        expect(again.statusCode).toBe(409);
        expect(json<{ error: { details: { code: string } } }>(again).error.details.code).toBe('ALREADY_FINALISED');
      });

      it('a payment above the balance is refused naming the amount; one within it lowers the balance', async () => {
        const before = await billing();
        const over = await as('coordinator', 'POST', `/api/patients/${patientId}/payments`, {
          method: 'card',
          paidOn: '2026-12-07',
          amountCents: before.balanceCents + 1,
        });
        expect(over.statusCode).toBe(400);
        expect(over.body).toContain('body.amountCents');
        expect((await billing()).paidCents).toBe(0);
        const paid = json<Billing>(
          ok(
            await as('coordinator', 'POST', `/api/patients/${patientId}/payments`, {
              method: 'card',
              paidOn: '2026-12-07',
              amountCents: 10_000,
            }),
          ),
        );
        expect(paid.paidCents).toBe(10_000);
        expect(paid.balanceCents).toBe(before.balanceCents - 10_000);
      });

      it('two payments of the whole balance at once: one is taken, the other refused; the balance is 0', async () => {
        const { balanceCents } = await billing();
        expect(balanceCents).toBeGreaterThan(0);
        const pay = () =>
          as('coordinator', 'POST', `/api/patients/${patientId}/payments`, {
            method: 'cash',
            paidOn: '2026-12-07',
            amountCents: balanceCents,
          });
        const answers = await Promise.all([pay(), pay()]);
        expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 400]);
        expect((await billing()).balanceCents).toBe(0);
      });

      it('a finalised line is taken back only by a reversal with a reason, once; a reversal is not reversed', async () => {
        const before = await billing();
        const line = before.lines.find((l) => l.code === '96365');
        const noReason = await as('coordinator', 'POST', `/api/charges/${line?.id ?? ''}/reversal`, { reason: '' });
        expect(noReason.statusCode).toBe(400);
        expect(noReason.body).toContain('body.reason');
        const b = json<Billing>(
          ok(await as('coordinator', 'POST', `/api/charges/${line?.id ?? ''}/reversal`, { reason: 'billed under the wrong date' })),
        );
        const reversal = b.lines.find((l) => l.reversesId === line?.id);
        expect(reversal).toMatchObject({ code: '96365', amountCents: -45_000 });
        // Paid in full before: the reversal leaves the patient in credit.
        expect(b.balanceCents).toBe(before.balanceCents - 45_000);
        for (const target of [line?.id, reversal?.id]) {
          const r = await as('coordinator', 'POST', `/api/charges/${target ?? ''}/reversal`, { reason: 'once more' });
          expect(r.statusCode).toBe(409);
        }
      });

      it('the superbill: refused before the clinic’s identity is entered; then a PDF, rendered off the event loop, with the clinic, the lines, the NDC, the diagnoses and the payments', async () => {
        const pdfUrl = `/api/patients/${patientId}/superbill.pdf`;
        const missing = await as('coordinator', 'GET', pdfUrl);
        expect(missing.statusCode).toBe(409);
        expect(json<{ error: { details: { code: string } } }>(missing).error.details.code).toBe('BILLING_IDENTITY_MISSING');
        ok(
          await as('coordinator', 'PUT', `/api/sites/${siteId}/billing/identity`, {
            legalName: 'Kairos Demo Clinic PLLC',
            address: '1 Main Street, Springfield, NY 12100',
            taxId: '12-3456789',
            npi: '1234567893',
            placeOfService: '11',
          }),
        );
        const rendered = jobsDoneInWorkers('superbill');
        const r = ok(await as('coordinator', 'GET', pdfUrl));
        expect(r.headers['content-type']).toBe('application/pdf');
        expect(r.headers['content-disposition']).toMatch(
          /^attachment; filename="superbill-DEMO-0009-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.pdf"$/,
        );
        expect(jobsDoneInWorkers('superbill')).toBe(rendered + 1);
        const { text } = await pdfText(r.rawPayload);
        for (const words of [
          'Superbill',
          'Kairos Demo Clinic PLLC',
          '12-3456789',
          '1234567893',
          'Place of service: 11',
          '96365',
          'J3490',
          'N442023011510',
          'Reversal',
          'Amount paid',
          'F43.1',
          'Signature of the provider',
        ])
          expect(text, words).toContain(words);
        const patient = await h.database.db
          .selectFrom('patient')
          .select('family_name')
          .where('id', '=', patientId)
          .executeTakeFirstOrThrow();
        expect(text).toContain(patient.family_name);
      });

      it('the patient downloads their own superbill from the portal (audited as theirs); without a portal session it is refused', async () => {
        const access = json<{ code: string }>(
          ok(await as('coordinator', 'POST', `/api/patients/${patientId}/portal-access`, { send: false })),
        );
        const entered = await app.inject({ method: 'POST', url: '/api/portal/session', payload: { code: access.code } });
        const cookie = `kairos_portal=${entered.cookies.find((c) => c.name === 'kairos_portal')?.value ?? ''}`;
        const r = await app.inject({ method: 'GET', url: '/api/portal/superbill.pdf', headers: { cookie } });
        expect(r.statusCode, r.body.slice(0, 200)).toBe(200);
        expect(r.headers['content-type']).toBe('application/pdf');
        expect((await pdfText(r.rawPayload)).text).toContain('N442023011510');
        const audited = await h.database.db
          .selectFrom('audit_event')
          .select(['user_roles', 'details'])
          .where('action', '=', 'billing.superbill')
          .where('patient_id', '=', patientId)
          .orderBy('seq', 'desc')
          .executeTakeFirstOrThrow();
        expect(audited).toMatchObject({ user_roles: ['patient'], details: { via: 'portal' } });
        expect((await app.inject({ method: 'GET', url: '/api/portal/superbill.pdf' })).statusCode).toBe(401);
        // Staff cannot use the portal's route.
        expect((await as('coordinator', 'GET', '/api/portal/superbill.pdf')).statusCode).toBeGreaterThanOrEqual(401);
      });

      it.each([
        ['a range ending before it starts', '?from=2026-12-07&to=2026-12-01', 400, 'querystring.to'],
        ['days without a finalised charge', '?from=2020-01-01&to=2020-01-31', 409, 'NO_CHARGES'],
        ['a date that is not one', '?from=2026-13-01', 400, 'querystring.from'],
      ])('the superbill of %s is refused', async (_title, query, status, words) => {
        const r = await as('coordinator', 'GET', `/api/patients/${patientId}/superbill.pdf${query}`);
        expect(r.statusCode).toBe(status);
        expect(r.body).toContain(words);
      });

      it('a nurse and an administrator may not see or change a patient’s charges', async () => {
        for (const who of ['nurse', 'admin'] as const) {
          expect((await as(who, 'GET', `/api/patients/${patientId}/billing`)).statusCode).toBe(403);
          expect((await as(who, 'GET', `/api/patients/${patientId}/superbill.pdf`)).statusCode).toBe(403);
          expect(
            (await as(who, 'POST', `/api/patients/${patientId}/payments`, { method: 'cash', paidOn: '2026-12-07', amountCents: 1 }))
              .statusCode,
          ).toBe(403);
        }
      });
    });

    const attempts: {
      title: string;
      witness: [Who, string];
      volume?: (orderUl: number) => number;
      status: number;
      code: string;
      field?: string;
    }[] = [
      { title: 'the drawer as the witness', witness: ['nurse', 'nurse@demo.test'], status: 403, code: 'CHECKER_NOT_ALLOWED' },
      { title: 'an unlicensed witness (a therapist)', witness: ['nurse', 'therapist@demo.test'], status: 403, code: 'CHECKER_NOT_ALLOWED' },
      { title: 'a witness proof for another act', witness: ['nurse', 'nurse2@demo.test'], status: 403, code: 'STEP_UP_REQUIRED' },
      {
        title: '1 µL less than the remainder',
        witness: ['nurse', 'nurse2@demo.test'],
        volume: (u) => (999 - u) / 1000,
        status: 400,
        code: 'VALIDATION_FAILED',
        field: 'body.volumeMl',
      },
      {
        title: '1 µL more than the remainder',
        witness: ['nurse', 'nurse2@demo.test'],
        volume: (u) => (1001 - u) / 1000,
        status: 400,
        code: 'VALIDATION_FAILED',
        field: 'body.volumeMl',
      },
    ];
    it.each(attempts)('waste refused: $title; nothing stored', async (a) => {
      const draw = (await sessionStock(id)).draws[0];
      const before = await fingerprint(h.database);
      const token = await stepUp(
        a.witness[0],
        a.witness[1],
        a.title.startsWith('a witness proof for another') ? 'dose.double-check' : 'stock.waste-witness',
      );
      const r = await onSession('nurse', 'POST', id, '/stock/waste', {
        drawId: draw?.id,
        volumeMl: (a.volume ?? ((u: number) => (1000 - u) / 1000))(orderUl),
        reason: 'remainder in the syringe',
        stepUpToken: token,
      });
      expect(r.statusCode, r.body).toBe(a.status);
      const err = json<{ error: { code: string; details: { issues?: { field: string }[] } } }>(r).error;
      expect(err.code).toBe(a.code);
      if (a.field !== undefined) expect(err.details.issues?.[0]?.field).toBe(a.field);
      const after = await fingerprint(h.database);
      expect(after.stock_entry).toBe(before.stock_entry);
      expect(after.stock_effect).toBe(before.stock_effect);
    });

    it('the nurse wastes exactly the remainder with nurse 2 as witness: drawn = given + wasted, discharge no longer waits', async () => {
      const draw = (await sessionStock(id)).draws[0];
      const s = json<{ draws: { state: string; given: { ul: number }; wasted: { ul: number }; witnesses: { displayName: string }[] }[] }>(
        ok(
          await onSession('nurse', 'POST', id, '/stock/waste', {
            drawId: draw?.id,
            volumeMl: (1000 - orderUl) / 1000,
            reason: 'remainder in the syringe, into the waste bin',
            stepUpToken: await stepUp('nurse', 'nurse2@demo.test', 'stock.waste-witness'),
          }),
        ),
      );
      expect(s.draws[0]).toMatchObject({
        state: 'reconciled',
        given: { ul: orderUl },
        wasted: { ul: 1000 - orderUl },
        witnesses: [{ displayName: 'Nate Second, RN' }],
      });
      expect((await entries()).map((e) => e.kind)).toEqual(['receipt', 'draw', 'administration', 'draw-waste']);
      expect(await discharge(id)).toBe('met');
      expect((await overview()).openDraws).toEqual([]);
      // The waste changed no stock: what was drawn left the safe at the draw.
      expect(await safeBalance()).toBe(49_000);
    });

    it('a second waste of the same draw is refused', async () => {
      const draw = (await sessionStock(id)).draws[0];
      const r = await onSession('nurse', 'POST', id, '/stock/waste', {
        drawId: draw?.id,
        volumeMl: 0,
        reason: 'again',
        stepUpToken: await stepUp('nurse', 'nurse2@demo.test', 'stock.waste-witness'),
      });
      expect(r.statusCode).toBe(409);
    });
  });

  describe('draws refused, each naming its field; nothing stored', () => {
    let id: string;
    let otherLotId: string;
    let expiredLotId: string;
    let tenLotId: string;
    beforeAll(async () => {
      id = await orderedSession();
      // Another site's lot.
      const admin = auth.admin;
      const other = json<{ id: string }>(
        ok(
          await injectAs(app, admin, { method: 'POST', url: '/api/sites', payload: { name: 'Other clinic', timeZone: 'America/Chicago' } }),
        ),
      );
      const db = h.database.db;
      const director = await db.selectFrom('app_user').select('id').where('email', '=', 'director@demo.test').executeTakeFirstOrThrow();
      const p = await db
        .insertInto('stock_product')
        .values({
          site_id: other.id,
          name: 'K',
          strength_mg_per_ml: 50,
          vial_volume_ul: 10_000n,
          ndc: '0409-2053-05',
          created_by: director.id,
          created_at: clock.now(),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      otherLotId = (
        await db
          .insertInto('stock_lot')
          .values({ site_id: other.id, product_id: p.id, lot_number: 'ELSEWHERE', expires_on: '2027-12-31', created_at: clock.now() })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
      // An expired lot and a 10 mg/mL lot, both received here.
      ok(
        await receive(app, auth.director, siteId, {
          productId: stock.productId,
          locationId: stock.safeId,
          lotNumber: 'KET-OLD',
          vials: 2,
          expiresOn: '2026-11-30',
          receivedOn: '2026-11-01',
        }),
      );
      const tenId = json<{ id: string }>(
        ok(
          await as('director', 'POST', `/api/sites/${siteId}/stock/products`, {
            name: 'Ketamine HCl 10 mg/mL, 20 mL vial',
            strengthMgPerMl: 10,
            vialVolumeMl: 20,
            ndc: '42023-113-10',
          }),
        ),
      ).id;
      ok(
        await receive(app, auth.director, siteId, {
          productId: tenId,
          locationId: stock.safeId,
          lotNumber: 'KET-TEN',
          vials: 2,
          expiresOn: '2027-06-30',
          receivedOn: '2026-11-30',
        }),
      );
      const lines = (await overview()).lines as { lotId: string; expired: boolean; balance: { ul: number } }[] & { lotNumber?: string }[];
      const all = json<{ lines: { lotId: string; lotNumber: string }[] }>(ok(await as('nurse', 'GET', `/api/sites/${siteId}/stock`))).lines;
      expiredLotId = all.find((l) => l.lotNumber === 'KET-OLD')?.lotId ?? '';
      tenLotId = all.find((l) => l.lotNumber === 'KET-TEN')?.lotId ?? '';
      expect(lines.find((l) => l.lotId === expiredLotId)?.expired).toBe(true);
    });

    const rows: { title: string; who?: Who; body: () => object; status: number; code: string; field?: string }[] = [
      {
        title: 'a lot of another site',
        body: () => ({ lotId: otherLotId, locationId: stock.safeId, volumeMl: 1 }),
        status: 400,
        code: 'VALIDATION_FAILED',
        field: 'body.lotId',
      },
      {
        title: 'an expired lot',
        body: () => ({ lotId: expiredLotId, locationId: stock.safeId, volumeMl: 1 }),
        status: 409,
        code: 'LOT_EXPIRED',
        field: 'body.lotId',
      },
      {
        title: 'a lot of another strength than the order (10 mg/mL)',
        body: () => ({ lotId: tenLotId, locationId: stock.safeId, volumeMl: 10 }),
        status: 400,
        code: 'VALIDATION_FAILED',
        field: 'body.lotId',
      },
      {
        title: 'less than the order’s volume',
        body: () => ({ lotId: stock.lotId, locationId: stock.safeId, volumeMl: 0.1 }),
        status: 400,
        code: 'VALIDATION_FAILED',
        field: 'body.volumeMl',
      },
      {
        title: 'more than the lot holds at the location (the crash cart holds none)',
        body: () => ({ lotId: stock.lotId, locationId: stock.cartId, volumeMl: 1 }),
        status: 409,
        code: 'STOCK_SHORT',
        field: 'volumeMl',
      },
      {
        title: 'zero mL',
        body: () => ({ lotId: stock.lotId, locationId: stock.safeId, volumeMl: 0 }),
        status: 400,
        code: 'VALIDATION_FAILED',
        field: 'body.volumeMl',
      },
      {
        title: 'negative mL',
        body: () => ({ lotId: stock.lotId, locationId: stock.safeId, volumeMl: -1 }),
        status: 400,
        code: 'VALIDATION_FAILED',
        field: 'body.volumeMl',
      },
      {
        title: 'a fraction of a µL',
        body: () => ({ lotId: stock.lotId, locationId: stock.safeId, volumeMl: 1.0005 }),
        status: 400,
        code: 'VALIDATION_FAILED',
        field: 'body.volumeMl',
      },
      {
        title: 'a volume as text',
        body: () => ({ lotId: stock.lotId, locationId: stock.safeId, volumeMl: '1 mL; DROP TABLE stock_entry' }),
        status: 400,
        code: 'VALIDATION_FAILED',
        field: 'body.volumeMl',
      },
      {
        title: 'a therapist (not licensed to draw)',
        who: 'therapist',
        body: () => ({ lotId: stock.lotId, locationId: stock.safeId, volumeMl: 1 }),
        status: 403,
        code: 'FORBIDDEN',
      },
      {
        title: 'a coordinator',
        who: 'coordinator',
        body: () => ({ lotId: stock.lotId, locationId: stock.safeId, volumeMl: 1 }),
        status: 403,
        code: 'FORBIDDEN',
      },
      {
        title: 'an admin (sees no stock)',
        who: 'admin',
        body: () => ({ lotId: stock.lotId, locationId: stock.safeId, volumeMl: 1 }),
        status: 403,
        code: 'FORBIDDEN',
      },
    ];
    it.each(rows)('$title', async (row) => {
      const before = await fingerprint(h.database);
      const r = await onSession(row.who ?? 'nurse', 'POST', id, '/stock/draw', row.body());
      expect(r.statusCode, r.body).toBe(row.status);
      const err = json<{ error: { code: string; details: { code?: string; issues?: { field: string }[] } } }>(r).error;
      expect(err.details.code ?? err.code).toBe(row.code);
      if (row.field !== undefined) expect(err.details.issues?.[0]?.field).toBe(row.field);
      const after = await fingerprint(h.database);
      expect(after.stock_entry).toBe(before.stock_entry);
    });

    it('STOCK_SHORT names the balance', async () => {
      const r = await onSession('nurse', 'POST', id, '/stock/draw', { lotId: stock.lotId, locationId: stock.cartId, volumeMl: 1 });
      expect(json<{ error: { message: string; details: { balance: unknown } } }>(r).error).toMatchObject({
        message: expect.stringMatching(/holds 0 mL/),
        details: { balance: { ul: 0, ug: 0 } },
      });
    });
  });

  describe('set-up and receipts refused, each naming its field; nothing stored', () => {
    const rows: { title: string; who?: Who; path: string; method?: 'POST' | 'PUT'; body: () => object; status: number; field?: string }[] =
      [
        {
          title: 'a DEA number with a wrong check digit',
          path: '/dea-registration',
          method: 'PUT',
          body: () => ({ number: 'AB1234564', schedules: ['3'], expiresOn: '2028-01-01' }),
          status: 400,
          field: 'body.number',
        },
        {
          title: 'a registration without schedule 3',
          path: '/dea-registration',
          method: 'PUT',
          body: () => ({ number: 'AB1234563', schedules: ['2'], expiresOn: '2028-01-01' }),
          status: 400,
          field: 'body.schedules',
        },
        {
          title: 'a nurse recording the DEA registration',
          who: 'nurse',
          path: '/dea-registration',
          method: 'PUT',
          body: () => ({ number: 'AB1234563', schedules: ['3'], expiresOn: '2028-01-01' }),
          status: 403,
        },
        {
          title: 'a product of 12.5 mg/mL',
          path: '/products',
          body: () => ({ name: 'K', strengthMgPerMl: 12.5, vialVolumeMl: 10, ndc: '42023-115-11' }),
          status: 400,
          field: 'body.strengthMgPerMl',
        },
        {
          title: 'a product with a malformed NDC',
          path: '/products',
          body: () => ({ name: 'K', strengthMgPerMl: 50, vialVolumeMl: 10, ndc: '12345' }),
          status: 400,
          field: 'body.ndc',
        },
        {
          title: 'a product already recorded (same NDC)',
          path: '/products',
          body: () => ({ name: 'K again', strengthMgPerMl: 50, vialVolumeMl: 10, ndc: '42023-115-10' }),
          status: 409,
          field: 'body.ndc',
        },
        { title: 'a location already named so', path: '/locations', body: () => ({ name: 'Safe' }), status: 409, field: 'body.name' },
        { title: 'a receipt of 0 vials', path: '/receipts', body: () => receipt({ vials: 0 }), status: 400, field: 'body.vials' },
        { title: 'a receipt of -3 vials', path: '/receipts', body: () => receipt({ vials: -3 }), status: 400, field: 'body.vials' },
        {
          title: 'a receipt from a supplier with an invalid DEA number',
          path: '/receipts',
          body: () => receipt({ supplier: { name: 'X', address: 'Y', deaNumber: 'XX0000001' } }),
          status: 400,
          field: 'body.supplier.deaNumber',
        },
        {
          title: 'a receipt dated tomorrow',
          path: '/receipts',
          body: () => receipt({ receivedOn: '2026-12-02' }),
          status: 400,
          field: 'body.receivedOn',
        },
        {
          title: 'a receipt of a known lot with another expiry',
          path: '/receipts',
          body: () => receipt({ expiresOn: '2029-01-01' }),
          status: 400,
          field: 'body.expiresOn',
        },
        {
          title: 'a receipt into an unknown location',
          path: '/receipts',
          body: () => receipt({ locationId: crypto.randomUUID() }),
          status: 400,
          field: 'body.locationId',
        },
        { title: 'a receipt by a therapist', who: 'therapist', path: '/receipts', body: () => receipt(), status: 403 },
      ];
    const receipt = (over: object = {}) => ({
      productId: stock.productId,
      locationId: stock.safeId,
      lotNumber: 'KET-A',
      vials: 1,
      expiresOn: '2027-12-31',
      receivedOn: '2026-12-01',
      supplier: { name: 'Henry Schein', address: '135 Duryea Road, Melville, NY 11747', deaNumber: 'BJ6125341' },
      invoiceRef: 'INV-1',
      ...over,
    });
    it.each(rows)('$title', async (row) => {
      const before = await fingerprint(h.database);
      const r = await as(row.who ?? 'director', row.method ?? 'POST', `/api/sites/${siteId}/stock${row.path}`, row.body());
      expect(r.statusCode, r.body).toBe(row.status);
      if (row.field !== undefined)
        expect(json<{ error: { details: { issues: { field: string }[] } } }>(r).error.details.issues[0]?.field).toBe(row.field);
      const after = await fingerprint(h.database);
      for (const t of ['stock_entry', 'stock_product', 'stock_location', 'stock_lot', 'site_dea_registration'])
        expect(after[t]).toBe(before[t]);
    });

    it('another site’s stock is refused to a director of this site (and the refusal is audited)', async () => {
      const other = await h.database.db.selectFrom('site').select('id').where('name', '=', 'Other clinic').executeTakeFirstOrThrow();
      const r = await as('director', 'GET', `/api/sites/${other.id}/stock`);
      expect(r.statusCode).toBe(403);
    });
  });

  describe('other movements: transfer, return, destruction, loss, an opened vial’s remnant, reversal', () => {
    const post = (who: Who, path: string, payload: object) => as(who, 'POST', `/api/sites/${siteId}/stock${path}`, payload);
    const line = async (lotNumber: string, location: string) => {
      const all = json<{
        lines: { lotNumber: string; locationName: string; balance: { ul: number }; sealedVials: number; remnantUl: number }[];
      }>(ok(await as('nurse', 'GET', `/api/sites/${siteId}/stock`))).lines;
      return all.find((l) => l.lotNumber === lotNumber && l.locationName === location);
    };
    const lotIdOf = async (lotNumber: string) =>
      (await h.database.db.selectFrom('stock_lot').select('id').where('lot_number', '=', lotNumber).executeTakeFirstOrThrow()).id;
    const code = (r: Answer) => {
      const e = json<{ error: { code: string; details: { code?: string; issues?: { field: string }[] } } }>(r).error;
      return { code: e.details.code ?? e.code, field: e.details.issues?.[0]?.field };
    };
    let transferId = '';

    it('2 sealed vials move from the safe to the crash cart in one entry; more than are sealed, or to the same place, are refused', async () => {
      const before = await line('KET-A', 'Safe');
      transferId = json<{ id: string }>(
        ok(await post('nurse', '/transfers', { lotId: stock.lotId, fromLocationId: stock.safeId, toLocationId: stock.cartId, vials: 2 })),
      ).id;
      expect((await line('KET-A', 'Safe'))?.sealedVials).toBe((before?.sealedVials ?? 0) - 2);
      expect((await line('KET-A', 'Crash cart'))?.balance.ul).toBe(20_000);
      const r1 = await post('nurse', '/transfers', {
        lotId: stock.lotId,
        fromLocationId: stock.safeId,
        toLocationId: stock.cartId,
        vials: 40,
      });
      expect([r1.statusCode, code(r1)]).toEqual([409, { code: 'STOCK_SHORT', field: 'body.vials' }]);
      const r2 = await post('nurse', '/transfers', {
        lotId: stock.lotId,
        fromLocationId: stock.safeId,
        toLocationId: stock.safeId,
        vials: 1,
      });
      expect([r2.statusCode, code(r2).field]).toEqual([400, 'body.toLocationId']);
    });

    it('a reversal undoes the transfer, once, with a reason (prescriber); a nurse may not reverse', async () => {
      expect((await as('nurse', 'POST', `/api/stock/entries/${transferId}/reversal`, { reason: 'moved by mistake' })).statusCode).toBe(403);
      ok(await as('prescriber', 'POST', `/api/stock/entries/${transferId}/reversal`, { reason: 'moved by mistake' }));
      expect((await line('KET-A', 'Crash cart'))?.balance.ul).toBe(0);
      const again = await as('prescriber', 'POST', `/api/stock/entries/${transferId}/reversal`, { reason: 'moved by mistake' });
      expect([again.statusCode, code(again).code]).toEqual([409, 'ALREADY_REVERSED']);
      const waste = await h.database.db.selectFrom('stock_entry').select('id').where('kind', '=', 'draw-waste').executeTakeFirstOrThrow();
      const notReversible = await as('prescriber', 'POST', `/api/stock/entries/${waste.id}/reversal`, { reason: 'not so' });
      expect([notReversible.statusCode, code(notReversible).code]).toEqual([409, 'NOT_REVERSIBLE']);
    });

    it('an expired lot is returned to the supplier; the return names the supplier’s DEA number', async () => {
      const old = await lotIdOf('KET-OLD');
      ok(
        await post('nurse', '/returns', {
          lotId: old,
          locationId: stock.safeId,
          vials: 1,
          returnedOn: '2026-12-01',
          supplier: { name: 'Reverse Co', address: '1 Main St', deaNumber: 'BJ6125341' },
          reference: 'RA-77',
        }),
      );
      expect((await line('KET-OLD', 'Safe'))?.sealedVials).toBe(1);
    });

    it('an expired lot is destroyed (expiry refuses draws, never destruction): the safe holds none of it after', async () => {
      const body = {
        lotId: await lotIdOf('KET-OLD'),
        locationId: stock.safeId,
        vials: 1,
        destroyedOn: '2026-12-01',
        method: 'Denatured in a drug disposal container',
        witnessTokens: [
          await stepUp('director', 'nurse@demo.test', 'stock.destruction-witness'),
          await stepUp('director', 'nurse2@demo.test', 'stock.destruction-witness'),
        ],
      };
      ok(await post('director', '/destructions', body));
      expect((await line('KET-OLD', 'Safe'))?.balance.ul).toBe(0);
    });

    it('destruction before two witnesses: refused to a nurse, to a repeated witness and to the recorder as witness; done by the director with two nurses', async () => {
      const ten = await lotIdOf('KET-TEN');
      const body = async (w1: string, w2: string, who: Who = 'director') => ({
        lotId: ten,
        locationId: stock.safeId,
        vials: 1,
        destroyedOn: '2026-12-01',
        method: 'Denatured in a drug disposal container',
        witnessTokens: [await stepUp(who, w1, 'stock.destruction-witness'), await stepUp(who, w2, 'stock.destruction-witness')],
      });
      expect((await post('nurse', '/destructions', await body('nurse2@demo.test', 'prescriber@demo.test', 'nurse'))).statusCode).toBe(403);
      const same = await post('director', '/destructions', await body('nurse@demo.test', 'nurse@demo.test'));
      expect([same.statusCode, code(same).code]).toEqual([403, 'CHECKER_NOT_ALLOWED']);
      const self = await post('director', '/destructions', await body('director@demo.test', 'nurse@demo.test'));
      expect([self.statusCode, code(self).code]).toEqual([403, 'CHECKER_NOT_ALLOWED']);
      ok(await post('director', '/destructions', await body('nurse@demo.test', 'nurse2@demo.test')));
      expect((await line('KET-TEN', 'Safe'))?.sealedVials).toBe(1);
      const e = await h.database.db
        .selectFrom('stock_entry')
        .select(['witnesses', 'reason'])
        .where('kind', '=', 'destruction')
        .executeTakeFirstOrThrow();
      expect(e.witnesses).toHaveLength(2);
      expect(e.reason).toBe('Denatured in a drug disposal container');
    });

    it.each([
      ['Tuesday 1 December: the notice is due Wednesday 2 December', '2026-12-01', '2026-12-02'],
      ['Friday 27 November at a site closed on weekends and on Monday 30 November: due Tuesday 1 December', '2026-11-27', '2026-12-01'],
    ])('a loss discovered %s (21 CFR 1301.76(b): one business day, the site’s next working day)', async (_, discoveredOn, due) => {
      const site = (body: object) => injectAs(app, auth.admin, { method: 'PATCH', url: `/api/sites/${siteId}`, payload: body });
      ok(await site({ workingDays: ['mon', 'tue', 'wed', 'thu', 'fri'], closedDates: ['2026-11-30'] }));
      try {
        const r = json<{ deaNoticeDueOn: string }>(
          ok(
            await post('nurse', '/losses', {
              lotId: stock.lotId,
              locationId: stock.safeId,
              volumeMl: 0.01,
              kind: 'loss',
              discoveredOn,
              circumstances: 'a drop spilled while drawing',
            }),
          ),
        );
        expect(r.deaNoticeDueOn).toBe(due);
        const notices = json<{ lossNotices: { deaNoticeDueOn: string }[] }>(
          ok(await as('director', 'GET', `/api/sites/${siteId}/stock`)),
        ).lossNotices;
        expect(notices.map((n) => n.deaNoticeDueOn)).toContain(due);
      } finally {
        ok(await site({ workingDays: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], closedDates: [] }));
      }
    });

    it('a loss larger than the stock, or discovered tomorrow, is refused naming the field', async () => {
      const big = await post('nurse', '/losses', {
        lotId: stock.lotId,
        locationId: stock.cartId,
        volumeMl: 5,
        kind: 'theft',
        discoveredOn: '2026-12-01',
        circumstances: 'box found open',
      });
      expect([big.statusCode, code(big).code]).toEqual([409, 'STOCK_SHORT']);
      const future = await post('nurse', '/losses', {
        lotId: stock.lotId,
        locationId: stock.safeId,
        volumeMl: 1,
        kind: 'theft',
        discoveredOn: '2026-12-09',
        circumstances: 'box found open',
      });
      expect([future.statusCode, code(future).field]).toEqual([400, 'body.discoveredOn']);
    });

    it('the opened vial’s remnant, past the end of the day it was opened: no draw from it, and its waste with a witness is an expiry', async () => {
      const open = await line('KET-A', 'Safe');
      expect(open?.remnantUl).toBeGreaterThan(0);
      await advance(24 * 60);
      const id = await orderedSession();
      const refused = await onSession('nurse', 'POST', id, '/stock/draw', { lotId: stock.lotId, locationId: stock.safeId, volumeMl: 1 });
      expect([refused.statusCode, code(refused).code]).toEqual([409, 'REMNANT_EXPIRED']);
      const wrong = await post('nurse', '/remnant-wastes', {
        lotId: stock.lotId,
        locationId: stock.safeId,
        volumeMl: ((open?.remnantUl ?? 0) - 1) / 1000,
        reason: 'end of the day',
        stepUpToken: await stepUp('nurse', 'nurse2@demo.test', 'stock.waste-witness'),
      });
      expect([wrong.statusCode, code(wrong).field]).toEqual([400, 'body.volumeMl']);
      ok(
        await post('nurse', '/remnant-wastes', {
          lotId: stock.lotId,
          locationId: stock.safeId,
          volumeMl: (open?.remnantUl ?? 0) / 1000,
          reason: 'end of the day',
          stepUpToken: await stepUp('nurse', 'nurse2@demo.test', 'stock.waste-witness'),
        }),
      );
      expect((await line('KET-A', 'Safe'))?.remnantUl).toBe(0);
      const last = await h.database.db
        .selectFrom('stock_entry')
        .select(['kind', 'witnesses'])
        .orderBy('seq', 'desc')
        .executeTakeFirstOrThrow();
      expect(last.kind).toBe('expiry');
      expect(last.witnesses).toHaveLength(1);
      ok(await onSession('nurse', 'POST', id, '/stock/draw', { lotId: stock.lotId, locationId: stock.safeId, volumeMl: 1 }));
    });
  });

  describe('counts: every lot at the counted location, differences resolved by a prescriber or the director with step-up', () => {
    const inSafe = async () =>
      json<{ lines: { lotId: string; lotNumber: string; locationId: string; balance: { ul: number; ug: number } }[] }>(
        ok(await as('nurse', 'GET', `/api/sites/${siteId}/stock`)),
      ).lines.filter((l) => l.locationId === stock.safeId && l.balance.ul > 0);
    const count = (who: Who, body: object) => as(who, 'POST', `/api/sites/${siteId}/stock/counts`, body);
    const errOf = (r: Answer) => {
      const e = json<{ error: { code: string; message: string; details: { code?: string; issues?: { field: string }[] } } }>(r).error;
      return { code: e.details.code ?? e.code, field: e.details.issues?.[0]?.field, message: e.message };
    };
    let lineId = '';

    it('counted as the ledger says: no difference', async () => {
      const lines = (await inSafe()).map((l) => ({ lotId: l.lotId, locationId: l.locationId, countedMl: l.balance.ul / 1000 }));
      const r = json<{ differences: number }>(ok(await count('nurse', { kind: 'ad-hoc', timing: 'close', takenOn: '2026-12-02', lines })));
      expect(r.differences).toBe(0);
    });

    it.each([
      [
        'a lot in stock left out',
        async () => ({ lines: (await inSafe()).slice(0, 1).map((l) => ({ lotId: l.lotId, locationId: l.locationId, countedMl: 1 })) }),
        400,
        'body.lines',
      ],
      [
        'a lot counted twice',
        async () => ({
          lines: [...(await inSafe()), ...(await inSafe())].map((l) => ({ lotId: l.lotId, locationId: l.locationId, countedMl: 1 })),
        }),
        400,
        'body.lines.2',
      ],
      [
        'a count taken in the future',
        async () => ({
          takenOn: '2026-12-09',
          lines: (await inSafe()).map((l) => ({ lotId: l.lotId, locationId: l.locationId, countedMl: 1 })),
        }),
        400,
        'body.takenOn',
      ],
      [
        'a negative volume',
        async () => ({ lines: (await inSafe()).map((l) => ({ lotId: l.lotId, locationId: l.locationId, countedMl: -1 })) }),
        400,
        'body.lines.0.countedMl',
      ],
      [
        'an initial inventory after the first day',
        async () => ({ kind: 'initial', lines: (await inSafe()).map((l) => ({ lotId: l.lotId, locationId: l.locationId, countedMl: 1 })) }),
        409,
        'body.kind',
      ],
    ] as const)('refused: %s; nothing stored', async (_, body, status, field) => {
      const before = await fingerprint(h.database);
      const r = await count('nurse', { kind: 'ad-hoc', timing: 'opening', takenOn: '2026-12-02', ...(await body()) });
      expect(r.statusCode, r.body).toBe(status);
      expect(errOf(r).field).toBe(field);
      const after = await fingerprint(h.database);
      for (const t of ['stock_count', 'stock_count_line', 'stock_entry']) expect(after[t]).toBe(before[t]);
    });

    it('0.25 mL (12.5 mg) of lot KET-A missing at the close: one difference, on Today’s alerts for the director until resolved', async () => {
      const lines = (await inSafe()).map((l) => ({
        lotId: l.lotId,
        locationId: l.locationId,
        countedMl: (l.lotNumber === 'KET-A' ? l.balance.ul - 250 : l.balance.ul) / 1000,
      }));
      expect(
        json<{ differences: number }>(ok(await count('nurse', { kind: 'ad-hoc', timing: 'close', takenOn: '2026-12-02', lines })))
          .differences,
      ).toBe(1);
      const counts = json<{ counts: { differences: { lineId: string; difference: { ul: number; ug: number }; resolution: unknown }[] }[] }>(
        ok(await as('director', 'GET', `/api/sites/${siteId}/stock`)),
      ).counts;
      expect(counts[0]?.differences).toEqual([expect.objectContaining({ difference: { ul: -250, ug: -12_500 }, resolution: null })]);
      lineId = counts[0]?.differences[0]?.lineId ?? '';
      expect(
        json<{ unresolvedDifferences: number }>(ok(await as('director', 'GET', `/api/sites/${siteId}/stock/alerts`))).unresolvedDifferences,
      ).toBe(1);
      expect((await as('nurse', 'GET', `/api/sites/${siteId}/stock/alerts`)).statusCode).toBe(403);
    });

    it('resolution: refused to a nurse and to another person’s proof; the director resolves it once, and the ledger follows the count', async () => {
      const resolve = async (who: Who, proverEmail: string) =>
        as(who, 'POST', `/api/stock/count-lines/${lineId}/resolution`, {
          reason: 'spilled while drawing; not recorded',
          stepUpToken: await stepUp(who, proverEmail, 'stock.resolve-difference'),
        });
      expect((await resolve('nurse', 'nurse@demo.test')).statusCode).toBe(403);
      const other = await resolve('director', 'prescriber@demo.test');
      expect([other.statusCode, errOf(other).code]).toEqual([403, 'CHECKER_NOT_ALLOWED']);
      const before = (await inSafe()).find((l) => l.lotNumber === 'KET-A')?.balance.ul ?? 0;
      expect((await resolve('director', 'director@demo.test')).statusCode).toBe(204);
      expect((await inSafe()).find((l) => l.lotNumber === 'KET-A')?.balance.ul).toBe(before - 250);
      const again = await resolve('director', 'director@demo.test');
      expect([again.statusCode, errOf(again).code]).toEqual([409, 'ALREADY_RESOLVED']);
      expect(
        json<{ unresolvedDifferences: number }>(ok(await as('director', 'GET', `/api/sites/${siteId}/stock/alerts`))).unresolvedDifferences,
      ).toBe(0);
      const last = await h.database.db
        .selectFrom('stock_entry')
        .select(['kind', 'quantity_ul', 'reason'])
        .orderBy('seq', 'desc')
        .executeTakeFirstOrThrow();
      expect({ ...last, quantity_ul: Number(last.quantity_ul) }).toEqual({
        kind: 'count-adjustment',
        quantity_ul: -250,
        reason: 'spilled while drawing; not recorded',
      });
    });
  });

  it('the medical director sets the stock settings (a prescriber may not; out of range is a 400 naming the field); the expiry warning follows them', async () => {
    const put = (who: Who, body: object) => as(who, 'PUT', `/api/sites/${siteId}/stock/settings`, body);
    const soon = async () =>
      json<{ lines: { lotNumber: string; expiresSoon: boolean }[] }>(ok(await as('nurse', 'GET', `/api/sites/${siteId}/stock`))).lines.find(
        (l) => l.lotNumber === 'KET-TEN',
      )?.expiresSoon;
    expect(await soon()).toBe(false);
    expect((await put('prescriber', { expiryWarningDays: 365, openVialExtraDays: 0 })).statusCode).toBe(403);
    const bad = await put('director', { expiryWarningDays: 400, openVialExtraDays: 0 });
    expect(bad.statusCode).toBe(400);
    expect(json<{ error: { details: { issues: { field: string }[] } } }>(bad).error.details.issues[0]?.field).toBe(
      'body.expiryWarningDays',
    );
    expect(json(ok(await put('director', { expiryWarningDays: 365, openVialExtraDays: 0 })))).toEqual({
      expiryWarningDays: 365,
      openVialExtraDays: 0,
    });
    expect(await soon()).toBe(true);
    ok(await put('director', { expiryWarningDays: 30, openVialExtraDays: 0 }));
    const audited = await h.database.db
      .selectFrom('audit_event')
      .select('details')
      .where('action', '=', 'stock.settings')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(audited.details).toMatchObject({ before: { expiryWarningDays: 365 }, after: { expiryWarningDays: 30 } });
  });

  it('the ledger is append-only: UPDATE, DELETE and TRUNCATE are refused by the database', async () => {
    const db = h.database.db;
    await expect(sql`UPDATE stock_entry SET quantity_ul = quantity_ul + 1`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM stock_entry`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`TRUNCATE stock_entry CASCADE`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`UPDATE stock_effect SET delta_ul = 0`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`UPDATE stock_count_line SET counted_ul = 0`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM stock_count_resolution`.execute(db)).rejects.toThrow(/append-only/);
  });

  it('the ledger is one chain per site: each entry holds the previous entry’s hash, seq from 1 without a gap', async () => {
    const rows = await h.database.db
      .selectFrom('stock_entry')
      .select(['seq', 'prev_hash', 'hash', 'site_id'])
      .where('site_id', '=', siteId)
      .orderBy('seq')
      .execute();
    rows.forEach((r, i) => {
      expect(Number(r.seq)).toBe(i + 1);
      expect(r.prev_hash).toBe(i === 0 ? '0'.repeat(64) : rows[i - 1]?.hash);
    });
  });

  it('50 draws fired at once at one lot of 10 mL: every acknowledged draw is covered, the rest are 409 naming the balance', async () => {
    const db = h.database.db;
    // One 10 mL vial of a new lot in the crash cart; 50 sessions each ordered 0.5 mg/kg and drawing 1 mL.
    ok(
      await receive(app, auth.director, siteId, {
        productId: stock.productId,
        locationId: stock.cartId,
        lotNumber: 'KET-RACE',
        vials: 1,
        expiresOn: '2027-12-31',
        receivedOn: '2026-12-01',
      }),
    );
    const lotId =
      json<{ lines: { lotId: string; lotNumber: string }[] }>(ok(await as('nurse', 'GET', `/api/sites/${siteId}/stock`))).lines.find(
        (l) => l.lotNumber === 'KET-RACE',
      )?.lotId ?? '';
    const template = (await db.selectFrom('dose_order').select('session_id').orderBy('ordered_at', 'desc').executeTakeFirstOrThrow())
      .session_id;
    const racers = await addDosingSessions(db, 'DEMO-0009', 50, clock.now());
    await cloneOrderTo(db, template, racers, clock.now());
    const draw = (id: string) => onSession('director', 'POST', id, '/stock/draw', { lotId, locationId: stock.cartId, volumeMl: 1 });
    const fired = await Promise.all(racers.map(draw));
    // A draw the server shed under load (503, "try again in a moment": admission control on a busy
    // machine) is sent again, as the console would; it was not stored, so the count still holds.
    const answers = [];
    for (const [i, r] of fired.entries()) answers.push(r.statusCode === 503 ? await draw(racers[i] as string) : r);
    const okCount = answers.filter((r) => r.statusCode === 200).length;
    const refused = answers.filter((r) => r.statusCode !== 200);
    expect(okCount).toBe(10);
    expect(refused).toHaveLength(40);
    for (const r of refused) {
      expect(r.statusCode, r.body).toBe(409);
      expect(json<{ error: { details: { code: string; balance: unknown } } }>(r).error.details).toMatchObject({
        code: 'STOCK_SHORT',
        balance: { ul: 0, ug: 0 },
      });
    }
    const balance = (await overview()).lines.find((l) => l.lotId === lotId && l.locationId === stock.cartId)?.balance;
    expect(balance).toEqual({ ul: 0, ug: 0 });
  });
});
