/**
 * Security headers (issue 18, item 6) on both engines: the web page, the API, errors, the docs page
 * and PDFs each answer with a Content-Security-Policy that allows no inline script and no inline
 * style without the request's nonce, refuses every frame, nosniff, no Referer, and HSTS only over
 * TLS (a trusted proxy's X-Forwarded-Proto); every API answer, PHI or not, is `no-store`. The web
 * page carries the same nonce as its policy, new on every request.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { injectAs, signInAs, type TestAuth } from '../../test/auth.js';
import { buildDemoApp, testConfig } from '../../test/app.js';
import { describeEachEngine } from '../../test/engines.js';

const PAGE = `<!doctype html>
<html lang="en">
  <head>
    <title>Kairos</title>
    <script type="module" crossorigin src="/assets/app.js"></script>
  </head>
  <body><div id="root"></div></body>
</html>`;

/** The policy's directives by name. */
function directives(r: LightMyRequestResponse): Map<string, string[]> {
  const header = String(r.headers['content-security-policy'] ?? '');
  return new Map(
    header
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0] !== '')
      .map(([name, ...values]) => [name as string, values]),
  );
}

describeEachEngine('security headers', (h) => {
  let app: FastifyInstance;
  let director: TestAuth;

  beforeAll(async () => {
    const web = mkdtempSync(join(tmpdir(), 'kairos-web-'));
    writeFileSync(join(web, 'index.html'), PAGE);
    writeFileSync(join(web, 'app.css'), 'body{}');
    ({ app } = await buildDemoApp(h.database, { config: testConfig({ KAIROS_WEB_DIST: web, KAIROS_TRUST_PROXY: 'loopback' }) }));
    director = await signInAs(app, 'director@demo.test');
  });
  afterAll(async () => app.close());

  const common = (r: LightMyRequestResponse) => {
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['referrer-policy']).toBe('no-referrer');
    expect(r.headers['x-frame-options']).toBe('DENY');
    expect(r.headers['strict-transport-security']).toBeUndefined();
  };

  it('the web page: a strict policy whose style nonce is the one in the page, new on every request', async () => {
    const first = await app.inject({ method: 'GET', url: '/today' });
    expect(first.statusCode).toBe(200);
    common(first);
    const csp = directives(first);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('script-src-attr')).toEqual(["'none'"]);
    expect(csp.get('default-src')).toEqual(["'self'"]);
    const style = csp.get('style-src') ?? [];
    const script = csp.get('script-src') ?? [];
    expect(style[0]).toBe("'self'");
    expect(style[1]).toMatch(/^'nonce-[A-Za-z0-9+/=_-]{16,}'$/);
    expect(script[0]).toBe("'self'");
    for (const v of [...style, ...script]) expect(v).not.toMatch(/unsafe/);
    const nonce = style[1]?.slice("'nonce-".length, -1);
    expect(first.body).toContain(`<meta name="csp-nonce" content="${nonce}" />`);
    const second = await app.inject({ method: 'GET', url: '/today' });
    expect(directives(second).get('style-src')?.[1]).not.toBe(style[1]);
    // The page is never served without its nonce, even by its file name.
    const byName = await app.inject({ method: 'GET', url: '/index.html' });
    expect(byName.body).toContain('<meta name="csp-nonce"');
  });

  it.each([
    ['an API read', () => injectAs(app, director, { method: 'GET', url: '/api/patients' })],
    ['an API error', () => app.inject({ method: 'GET', url: '/api/patients' })],
    ['an unknown API path', () => app.inject({ method: 'GET', url: '/api/nothing-here' })],
    ['the health check', () => app.inject({ method: 'GET', url: '/api/health' })],
  ])('%s: the same headers, no-store', async (_, send) => {
    const r = await send();
    common(r);
    expect(directives(r).get('frame-ancestors')).toEqual(["'none'"]);
    expect(r.headers['cache-control']).toBe('no-store');
  });

  it('the API docs page has its own policy (swagger-ui), unframeable too', async () => {
    const r = await app.inject({ method: 'GET', url: '/api/docs' });
    expect(r.statusCode).toBe(200);
    common(r);
    expect(directives(r).get('frame-ancestors')).toEqual(["'none'"]);
  });

  it('HSTS only over TLS: a request through the trusted proxy saying https gets it, a plain one does not', async () => {
    const tls = await app.inject({ method: 'GET', url: '/api/health', headers: { 'x-forwarded-proto': 'https' } });
    expect(tls.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    const plain = await app.inject({ method: 'GET', url: '/api/health' });
    expect(plain.headers['strict-transport-security']).toBeUndefined();
  });
});
