import { describe, expect, it } from 'vitest';
import { isChunkLoadError, PageLoadBoundary, pageFailureText } from './lazy-page';

describe('a page whose code failed to load', () => {
  it.each([
    'Failed to fetch dynamically imported module: http://127.0.0.1/assets/today-page-abc.js',
    'error loading dynamically imported module: http://127.0.0.1/assets/today-page-abc.js',
    'Importing a module script failed.',
    'Unable to preload CSS for /assets/today-page-abc.css',
  ])('recognises the browser error "%s" as a chunk that could not be fetched', (message) => {
    expect(isChunkLoadError(new TypeError(message))).toBe(true);
    expect(pageFailureText(new TypeError(message)).title).toBe('This page could not be loaded');
  });

  it('any other error is a page that stopped working, still in plain words', () => {
    expect(isChunkLoadError(new Error('Cannot read properties of undefined'))).toBe(false);
    expect(isChunkLoadError(undefined)).toBe(false);
    expect(pageFailureText(new Error('x')).title).toBe('This page stopped working');
  });

  it('the boundary keeps the error, even a thrown undefined, so it never renders blank', () => {
    expect(PageLoadBoundary.getDerivedStateFromError(new Error('x')).error).toBeInstanceOf(Error);
    expect(PageLoadBoundary.getDerivedStateFromError(undefined).error).toBeInstanceOf(Error);
  });
});
