/**
 * Every coded element Kairos emits uses a system and a code listed in docs/fhir.md ("Code
 * systems and codes"), since the validator does not check terminology (issue 25, Must 4). Each
 * served type is read as the medical director (up to 1,000 of each); every coding and every
 * quantity's unit is collected and looked up in the documentation's table.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Bundle } from '@medplum/fhirtypes';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { injectAs, signInAs, type TestAuth } from '../../test/auth.js';
import { buildDemoApp } from '../../test/app.js';
import { describeEachEngine } from '../../test/engines.js';
import { FHIR_TYPES } from '../services/fhir/registry.js';

/** The documentation's table: system -> the codes listed (`*`: any code of the system, as its own text says why). */
function documentedCodes(): Map<string, Set<string>> {
  const doc = readFileSync(resolve(import.meta.dirname, '../../../../docs/fhir.md'), 'utf8');
  const section = doc.split('## Code systems and codes')[1]?.split('\n## ')[0] ?? '';
  const table = new Map<string, Set<string>>();
  for (const line of section.split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    if (cells.length < 4 || !cells[1]?.startsWith('`')) continue;
    const system = (cells[1] ?? '').replaceAll('`', '');
    const codes = (cells[2] ?? '')
      .split(',')
      .map((c) => c.trim().replaceAll('`', ''))
      .filter((c) => c !== '');
    table.set(system, new Set([...(table.get(system) ?? []), ...codes]));
  }
  return table;
}

/** Every (system, code) pair in a resource: codings and quantities. */
function codingsOf(value: unknown, out: Set<string>): void {
  if (Array.isArray(value)) for (const v of value) codingsOf(v, out);
  else if (typeof value === 'object' && value !== null) {
    const o = value as Record<string, unknown>;
    if (typeof o.system === 'string' && typeof o.code === 'string') out.add(`${o.system}|${o.code}`);
    for (const v of Object.values(o)) codingsOf(v, out);
  }
}

describeEachEngine('FHIR codes as documented', (h) => {
  let app: FastifyInstance;
  let director: TestAuth;

  beforeAll(async () => {
    ({ app } = await buildDemoApp(h.database));
    director = await signInAs(app, 'director@demo.test');
  });
  afterAll(async () => app?.close());

  it('the documentation lists code systems, and every coding and unit of every served type is among them', async () => {
    const table = documentedCodes();
    expect(table.size).toBeGreaterThan(10);
    const emitted = new Set<string>();
    for (const t of FHIR_TYPES) {
      const r = await injectAs(app, director, { method: 'GET', url: `/fhir/R4/${t.type}?_count=1000` });
      expect(r.statusCode, t.type).toBe(200);
      codingsOf(
        (JSON.parse(r.body) as Bundle).entry?.map((e) => e.resource),
        emitted,
      );
    }
    expect(emitted.size).toBeGreaterThan(20);
    const undocumented = [...emitted]
      .filter((pair) => {
        const bar = pair.lastIndexOf('|');
        const codes = table.get(pair.slice(0, bar));
        return codes === undefined || !(codes.has('*') || codes.has(pair.slice(bar + 1)));
      })
      .sort();
    expect(undocumented).toEqual([]);
  });
});
