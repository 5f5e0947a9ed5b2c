/**
 * Scheduling through the API on both engines: every rule and its refusal, reschedule and cancel
 * with the enrollment following, the iCalendar feed, and two bookings of one chair at once.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import ICAL from 'ical.js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { injectAs, signInAs, type TestAuth } from '../../../test/auth.js';
import { buildDemoApp } from '../../../test/app.js';
import { describeEachEngine } from '../../../test/engines.js';

describeEachEngine('scheduling', (h) => {
  let app: FastifyInstance;
  let coordinator: TestAuth;
  let site: { id: string; rooms: { id: string; name: string; chairs: { id: string; name: string }[] }[] };
  let chairs: string[];
  let room: string;
  let roomB: string;
  const staff: Record<string, string> = {};
  let eligible: string[];
  const json = <T = Record<string, unknown>>(r: LightMyRequestResponse): T => r.json<T>();

  beforeAll(async () => {
    ({ app } = await buildDemoApp(h.database));
    coordinator = await signInAs(app, 'coordinator@demo.test');
    // The demo clinic works every day; these tests use a Monday-to-Friday week.
    const admin = await signInAs(app, 'admin@demo.test');
    const demoSite = await h.database.db.selectFrom('site').select('id').executeTakeFirstOrThrow();
    expect(
      (
        await injectAs(app, admin, {
          method: 'PATCH',
          url: `/api/sites/${demoSite.id}`,
          payload: { workingDays: ['mon', 'tue', 'wed', 'thu', 'fri'] },
        })
      ).statusCode,
    ).toBe(200);
    site = json<{ items: (typeof site)[] }>(await injectAs(app, coordinator, { method: 'GET', url: '/api/sites' })).items[0] as typeof site;
    chairs = site.rooms.find((r) => r.name === 'Infusion suite')?.chairs.map((c) => c.id) ?? [];
    room = site.rooms.find((r) => r.name === 'Therapy room A')?.id as string;
    roomB = site.rooms.find((r) => r.name === 'Therapy room B')?.id as string;
    for (const u of await h.database.db.selectFrom('app_user').select(['id', 'email']).execute())
      staff[u.email.split('@')[0] as string] = u.id;
    const rows = await h.database.db
      .selectFrom('enrollment')
      .innerJoin('patient', 'patient.id', 'enrollment.patient_id')
      .select(['enrollment.id', 'patient.mrn'])
      .where('state', '=', 'eligible')
      .orderBy('patient.mrn')
      .execute();
    // Start from an empty schedule: the demo's own cohorts would otherwise share the chairs.
    for (const c of await h.database.db.selectFrom('cohort').select('id').execute()) {
      expect(
        (
          await injectAs(app, coordinator, {
            method: 'POST',
            url: `/api/cohorts/${c.id}/cancel`,
            payload: { reason: 'clearing the demo schedule for this test' },
          })
        ).statusCode,
      ).toBe(204);
    }
    eligible = rows.map((r) => r.id);
  });
  afterAll(async () => app.close());

  const team1 = () => ({ 'licensed-iv-runner': staff.nurse, therapist: staff.therapist, prescriber: staff.prescriber });
  const team2 = () => ({ 'licensed-iv-runner': staff.nurse2, therapist: staff.therapist2, prescriber: staff.prescriber2 });
  const plan = (members: object[], startDate = '2026-12-07') => ({ siteId: site.id, programTemplate: 'retreat-5-day', startDate, members });

  it('the demo has two eligible enrollments with signed consent to schedule', () => {
    expect(eligible).toHaveLength(2);
    expect(chairs.length).toBeGreaterThanOrEqual(2);
  });

  it('a preview lists every clash: one chair for two sessions, one nurse for two infusions at once, one therapist in two places', async () => {
    const r = await injectAs(app, coordinator, {
      method: 'POST',
      url: '/api/cohorts/preview',
      payload: plan([
        { enrollmentId: eligible[0], chairId: chairs[0], roomId: room, staff: team1() },
        {
          enrollmentId: eligible[1],
          chairId: chairs[0],
          roomId: roomB,
          staff: { ...team2(), 'licensed-iv-runner': staff.nurse, therapist: staff.therapist },
        },
      ]),
    });
    expect(r.statusCode).toBe(200);
    const rules = new Set(json<{ clashes: { rule: string }[] }>(r).clashes.map((c) => c.rule));
    expect([...rules].sort()).toEqual(['chair-double-booked', 'infusions-per-runner', 'staff-double-booked']);
  });

  it('an event needs a staff member of each role it names, holding that role', async () => {
    const r = await injectAs(app, coordinator, {
      method: 'POST',
      url: '/api/cohorts/preview',
      payload: plan([
        {
          enrollmentId: eligible[0],
          chairId: chairs[0],
          roomId: room,
          staff: { 'licensed-iv-runner': staff.therapist, therapist: staff.therapist },
        },
      ]),
    });
    const clashes = json<{ clashes: { rule: string; message: string }[] }>(r).clashes;
    expect(clashes.some((c) => c.rule === 'role-missing' && c.message.includes('prescriber'))).toBe(true);
    expect(clashes.some((c) => c.rule === 'role-not-held' && c.message.includes('licensed-iv-runner'))).toBe(true);
  });

  it('a start the program does not allow is refused with the next possible start', async () => {
    const r = await injectAs(app, coordinator, {
      method: 'POST',
      url: '/api/cohorts/preview',
      payload: plan([{ enrollmentId: eligible[0], chairId: chairs[0], roomId: room, staff: team1() }], '2026-12-09'),
    });
    expect(r.statusCode).toBe(400);
    expect(json(r)).toMatchObject({ error: { details: { nextStart: '2026-12-14' } } });
  });

  it('booking a plan that clashes is refused with the clashes, and nothing is stored', async () => {
    const r = await injectAs(app, coordinator, {
      method: 'POST',
      url: '/api/cohorts',
      payload: plan([
        { enrollmentId: eligible[0], chairId: chairs[0], roomId: room, staff: team1() },
        { enrollmentId: eligible[1], chairId: chairs[0], roomId: roomB, staff: team2() },
      ]),
    });
    expect(r.statusCode).toBe(409);
    expect(json<{ error: { details: { clashes: { rule: string }[] } } }>(r).error.details.clashes.map((c) => c.rule)).toContain(
      'chair-double-booked',
    );
    expect(await h.database.db.selectFrom('scheduled_event').select('id').where('state', '=', 'scheduled').execute()).toHaveLength(0);
  });

  let cohortId = '';
  it('books a cohort without clashes: every event, and the enrollments are scheduled', async () => {
    const r = await injectAs(app, coordinator, {
      method: 'POST',
      url: '/api/cohorts',
      payload: plan([
        { enrollmentId: eligible[0], chairId: chairs[0], roomId: room, staff: team1() },
        { enrollmentId: eligible[1], chairId: chairs[1], roomId: roomB, staff: team2() },
      ]),
    });
    expect(r.statusCode).toBe(201);
    cohortId = json<{ cohortId: string; events: number }>(r).cohortId;
    expect(json(r)).toMatchObject({ events: 16 });
    const states = await h.database.db.selectFrom('enrollment').select('state').where('id', 'in', eligible).execute();
    expect(states.map((s) => s.state)).toEqual(['scheduled', 'scheduled']);
    const day = json<{ items: { kind: string; chair: { name: string } | null; staff: { role: string }[] }[] }>(
      await injectAs(app, coordinator, {
        method: 'GET',
        url: `/api/schedule?siteId=${site.id}&from=2026-12-08T00:00:00Z&to=2026-12-09T00:00:00Z`,
      }),
    );
    const dosing = day.items.filter((i) => i.kind === 'dosing');
    expect(dosing.map((d) => d.chair?.name).sort()).toEqual(['Chair 1', 'Chair 2']);
    expect(dosing[0]?.staff.map((s) => s.role).sort()).toEqual(['licensed-iv-runner', 'therapist']);
  });

  it('a plan that clashes with what is booked is told the next start free of clashes; a clash no date solves gets none', async () => {
    type Preview = { clashes: { rule: string }[]; nextFreeStart: string | null };
    const preview = async (startDate: string, members: object[]) => {
      const r = await injectAs(app, coordinator, { method: 'POST', url: '/api/cohorts/preview', payload: plan(members, startDate) });
      return { status: r.statusCode, body: json<Preview>(r) };
    };
    // The same chair and staff as the booked cohort's first member, the same week.
    const same = [{ enrollmentId: eligible[0], chairId: chairs[0], roomId: room, staff: team1() }];
    const clashing = await preview('2026-12-07', same);
    expect(clashing.status).toBe(200);
    expect(clashing.body.clashes.map((c) => c.rule)).toContain('chair-double-booked');
    const free = clashing.body.nextFreeStart;
    expect(free).not.toBeNull();
    expect((free ?? '') > '2026-12-07').toBe(true);
    // It is free, and no allowed start between the two is.
    expect((await preview(free ?? '', same)).body).toMatchObject({ clashes: [], nextFreeStart: free });
    for (let d = new Date('2026-12-08T12:00:00Z'); d.toISOString().slice(0, 10) < (free ?? ''); d.setUTCDate(d.getUTCDate() + 1)) {
      const between = await preview(d.toISOString().slice(0, 10), same);
      expect(between.status === 400 || between.body.clashes.length > 0, d.toISOString()).toBe(true);
    }
    // A role nobody holds is not solved by waiting: no next free start.
    const noPrescriber = await preview('2026-12-07', [
      {
        enrollmentId: eligible[0],
        chairId: chairs[0],
        roomId: room,
        staff: { 'licensed-iv-runner': staff.nurse, therapist: staff.therapist },
      },
    ]);
    expect(noPrescriber.body.clashes.some((c) => c.rule === 'role-missing')).toBe(true);
    expect(noPrescriber.body.nextFreeStart).toBeNull();
  });

  it('rescheduling into a clash is refused; a clean move is saved', async () => {
    const events = await h.database.db
      .selectFrom('scheduled_event')
      .select(['id', 'starts_at', 'chair_id', 'enrollment_id'])
      .where('kind', '=', 'dosing')
      .where('cohort_id', '=', cohortId)
      .orderBy('starts_at')
      .execute();
    const [first, second] = events.filter((e) => e.starts_at.toISOString().startsWith('2026-12-08'));
    const clash = await injectAs(app, coordinator, {
      method: 'PATCH',
      url: `/api/events/${second?.id}`,
      payload: { chairId: first?.chair_id, reason: 'chair 2 is broken' },
    });
    expect(clash.statusCode).toBe(409);
    const moved = await injectAs(app, coordinator, {
      method: 'PATCH',
      url: `/api/events/${second?.id}`,
      payload: { chairId: chairs[2], reason: 'chair 2 is broken' },
    });
    expect(moved.statusCode).toBe(200);
  });

  it('a staff member gets an iCalendar feed with initials and event kinds, never patient names; it can be revoked', async () => {
    const nurse = await signInAs(app, 'nurse@demo.test');
    const feed = json<{ path: string }>(await injectAs(app, nurse, { method: 'POST', url: '/api/me/calendar-feed' }));
    const ics = await app.inject({ method: 'GET', url: feed.path });
    expect(ics.statusCode).toBe(200);
    expect(ics.headers['content-type']).toContain('text/calendar');
    const cal = new ICAL.Component(ICAL.parse(ics.body));
    const events = cal
      .getAllSubcomponents('vevent')
      .filter((v) => v.getFirstPropertyValue('status') === 'CONFIRMED')
      .map((v) => new ICAL.Event(v));
    expect(events.length).toBe(2);
    expect(events.every((e) => /^[A-Z]\.[A-Z]\. dosing \(licensed-iv-runner\)$/.test(e.summary))).toBe(true);
    const names = await h.database.db.selectFrom('patient').select(['given_name', 'family_name']).execute();
    for (const n of names) expect(ics.body).not.toContain(n.family_name);
    expect(events[0]?.startDate.toJSDate().toISOString()).toBe('2026-12-08T14:00:00.000Z');
    await injectAs(app, nurse, { method: 'DELETE', url: '/api/me/calendar-feed' });
    expect((await app.inject({ method: 'GET', url: feed.path })).statusCode).toBe(404);
  });

  it('cancelling the cohort cancels its events and the enrollments go back to eligible', async () => {
    const r = await injectAs(app, coordinator, {
      method: 'POST',
      url: `/api/cohorts/${cohortId}/cancel`,
      payload: { reason: 'the facility is closed for repairs' },
    });
    expect(r.statusCode).toBe(204);
    const states = await h.database.db.selectFrom('enrollment').select('state').where('id', 'in', eligible).execute();
    expect(states.map((s) => s.state)).toEqual(['eligible', 'eligible']);
    const open = await h.database.db
      .selectFrom('scheduled_event')
      .select('id')
      .where('cohort_id', '=', cohortId)
      .where('state', '=', 'scheduled')
      .execute();
    expect(open).toHaveLength(0);
  });

  it('two coordinators booking the same chair at once: one success, one clear 409', async () => {
    const other = await signInAs(app, 'director@demo.test');
    const book = (auth: TestAuth, enrollmentId: string, team: Record<string, string | undefined>, roomId: string) =>
      injectAs(app, auth, {
        method: 'POST',
        url: '/api/cohorts',
        payload: plan([{ enrollmentId, chairId: chairs[3], roomId, staff: team }], '2026-12-14'),
      });
    const results = await Promise.all([
      book(coordinator, eligible[0] as string, team1(), room),
      book(other, eligible[1] as string, team2(), roomB),
    ]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    const refused = results.find((r) => r.statusCode === 409) as LightMyRequestResponse;
    expect(json<{ error: { details: { clashes: { rule: string }[] } } }>(refused).error.details.clashes.map((c) => c.rule)).toContain(
      'chair-double-booked',
    );
  });
});
