import { afterEach, describe, expect, it, vi } from 'vitest';
import { closePortalAccess, openPortalAccess, portalSend } from './portal-access-api';

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
