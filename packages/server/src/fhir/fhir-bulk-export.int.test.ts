/**
 * FHIR Bulk Data `$export` (issue 25, Must 3) on both engines, against the demo clinic: the
 * kick-off at each level (202 and the status URL), the manifest, the NDJSON files (each type's file
 * holds exactly what a search by the same person finds), `_type` and `_since`, a cohort's export
 * holding its members only, the files served to the requester only, cancel, expiry after the
 * site's setting, the audit, and the attempts to break it (no Prefer header, unknown or
 * forbidden types, unknown parameters, another person's export, the wrong role).
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Bundle, CapabilityStatement, OperationOutcome, Resource } from '@medplum/fhirtypes';
import { FHIR_TYPE_WORDS, type FhirExportList } from '@kairos/api';
import { exportableTypes } from '../services/fhir/bulk-export/export-plan.js';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { injectAs, signInAs, type TestAuth } from '../../test/auth.js';
import { buildDemoApp } from '../../test/app.js';
import type { ManualClock } from '../../test/app.js';
import { describeEachEngine } from '../../test/engines.js';
import { exportsSettled } from '../services/fhir/bulk-export/run-fhir-export.js';

const ASYNC = { prefer: 'respond-async', accept: 'application/fhir+json' };

interface Manifest {
  transactionTime: string;
  request: string;
  requiresAccessToken: boolean;
  output: { type: string; url: string; count: number }[];
  error: unknown[];
}

describeEachEngine('FHIR bulk export', (h) => {
  let app: FastifyInstance;
  let clock: ManualClock;
  const auth: Record<'director' | 'director2' | 'prescriber' | 'admin', TestAuth> = {} as never;

  const get = (who: keyof typeof auth, url: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> =>
    injectAs(app, auth[who], { method: 'GET', url, headers });
  const outcome = (r: LightMyRequestResponse) => JSON.parse(r.body) as OperationOutcome;
  const pathOf = (url: string) => {
    const u = new URL(url, 'http://localhost');
    return u.pathname + u.search;
  };

  /** Kicks off as `who`, waits for the files, and returns the status answer. */
  const exportAs = async (who: keyof typeof auth, url: string) => {
    const kick = await get(who, url, ASYNC);
    expect(kick.statusCode, kick.body.slice(0, 300)).toBe(202);
    const status = kick.headers['content-location'] as string;
    expect(status).toMatch(/\/fhir\/R4\/\$export-status\/[0-9a-f-]{36}$/);
    await exportsSettled();
    return { status: pathOf(status), answer: await get(who, pathOf(status)) };
  };
  const manifestOf = (r: LightMyRequestResponse): Manifest => {
    expect(r.statusCode, r.body.slice(0, 300)).toBe(200);
    return JSON.parse(r.body) as Manifest;
  };
  const fileOf = async (who: keyof typeof auth, url: string): Promise<Resource[]> => {
    const r = await get(who, pathOf(url), { accept: 'application/fhir+ndjson' });
    expect(r.statusCode, r.body.slice(0, 300)).toBe(200);
    expect(r.headers['content-type']).toMatch(/^application\/fhir\+ndjson/);
    return r.body
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as Resource);
  };
  const searchTotal = async (who: keyof typeof auth, url: string): Promise<number> => {
    const r = await get(who, url);
    expect(r.statusCode, r.body.slice(0, 300)).toBe(200);
    return (JSON.parse(r.body) as Bundle).total ?? -1;
  };

  beforeAll(async () => {
    ({ app, clock } = await buildDemoApp(h.database));
    // A second medical director of the site, to ask for another person's export.
    const director = await h.database.db
      .selectFrom('app_user')
      .selectAll()
      .where('email', '=', 'director@demo.test')
      .executeTakeFirstOrThrow();
    await h.database.db
      .insertInto('app_user')
      .values({
        email: 'director2@demo.test',
        display_name: 'Second Director',
        password_hash: director.password_hash,
        roles: ['medical-director'],
        site_id: director.site_id,
        synthetic: true,
        created_at: clock.now(),
        updated_at: clock.now(),
      })
      .execute();
    await signInAll();
  });
  /** Signs everyone in (again, after the clock moved past their sessions' idle limit). */
  const signInAll = async () => {
    for (const who of ['director', 'director2', 'prescriber', 'admin'] as const) auth[who] = await signInAs(app, `${who}@demo.test`);
  };
  afterAll(async () => app?.close());

  it('system level: 202 with the status URL; the manifest lists a file per type, each holding exactly what a search by the same person finds', async () => {
    const { answer } = await exportAs('director', '/fhir/R4/$export');
    const manifest = manifestOf(answer);
    expect(answer.headers['content-type']).toMatch(/^application\/json/);
    expect(new Date(String(answer.headers.expires)).getTime()).toBe(Math.floor((clock.nowMs() + 24 * 3_600_000) / 1000) * 1000);
    expect(manifest).toMatchObject({ requiresAccessToken: true, error: [], transactionTime: new Date(clock.nowMs()).toISOString() });
    expect(manifest.request).toMatch(/\/fhir\/R4\/\$export$/);
    const types = manifest.output.map((o) => o.type);
    for (const t of ['Patient', 'Practitioner', 'Organization', 'Location', 'Observation', 'Encounter', 'EpisodeOfCare', 'Group'])
      expect(types).toContain(t);
    // The audit trail is not exported (it is read by search).
    expect(types).not.toContain('AuditEvent');
    // Every type exported has its words on the exports page.
    expect(exportableTypes('system').filter((t) => FHIR_TYPE_WORDS[t.type] === undefined)).toEqual([]);
    // The CapabilityStatement says so: $export at the system, Patient and Group levels.
    const cs = JSON.parse((await app.inject({ method: 'GET', url: '/fhir/R4/metadata' })).body) as CapabilityStatement;
    const bulk = 'http://hl7.org/fhir/uv/bulkdata';
    expect(cs.instantiates).toEqual([`${bulk}/CapabilityStatement/bulk-data`]);
    expect(cs.rest?.[0]?.operation).toEqual([
      expect.objectContaining({ name: 'export', definition: `${bulk}/OperationDefinition/export` }),
    ]);
    const typeOps = (type: string) => cs.rest?.[0]?.resource?.find((r) => r.type === type)?.operation;
    expect(typeOps('Patient')).toEqual([{ name: 'export', definition: `${bulk}/OperationDefinition/patient-export` }]);
    expect(typeOps('Group')).toEqual([{ name: 'export', definition: `${bulk}/OperationDefinition/group-export` }]);
    expect(typeOps('Observation')).toBeUndefined();
    for (const o of manifest.output) {
      const resources = await fileOf('director', o.url);
      expect(resources.length, o.type).toBe(o.count);
      expect(new Set(resources.map((r) => r.resourceType))).toEqual(new Set([o.type]));
      expect(new Set(resources.map((r) => r.id)).size, `${o.type}: no resource twice`).toBe(o.count);
      expect(o.count, o.type).toBe(await searchTotal('director', `/fhir/R4/${o.type}?_count=0`));
    }
  });

  it('_type keeps to the types named; _since after every change leaves no file; Patient level keeps to the Patient compartment', async () => {
    const typed = manifestOf((await exportAs('director', '/fhir/R4/$export?_type=Observation,Patient')).answer);
    expect(typed.output.map((o) => o.type).sort()).toEqual(['Observation', 'Patient']);

    clock.advance(60_000);
    const since = new Date(clock.nowMs() - 30_000).toISOString();
    const none = manifestOf((await exportAs('director', `/fhir/R4/$export?_since=${encodeURIComponent(since)}`)).answer);
    expect(none.output).toEqual([]);
    const before = new Date(clock.nowMs() - 365 * 86_400_000).toISOString();
    const all = manifestOf(
      (await exportAs('director', `/fhir/R4/Patient/$export?_type=Patient&_since=${encodeURIComponent(before)}`)).answer,
    );
    expect(all.output).toEqual([
      expect.objectContaining({ type: 'Patient', count: await searchTotal('director', '/fhir/R4/Patient?_count=0') }),
    ]);

    const patientLevel = manifestOf((await exportAs('director', '/fhir/R4/Patient/$export')).answer);
    const types = patientLevel.output.map((o) => o.type);
    expect(types).toContain('Patient');
    expect(types).toContain('Observation');
    for (const t of ['Practitioner', 'Organization', 'Location', 'Questionnaire', 'Group', 'AuditEvent']) expect(types).not.toContain(t);
  });

  it('Group level: a cohort’s export holds its members’ data only; an unknown cohort is a 404', async () => {
    const groups = JSON.parse((await get('director', '/fhir/R4/Group?_count=100')).body) as Bundle;
    const cohort = groups.entry
      ?.map((e) => e.resource as { id: string; member?: { entity: { reference: string } }[] })
      .find((g) => (g.member?.length ?? 0) > 0);
    expect(cohort).toBeDefined();
    const members = new Set((cohort?.member ?? []).map((m) => m.entity.reference));
    const manifest = manifestOf((await exportAs('director', `/fhir/R4/Group/${cohort?.id ?? ''}/$export`)).answer);
    const patients = await fileOf('director', manifest.output.find((o) => o.type === 'Patient')?.url ?? '');
    expect(new Set(patients.map((p) => `Patient/${p.id ?? ''}`))).toEqual(members);
    // Every patient any resource of the export names is a member.
    for (const o of manifest.output) {
      const named = (await fileOf('director', o.url)).flatMap((r) => JSON.stringify(r).match(/Patient\/[0-9a-f-]{36}/g) ?? []);
      for (const ref of named) expect(members, o.type).toContain(ref);
    }

    const unknown = await get('director', '/fhir/R4/Group/00000000-0000-4000-8000-000000000000/$export', ASYNC);
    expect(unknown.statusCode).toBe(404);
    expect(outcome(unknown).resourceType).toBe('OperationOutcome');
  });

  it('the files are the requester’s: another director is refused (audited); cancelling deletes them; files go after the site’s setting', async () => {
    await h.database.db
      .updateTable('site')
      .set({ settings: JSON.stringify({ fhir: { exportRetentionHours: 2 } }) })
      .where('synthetic', '=', true)
      .execute();
    const { status, answer } = await exportAs('director', '/fhir/R4/$export?_type=Patient');
    const manifest = manifestOf(answer);
    expect(new Date(String(answer.headers.expires)).getTime()).toBe(Math.floor((clock.nowMs() + 2 * 3_600_000) / 1000) * 1000);
    const file = pathOf(manifest.output[0]?.url ?? '');
    for (const r of [
      await get('director2', status),
      await get('director2', file),
      await injectAs(app, auth.director2, { method: 'DELETE', url: status }),
    ]) {
      expect(r.statusCode).toBe(403);
      expect(outcome(r).issue[0]?.diagnostics).toMatch(/person who asked for it only/);
    }
    const denied = await h.database.db
      .selectFrom('audit_event')
      .select(['action', 'outcome'])
      .where('record_id', '=', status.split('/').at(-1) ?? '')
      .where('outcome', '=', 'denied')
      .execute();
    expect(denied.map((d) => d.action).sort()).toEqual(['fhir.export-cancel', 'fhir.export-download', 'fhir.export-status']);

    // The download is audited with how many resources and patients.
    const id = status.split('/').at(-1) ?? '';
    await fileOf('director', file);
    const download = await h.database.db
      .selectFrom('audit_event')
      .select('details')
      .where('action', '=', 'fhir.export-download')
      .where('record_id', '=', id)
      .where('outcome', '=', 'allowed')
      .executeTakeFirstOrThrow();
    expect(download.details).toMatchObject({
      resourceType: 'Patient',
      resources: manifest.output[0]?.count,
      patients: manifest.output[0]?.count,
    });

    // Two hours on, the files are gone, and the status says why.
    clock.advance(2 * 3_600_000);
    await signInAll();
    const expired = await get('director', status);
    expect(expired.statusCode).toBe(404);
    expect(outcome(expired).issue[0]?.diagnostics).toMatch(/deleted when their time was up/);
    expect((await get('director', file)).statusCode).toBe(404);
    const parts = await h.database.db.selectFrom('fhir_export_part').select('part').where('export_id', '=', id).execute();
    expect(parts).toEqual([]);

    // Cancelled: the files are deleted at once.
    const second = await exportAs('director', '/fhir/R4/$export?_type=Patient');
    const cancel = await injectAs(app, auth.director, { method: 'DELETE', url: second.status });
    expect(cancel.statusCode).toBe(202);
    const after = await get('director', second.status);
    expect(after.statusCode).toBe(404);
    expect(outcome(after).issue[0]?.diagnostics).toMatch(/cancelled/);
    expect((await get('director', pathOf(manifestOf(second.answer).output[0]?.url ?? ''))).statusCode).toBe(404);
  });

  it('one export at a time per person: two kick-offs at once give one 202 and one 429; an export the server stopped writing says so and blocks nothing', async () => {
    await exportsSettled();
    // The first export must still be writing when the second kick-off looks: a small export can
    // finish in a few milliseconds, and then a second one is welcome (a CI run saw 202 twice).
    // On PostgreSQL the files' table is held until both have answered; on PGlite the one
    // connection serves the waiting kick-off before the first export's first statement.
    const holdingTheFiles = <T>(during: () => Promise<T>): Promise<T> =>
      h.engine === 'postgres'
        ? h.database.db.transaction().execute(async (tx) => {
            await sql`LOCK TABLE fhir_export_part IN EXCLUSIVE MODE`.execute(tx);
            return during();
          })
        : during();
    const [a, b] = await holdingTheFiles(() =>
      Promise.all([get('director', '/fhir/R4/$export?_type=Patient', ASYNC), get('director', '/fhir/R4/$export?_type=Patient', ASYNC)]),
    );
    expect([a.statusCode, b.statusCode].sort()).toEqual([202, 429]);
    const busy = a.statusCode === 429 ? a : b;
    expect(outcome(busy).issue[0]?.code).toBe('throttled');
    expect(outcome(busy).issue[0]?.diagnostics).toMatch(/still being written/);
    await exportsSettled();
    // Once it is written, the next is welcome.
    const next = await exportAs('director', '/fhir/R4/$export?_type=Patient');
    expect(manifestOf(next.answer).output.map((o) => o.type)).toEqual(['Patient']);

    // An export recorded as in progress that no process is writing (the server stopped meanwhile).
    const director = await h.database.db
      .selectFrom('app_user')
      .selectAll()
      .where('email', '=', 'director@demo.test')
      .executeTakeFirstOrThrow();
    const cut = await h.database.db
      .insertInto('fhir_export')
      .values({
        site_id: director.site_id ?? '',
        requested_by: director.id,
        level: 'system',
        group_id: null,
        types: ['Patient'],
        since: null,
        request_url: 'http://localhost/fhir/R4/$export?_type=Patient',
        state: 'in-progress',
        progress: '100 patients written',
        error: null,
        transaction_time: clock.now(),
        created_at: clock.now(),
        updated_at: clock.now(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await h.database.db
      .insertInto('fhir_export_part')
      .values({ export_id: cut.id, resource_type: 'Patient', part: 0, resources: 1, ndjson: '{"resourceType":"Patient"}\n' })
      .execute();
    // It does not hold the person back.
    const again = await exportAs('director', '/fhir/R4/$export?_type=Patient');
    expect(again.answer.statusCode).toBe(200);
    const stopped = await get('director', `/fhir/R4/$export-status/${cut.id}`);
    expect(stopped.statusCode).toBe(500);
    expect(outcome(stopped).issue[0]?.diagnostics).toMatch(/server stopped while the export was being written; ask for it again/);
    await expect(h.database.db.selectFrom('fhir_export_part').select('part').where('export_id', '=', cut.id).execute()).resolves.toEqual(
      [],
    );
    await expect(
      h.database.db.selectFrom('fhir_export').select('state').where('id', '=', cut.id).executeTakeFirstOrThrow(),
    ).resolves.toEqual({ state: 'failed' });
  });

  it('the exports page’s API: the list is the person’s own, starting one as the kick-off would, the setting (bad values named), cancelling', async () => {
    const site = await h.database.db.selectFrom('site').select('id').where('synthetic', '=', true).executeTakeFirstOrThrow();
    const send = (who: keyof typeof auth, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: Record<string, unknown>) =>
      injectAs(app, auth[who], { method, url, ...(payload === undefined ? {} : { payload }) });
    const list = async (who: keyof typeof auth) => {
      const r = await send(who, 'GET', `/api/sites/${site.id}/fhir-exports`);
      expect(r.statusCode, r.body.slice(0, 300)).toBe(200);
      return JSON.parse(r.body) as FhirExportList;
    };
    const started = await send('director2', 'POST', `/api/sites/${site.id}/fhir-exports`, {
      level: 'patient',
      types: ['Patient', 'Condition'],
    });
    expect(started.statusCode, started.body).toBe(202);
    const { id, statusUrl } = JSON.parse(started.body) as { id: string; statusUrl: string };
    expect(statusUrl).toMatch(new RegExp(`/fhir/R4/\\$export-status/${id}$`));
    await exportsSettled();
    const mine = await list('director2');
    expect(mine.items.map((x) => x.id)).toEqual([id]);
    expect(mine.items[0]).toMatchObject({ level: 'patient', state: 'complete', types: ['Patient', 'Condition'], cohort: null });
    expect(mine.items[0]?.files.map((f) => f.type)).toEqual(['Condition', 'Patient']);
    expect(mine.exportableTypes.patient).toContain('Observation');
    expect(mine.exportableTypes.system).toContain('Practitioner');
    // The first director's list does not show the second's export, and the file is not theirs.
    expect((await list('director')).items.map((x) => x.id)).not.toContain(id);
    expect((await get('director', pathOf(mine.items[0]?.files[0]?.url ?? ''))).statusCode).toBe(403);
    // The manifest says what the kick-off would have asked.
    expect((JSON.parse((await get('director2', pathOf(statusUrl))).body) as Manifest).request).toMatch(
      /\/fhir\/R4\/Patient\/\$export\?_type=Patient%2CCondition$/,
    );

    for (const [body, field] of [
      [{ level: 'group' }, 'groupId'],
      [{ level: 'patient', groupId: '00000000-0000-4000-8000-000000000000' }, 'groupId'],
      [{ level: 'patient', types: ['Practitioner'] }, 'types'],
      [{ level: 'system', types: [] }, 'types'],
      [{ level: 'system', since: 'last week' }, 'since'],
      [{ level: 'everything' }, 'level'],
    ] as const) {
      const r = await send('director2', 'POST', `/api/sites/${site.id}/fhir-exports`, body);
      expect(r.statusCode, JSON.stringify(body)).toBe(400);
      expect(r.body).toContain(field);
    }
    expect((await list('director2')).items).toHaveLength(1);

    for (const hours of [0, 169, 1.5, '24']) {
      const r = await send('director2', 'PUT', `/api/sites/${site.id}/fhir-export-settings`, { retentionHours: hours });
      expect(r.statusCode, String(hours)).toBe(400);
      expect(r.body).toContain('retentionHours');
    }
    const set = await send('director2', 'PUT', `/api/sites/${site.id}/fhir-export-settings`, { retentionHours: 48 });
    expect(set.statusCode).toBe(200);
    expect((await list('director2')).retentionHours).toBe(48);
    const audited = await h.database.db
      .selectFrom('audit_event')
      .select('details')
      .where('action', '=', 'fhir.export-settings')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(audited.details).toMatchObject({ after: 48 });

    expect((await send('director', 'DELETE', `/api/fhir-exports/${id}`)).statusCode).toBe(403);
    expect((await send('director2', 'DELETE', `/api/fhir-exports/${id}`)).statusCode).toBe(204);
    expect((await list('director2')).items[0]).toMatchObject({ state: 'cancelled', files: [] });
    expect((await send('prescriber', 'GET', `/api/sites/${site.id}/fhir-exports`)).statusCode).toBe(403);
  });

  it.each([
    ['no Prefer: respond-async', '/fhir/R4/$export', { accept: 'application/fhir+json' }, 400, /Prefer/],
    ['an unknown type', '/fhir/R4/$export?_type=Spaceship', ASYNC, 400, /_type: Spaceship is not exported/],
    [
      'a type outside the Patient compartment at the Patient level',
      '/fhir/R4/Patient/$export?_type=Practitioner',
      ASYNC,
      400,
      /_type: Practitioner/,
    ],
    ['the audit trail', '/fhir/R4/$export?_type=AuditEvent', ASYNC, 400, /_type: AuditEvent/],
    ['hostile text as a type', `/fhir/R4/$export?_type=${encodeURIComponent('<script>')}`, ASYNC, 400, /is not a resource type/],
    ['_since that is not an instant', '/fhir/R4/$export?_since=yesterday', ASYNC, 400, /_since/],
    ['_since without its zone', '/fhir/R4/$export?_since=2026-12-01T09:00:00', ASYNC, 400, /_since/],
    ['another output format', '/fhir/R4/$export?_outputFormat=text/csv', ASYNC, 400, /_outputFormat/],
    ['_typeFilter (not supported)', '/fhir/R4/$export?_typeFilter=Patient%3Fgender%3Dfemale', ASYNC, 400, /_typeFilter/],
    ['an unknown parameter', '/fhir/R4/$export?color=red', ASYNC, 400, /color/],
    ['an export id that is not one', '/fhir/R4/$export-status/123', ASYNC, 400, /export id/],
    ['an export that does not exist', '/fhir/R4/$export-status/00000000-0000-4000-8000-000000000000', ASYNC, 404, /no such export/],
  ] as const)('%s: %i naming it, as an OperationOutcome; nothing recorded', async (_label, url, headers, status, message) => {
    const before = await h.database.db
      .selectFrom('fhir_export')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    const r = await get('director', url, headers);
    expect(r.statusCode, r.body.slice(0, 300)).toBe(status);
    const o = outcome(r);
    expect(o.resourceType).toBe('OperationOutcome');
    expect(o.issue.map((i) => i.diagnostics).join(' ')).toMatch(message);
    const after = await h.database.db
      .selectFrom('fhir_export')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });

  it.each([
    ['a prescriber', 'prescriber'],
    ['an administrator (no patient data)', 'admin'],
  ] as const)('%s may not export: 403, audited', async (_label, who) => {
    const r = await get(who, '/fhir/R4/$export', ASYNC);
    expect(r.statusCode).toBe(403);
    expect(outcome(r).resourceType).toBe('OperationOutcome');
    const denied = await h.database.db
      .selectFrom('audit_event')
      .select('action')
      .where('user_id', '=', auth[who].userId)
      .where('outcome', '=', 'denied')
      .where('action', '=', 'fhir.export')
      .execute();
    expect(denied.length).toBeGreaterThan(0);
  });
});
