import { Alert } from '@mantine/core';
import { describe, expect, it } from 'vitest';
import { LoadError } from './load-error';

describe('the load error block', () => {
  it('says nothing while loading or once loaded', () => {
    expect(LoadError({ state: { status: 'loading' } })).toBeNull();
    expect(LoadError({ state: { status: 'done' } })).toBeNull();
  });

  it('a failed load shows the message in red, as every page did inline', () => {
    const block = LoadError({ state: { status: 'error', message: 'This could not be loaded.' } });
    expect(block?.type).toBe(Alert);
    expect(block?.props).toEqual({ color: 'red', children: 'This could not be loaded.' });
  });
});
