import { QueryObserver } from '@tanstack/react-query';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { apiFetch, apiSend } from './client';
import { queryClient } from './query-client';

function answer(status: number, body: unknown = {}) {
  vi.stubGlobal(
    'fetch',
    vi.fn(
      async () => new Response(status === 204 ? null : JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } }),
    ),
  );
}

describe('the query cache on a shared tablet', () => {
  afterEach(() => {
    queryClient.clear();
    vi.unstubAllGlobals();
  });

  it.each([
    ['signing out', 'DELETE', '/api/session', 204],
    ['signing in (the next person)', 'POST', '/api/session', 200],
    ['a patient entering the portal', 'POST', '/api/portal/session', 200],
    ['a patient leaving the portal', 'DELETE', '/api/portal/session', 204],
  ] as const)('%s forgets every answer no page is showing', async (_name, method, path, status) => {
    queryClient.setQueryData(['resource', 'patient:1'], { value: { name: 'A patient' } });
    answer(status);
    await apiSend(method, path, method === 'POST' ? { code: 'x' } : undefined).catch(() => undefined);
    expect(queryClient.getQueryData(['resource', 'patient:1'])).toBeUndefined();
  });

  it('a request the server refuses as signed out (401) forgets them too', async () => {
    queryClient.setQueryData(['resource', 'patient:1'], { value: { name: 'A patient' } });
    answer(401, { error: { code: 'UNAUTHENTICATED', message: 'Sign in again.' } });
    await expect(apiFetch('/api/patients/1')).rejects.toThrow('Sign in again.');
    expect(queryClient.getQueryData(['resource', 'patient:1'])).toBeUndefined();
  });

  it('an answer a page is showing stays with it (the page can still load again), ordinary requests forget nothing', async () => {
    queryClient.setQueryData(['resource', 'shown'], { value: 1 });
    queryClient.setQueryData(['resource', 'kept'], { value: 2 });
    const unsubscribe = new QueryObserver(queryClient, {
      queryKey: ['resource', 'shown'],
      queryFn: () => ({ value: 1 }),
      staleTime: Infinity,
    }).subscribe(() => undefined);
    answer(200, { items: [] });
    await apiFetch('/api/patients');
    expect(queryClient.getQueryData(['resource', 'kept'])).toEqual({ value: 2 });
    answer(204);
    await apiSend('DELETE', '/api/session').catch(() => undefined);
    expect(queryClient.getQueryData(['resource', 'shown'])).toEqual({ value: 1 });
    expect(queryClient.getQueryData(['resource', 'kept'])).toBeUndefined();
    unsubscribe();
  });
});
