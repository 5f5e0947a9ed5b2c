/**
 * The web app's assets go out compressed (issue 21, item 3): the build writes a `.br` and a `.gz`
 * beside each (packages/web/vite.config.ts) and the server sends the one the browser accepts, the
 * plain file otherwise, each with its own type.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildTestApp, testConfig } from '../../test/app.js';
import { describeEachEngine } from '../../test/engines.js';

const SCRIPT = `export const words = ${JSON.stringify('kairos '.repeat(2000))};\n`;

describeEachEngine('compressed web assets', (h) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    const web = mkdtempSync(join(tmpdir(), 'kairos-web-'));
    mkdirSync(join(web, 'assets'));
    writeFileSync(join(web, 'index.html'), '<!doctype html><html><head><title>Kairos</title></head><body></body></html>');
    writeFileSync(join(web, 'assets', 'app.js'), SCRIPT);
    writeFileSync(join(web, 'assets', 'app.js.br'), brotliCompressSync(SCRIPT));
    writeFileSync(join(web, 'assets', 'app.js.gz'), gzipSync(SCRIPT));
    app = await buildTestApp(h.database, { config: testConfig({ KAIROS_WEB_DIST: web }) });
    await app.ready();
  });
  afterAll(async () => app.close());

  it.each([
    ['br, gzip', 'br'],
    ['gzip', 'gzip'],
    ['', undefined],
    ['identity', undefined],
  ])('Accept-Encoding %j → %s', async (accept, encoding) => {
    const r = await app.inject({ method: 'GET', url: '/assets/app.js', headers: { 'accept-encoding': accept } });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-encoding']).toBe(encoding);
    expect(String(r.headers['content-type'])).toMatch(/^(text|application)\/javascript/);
    const body = r.rawPayload;
    expect(encoding === undefined ? body.length : body.length * 10).toBeLessThan(
      encoding === undefined ? SCRIPT.length + 1 : SCRIPT.length,
    );
  });
});
