/**
 * Every resource the FHIR API serves of the demo clinic validates (issue 25, Must 4, the long run:
 * CI validates one of each kind in fhir-validation.int.test.ts). Each type is read to its last page
 * as the medical director, with the demo's 40 past courses written as `npm start` writes them,
 * and every resource goes through @medplum/core's validator (R4 and the profiles it claims); and
 * the same through a system-level Bulk Data export (`$export`), every line of every file.
 */
import type { FastifyInstance } from 'fastify';
import type { Bundle, Resource } from '@medplum/fhirtypes';
import { localDateOf } from '@kairos/core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { injectAs, signInAs, type TestAuth } from '../../test/auth.js';
import { buildDemoApp } from '../../test/app.js';
import { describeEachEngine } from '../../test/engines.js';
import { validateFhir } from '../../test/fhir-validator.js';
import { demoProgramHistory } from '../services/demo/demo-program-history.js';
import { seedProgramHistory } from '../services/demo/seed-program-history.js';
import { FHIR_TYPES } from '../services/fhir/registry.js';
import { exportsSettled } from '../services/fhir/bulk-export/run-fhir-export.js';

describeEachEngine('every FHIR resource of the demo validates', (h) => {
  let app: FastifyInstance;
  let director: TestAuth;

  beforeAll(async () => {
    let clock;
    ({ app, clock } = await buildDemoApp(h.database));
    const site = await h.database.db.selectFrom('site').select(['id', 'time_zone']).where('synthetic', '=', true).executeTakeFirstOrThrow();
    await seedProgramHistory(h.database.db, site.id, clock.now(), demoProgramHistory(localDateOf(clock.now(), site.time_zone)));
    director = await signInAs(app, 'director@demo.test');
  }, 600_000);
  afterAll(async () => app?.close());

  it('each type, every page: no validator error', { timeout: 1_800_000 }, async () => {
    const problems: string[] = [];
    let checked = 0;
    for (const t of FHIR_TYPES) {
      let url: string | undefined = `/fhir/R4/${t.type}?_count=1000`;
      while (url !== undefined) {
        const r = await injectAs(app, director, { method: 'GET', url });
        expect(r.statusCode, url).toBe(200);
        const bundle = JSON.parse(r.body) as Bundle;
        for (const e of bundle.entry ?? []) {
          const resource = e.resource as Resource;
          checked++;
          for (const p of validateFhir(resource)) problems.push(`${resource.resourceType}/${resource.id ?? ''}: ${p}`);
        }
        const next = bundle.link?.find((l) => l.relation === 'next')?.url;
        url = next === undefined ? undefined : next.slice(next.indexOf('/fhir/'));
      }
    }
    expect(checked).toBeGreaterThan(1_000);
    expect(problems.slice(0, 50)).toEqual([]);
  });

  it('a system-level $export: every line of every file validates', { timeout: 1_800_000 }, async () => {
    const kick = await injectAs(app, director, { method: 'GET', url: '/fhir/R4/$export', headers: { prefer: 'respond-async' } });
    expect(kick.statusCode, kick.body).toBe(202);
    await exportsSettled();
    const status = String(kick.headers['content-location']);
    const manifest = JSON.parse((await injectAs(app, director, { method: 'GET', url: status.slice(status.indexOf('/fhir/')) })).body) as {
      output: { type: string; url: string; count: number }[];
    };
    const problems: string[] = [];
    let checked = 0;
    for (const file of manifest.output) {
      const r = await injectAs(app, director, { method: 'GET', url: file.url.slice(file.url.indexOf('/fhir/')) });
      expect(r.statusCode, file.url).toBe(200);
      const lines = r.body.split('\n').filter((l) => l !== '');
      expect(lines.length, file.type).toBe(file.count);
      for (const line of lines) {
        const resource = JSON.parse(line) as Resource;
        checked++;
        for (const p of validateFhir(resource)) problems.push(`${resource.resourceType}/${resource.id ?? ''}: ${p}`);
      }
    }
    expect(checked).toBeGreaterThan(1_000);
    expect(problems.slice(0, 50)).toEqual([]);
  });
});
