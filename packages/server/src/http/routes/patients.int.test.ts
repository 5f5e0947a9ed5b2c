import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { injectAs, signInAs, type TestAuth } from '../../../test/auth.js';
import { buildDemoApp } from '../../../test/app.js';
import { describeEachEngine } from '../../../test/engines.js';

describeEachEngine('patients', (h) => {
  let app: FastifyInstance;
  let coordinator: TestAuth;
  let nurse: TestAuth;
  let nurse2: TestAuth;
  let director: TestAuth;
  beforeAll(async () => {
    ({ app } = await buildDemoApp(h.database));
    coordinator = await signInAs(app, 'coordinator@demo.test');
    nurse = await signInAs(app, 'nurse@demo.test');
    nurse2 = await signInAs(app, 'nurse2@demo.test');
    director = await signInAs(app, 'director@demo.test');
  });
  afterAll(async () => app.close());

  const auditFor = (patientId: string) =>
    h.database.db
      .selectFrom('audit_event')
      .select(['action', 'outcome', 'user_id'])
      .where('patient_id', '=', patientId)
      .orderBy('seq')
      .execute();

  it('creates a patient with a care team, audited', async () => {
    const team = await injectAs(app, coordinator, { method: 'GET', url: '/api/users?role=nurse' });
    const nurseId = team.json<{ items: { id: string; displayName: string }[] }>().items.find((u) => u.displayName.startsWith('Nora'))?.id;
    const res = await injectAs(app, coordinator, {
      method: 'POST',
      url: '/api/patients',
      payload: {
        mrn: 'K-1001',
        givenName: 'Robin',
        familyName: 'Example',
        birthDate: '1984-03-09',
        sex: 'female',
        careTeam: [{ role: 'nurse', userId: nurseId }],
      },
    });
    expect(res.statusCode).toBe(201);
    const p = res.json();
    expect(p).toMatchObject({
      mrn: 'K-1001',
      givenName: 'Robin',
      birthDate: '1984-03-09',
      synthetic: false,
      careTeam: [{ role: 'nurse', displayName: 'Nora Nurse, RN' }],
    });
    expect(await auditFor(p.id)).toEqual([{ action: 'patient.create', outcome: 'allowed', user_id: coordinator.userId }]);
  });

  it('refuses a second patient with the same MRN at the site (409) and stores nothing', async () => {
    const count = async () =>
      (
        await h.database.db
          .selectFrom('patient')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n;
    const before = await count();
    const res = await injectAs(app, coordinator, {
      method: 'POST',
      url: '/api/patients',
      payload: { mrn: 'K-1001', givenName: 'Other', familyName: 'Person', birthDate: '1990-01-01' },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.details.field).toBe('body.mrn');
    expect(await count()).toBe(before);
  });

  it('refuses a malformed birth date, naming the field', async () => {
    const res = await injectAs(app, coordinator, {
      method: 'POST',
      url: '/api/patients',
      payload: { mrn: 'K-1002', givenName: 'A', familyName: 'B', birthDate: '1990-02-30' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.issues[0].field).toBe('body.birthDate');
  });

  it('searches by name, MRN and date of birth', async () => {
    const byName = await injectAs(app, director, { method: 'GET', url: '/api/patients?q=robin%20exa' });
    expect(byName.json().items.map((p: { mrn: string }) => p.mrn)).toEqual(['K-1001']);
    const byMrn = await injectAs(app, director, { method: 'GET', url: '/api/patients?q=k-1001' });
    expect(byMrn.json().total).toBe(1);
    const byDob = await injectAs(app, director, { method: 'GET', url: '/api/patients?q=1984-03-09' });
    expect(byDob.json().items.map((p: { mrn: string }) => p.mrn)).toContain('K-1001');
    const byFamilyFirst = await injectAs(app, director, { method: 'GET', url: '/api/patients?q=Example,%20Robin' });
    expect(byFamilyFirst.json().total).toBe(1);
  });

  it('a care-team role sees only its own patients in the list; site-wide roles see all', async () => {
    const all = await injectAs(app, director, { method: 'GET', url: '/api/patients?limit=200' });
    const mine = await injectAs(app, nurse2, { method: 'GET', url: '/api/patients?limit=200' });
    expect(all.json().total).toBe(45);
    expect(mine.json().total).toBe(12);
    expect(mine.json().items.every((p: { synthetic: boolean }) => p.synthetic)).toBe(true);
  });

  it('reads a patient on the care team, and refuses (and audits) one outside it', async () => {
    const list = await injectAs(app, director, { method: 'GET', url: '/api/patients?q=DEMO-0040' });
    const outside = list.json().items[0].id as string;
    const refused = await injectAs(app, nurse, { method: 'GET', url: `/api/patients/${outside}` });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('FORBIDDEN');
    expect(refused.body).not.toContain('DEMO-0040');
    const events = await auditFor(outside);
    expect(events.at(-1)).toEqual({ action: 'patient.read', outcome: 'denied', user_id: nurse.userId });

    const ok = await injectAs(app, nurse2, { method: 'GET', url: `/api/patients/${outside}` });
    expect(ok.statusCode).toBe(200);
    expect(
      ok
        .json()
        .careTeam.map((m: { role: string }) => m.role)
        .sort(),
    ).toEqual(['nurse', 'prescriber', 'therapist']);
    expect((await auditFor(outside)).at(-1)).toEqual({ action: 'patient.read', outcome: 'allowed', user_id: nurse2.userId });
  });

  it('updates a patient, auditing which fields changed', async () => {
    const list = await injectAs(app, director, { method: 'GET', url: '/api/patients?q=K-1001' });
    const id = list.json().items[0].id as string;
    const res = await injectAs(app, nurse, { method: 'PATCH', url: `/api/patients/${id}`, payload: { phone: '555-0199' } });
    expect(res.statusCode).toBe(200);
    expect(res.json().phone).toBe('555-0199');
    const last = await h.database.db
      .selectFrom('audit_event')
      .select(['action', 'details'])
      .where('patient_id', '=', id)
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(last).toEqual({ action: 'patient.update', details: { fields: ['phone'] } });
  });

  it('the address (for the controlled-substance records): set, refused when longer than 500 characters or blank, cleared with null', async () => {
    const list = await injectAs(app, director, { method: 'GET', url: '/api/patients?q=K-1001' });
    const id = list.json().items[0].id as string;
    const patch = (address: unknown) => injectAs(app, nurse, { method: 'PATCH', url: `/api/patients/${id}`, payload: { address } });
    const set = await patch('  12 Elm Street, Springfield, NY 12345 ');
    expect([set.statusCode, set.json().address]).toEqual([200, '12 Elm Street, Springfield, NY 12345']);
    for (const bad of ['x'.repeat(501), '   ']) {
      const r = await patch(bad);
      expect(r.statusCode).toBe(400);
      expect(r.json().error.details.issues[0].field).toBe('body.address');
    }
    expect((await injectAs(app, nurse, { method: 'GET', url: `/api/patients/${id}` })).json().address).toBe(
      '12 Elm Street, Springfield, NY 12345',
    );
    const cleared = await patch(null);
    expect([cleared.statusCode, cleared.json().address]).toEqual([200, null]);
  });

  it('an id that does not exist is a 404', async () => {
    const res = await injectAs(app, director, { method: 'GET', url: '/api/patients/0b6f1f64-7d0e-4a8e-9a51-1c1a1c1a1c1a' });
    expect(res.statusCode).toBe(404);
  });
});
