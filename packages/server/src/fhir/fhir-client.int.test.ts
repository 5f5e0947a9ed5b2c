/**
 * A real FHIR client (fhir-kit-client) against Kairos listening on a port, as a clinic's
 * integration would use it (issue 25, Must 4): the CapabilityStatement, a search paged to its last
 * page with the client's own `nextPage`, a read, an error as the client sees it, and a Bulk Data
 * export (the kick-off and the status through the client; the NDJSON files fetched as bulk clients
 * do, the client parsing JSON only).
 */
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { Bundle, CapabilityStatement, Patient } from '@medplum/fhirtypes';
import { Client } from 'fhir-kit-client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { signInAs } from '../../test/auth.js';
import { buildDemoApp } from '../../test/app.js';
import { describeEachEngine } from '../../test/engines.js';

describeEachEngine('a FHIR client library drives Kairos', (h) => {
  let app: FastifyInstance;
  let client: Client;
  let cookie: string;

  beforeAll(async () => {
    ({ app } = await buildDemoApp(h.database));
    const director = await signInAs(app, 'director@demo.test');
    cookie = director.cookie;
    await app.listen({ port: 0, host: '127.0.0.1' });
    const port = (app.server.address() as AddressInfo).port;
    client = new Client({ baseUrl: `http://127.0.0.1:${port}/fhir/R4`, customHeaders: { cookie: director.cookie } });
  });
  afterAll(async () => app?.close());

  it('reads the CapabilityStatement, pages a Patient search to its end with nextPage, and reads one back', async () => {
    const cs = (await client.capabilityStatement()) as unknown as CapabilityStatement;
    expect(cs.fhirVersion).toBe('4.0.1');
    const ids: string[] = [];
    let page = (await client.search({ resourceType: 'Patient', searchParams: { _count: 3 } })) as unknown as Bundle;
    const total = page.total ?? 0;
    for (;;) {
      ids.push(...(page.entry ?? []).map((e) => e.resource?.id ?? ''));
      const next = client.nextPage({ bundle: page as never });
      if (next === undefined) break;
      page = (await next) as unknown as Bundle;
    }
    expect(total).toBeGreaterThan(3);
    expect(ids).toHaveLength(total);
    expect(new Set(ids).size).toBe(total);
    const p = (await client.read({ resourceType: 'Patient', id: ids[0] as string })) as unknown as Patient;
    expect(p.resourceType).toBe('Patient');
  });

  it('a search for a patient’s vital signs with _include, as the client builds it', async () => {
    const anyVital = (await client.search({
      resourceType: 'Observation',
      searchParams: { category: 'vital-signs', _count: 1 },
    })) as unknown as Bundle;
    const subject = (anyVital.entry?.[0]?.resource as { subject?: { reference?: string } }).subject?.reference as string;
    const b = (await client.search({
      resourceType: 'Observation',
      searchParams: { patient: subject, code: 'http://loinc.org|8867-4', _include: 'Observation:patient' },
    })) as unknown as Bundle;
    expect(b.entry?.some((e) => e.search?.mode === 'include' && `Patient/${e.resource?.id ?? ''}` === subject)).toBe(true);
  });

  it('an unknown parameter reaches the client as an OperationOutcome naming it', async () => {
    const error = (await client.search({ resourceType: 'Patient', searchParams: { colour: 'blue' } }).catch((e: unknown) => e)) as {
      response?: { status?: number; data?: { resourceType?: string; issue?: { expression?: string[] }[] } };
    };
    expect(error.response?.status).toBe(400);
    expect(error.response?.data?.resourceType).toBe('OperationOutcome');
    expect(error.response?.data?.issue?.[0]?.expression).toEqual(['colour']);
  });

  it('a Bulk Data export: kick-off with Prefer: respond-async, the status polled until the manifest, each NDJSON file fetched', async () => {
    const kick = await client.request('Patient/$export?_type=Patient,Observation', { options: { headers: { prefer: 'respond-async' } } });
    const kickResponse = Client.httpFor(kick).response;
    expect(kickResponse?.status).toBe(202);
    const status = kickResponse?.headers.get('content-location') ?? '';
    expect(status).toMatch(/\/fhir\/R4\/\$export-status\//);
    let manifest: { output: { type: string; url: string; count: number }[] } | undefined;
    for (let i = 0; i < 600 && manifest === undefined; i++) {
      const answer = await client.request(status);
      if (Client.httpFor(answer).response?.status === 200) manifest = answer as never;
      else await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(manifest?.output.map((o) => o.type).sort()).toEqual(['Observation', 'Patient']);
    for (const o of manifest?.output ?? []) {
      const file = await fetch(o.url, { headers: { cookie, accept: 'application/fhir+ndjson' } });
      expect(file.status).toBe(200);
      const lines = (await file.text()).split('\n').filter((l) => l !== '');
      expect(lines).toHaveLength(o.count);
      expect(new Set(lines.map((l) => (JSON.parse(l) as { resourceType: string }).resourceType))).toEqual(new Set([o.type]));
    }
  });
});
