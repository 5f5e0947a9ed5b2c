import { afterEach, describe, expect, it, vi } from 'vitest';
import { closePortalAccess, mayBeInPortal, openPortalAccess, portalGet, portalSend } from './portal-access-api';

function answer(status: number, body: unknown = {}) {
  const fetch = vi.fn(
    async (_path: string, _init: RequestInit) =>
      new Response(status === 204 ? null : JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } }),
  );
  vi.stubGlobal('fetch', fetch);
  return fetch;
}

describe('portal access', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('opens with the code at POST /api/portal/session, marked as a portal change', async () => {
    const fetch = answer(200, { patientId: 'p1' });
    await openPortalAccess({ code: 'ABCD2345' });
    const [path, init] = fetch.mock.calls[0] ?? [];
    expect(path).toBe('/api/portal/session');
    expect(init?.method).toBe('POST');
    expect(init?.body).toBe(JSON.stringify({ code: 'ABCD2345' }));
    expect((init?.headers as Record<string, string>)['x-kairos-portal']).toBe('1');
  });

  it('a refused code is the caller’s to show', async () => {
    answer(401, { error: { code: 'UNAUTHENTICATED', message: 'That code did not work.' } });
    await expect(openPortalAccess({ code: 'WRONG' })).rejects.toThrow('That code did not work.');
  });

  it('closes at DELETE /api/portal/session, and closing what is already closed is fine', async () => {
    const fetch = answer(401, { error: { code: 'UNAUTHENTICATED', message: 'Enter your code.' } });
    await expect(closePortalAccess()).resolves.toBeUndefined();
    const [path, init] = fetch.mock.calls[0] ?? [];
    expect(path).toBe('/api/portal/session');
    expect(init?.method).toBe('DELETE');
    expect((init?.headers as Record<string, string>)['x-kairos-portal']).toBe('1');
  });

  it('every portal change carries the portal header, without a body when none is given', async () => {
    const fetch = answer(204);
    await portalSend('PUT', '/api/portal/journal/j1/share');
    const [, init] = fetch.mock.calls[0] ?? [];
    expect(init?.body).toBeUndefined();
    expect((init?.headers as Record<string, string>)['x-kairos-portal']).toBe('1');
  });
});

describe('mayBeInPortal: the portal asks the server only when the hint cookie is there', () => {
  it.each([
    ['no cookies', '', false],
    ['the staff hint only', 'kairos_signed_in=1', false],
    ['the portal hint', 'kairos_portal_in=1', true],
    ['the portal hint among others', 'theme=dark; kairos_portal_in=1; x=y', true],
    ['look-alike names', 'not_kairos_portal_in=1; kairos_portal_in_old=1', false],
    // The httpOnly session cookie never reaches document.cookie; its name alone is not the hint.
    ['the session cookie name', 'kairos_portal=abc', false],
  ])('%s', (_what, cookies, asks) => {
    expect(mayBeInPortal(cookies)).toBe(asks);
  });
});

describe('portalGet', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('without the hint it answers 401 at once and sends nothing (no failed request on the console)', async () => {
    vi.stubGlobal('document', { cookie: '' });
    const fetch = answer(200, {});
    await expect(portalGet('/api/portal/home')).rejects.toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
    expect(fetch).not.toHaveBeenCalled();
  });

  it('with the hint it asks; a 401 from the server drops the hint so the next load does not ask', async () => {
    const doc = { cookie: 'kairos_portal_in=1' };
    vi.stubGlobal('document', doc);
    answer(200, { ok: true });
    await expect(portalGet('/api/portal/home')).resolves.toEqual({ ok: true });
    answer(401, { error: { code: 'UNAUTHENTICATED', message: 'Enter your code.' } });
    await expect(portalGet('/api/portal/home')).rejects.toMatchObject({ status: 401 });
    expect(doc.cookie).toMatch(/^kairos_portal_in=; Max-Age=0/);
  });
});
