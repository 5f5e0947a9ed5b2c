import { createElement, Fragment, type ReactNode } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { isChunkLoadError, lazyPage, PageLoadBoundary, pageFailureText, preloadElement } from './lazy-page';

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

describe('preloading the code of a route', () => {
  it('fetches each lazy page of an element tree once, however often asked, and only those', async () => {
    const shell = vi.fn(() => Promise.resolve(() => null));
    const page = vi.fn(() => Promise.resolve(() => null));
    const Shell = lazyPage(shell);
    const Page = lazyPage(page);
    const Gate = ({ children }: { children?: ReactNode }) => createElement(Fragment, null, children);
    const tree = createElement(Shell, null, createElement(Gate, null, createElement(Fragment, null, createElement(Page))));
    preloadElement(tree);
    preloadElement(tree);
    preloadElement('text');
    await Promise.resolve();
    expect(shell).toHaveBeenCalledTimes(1);
    expect(page).toHaveBeenCalledTimes(1);
  });

  it('a preload that fails is swallowed there: the page shows the failure when it renders', async () => {
    const failing = lazyPage(() => Promise.reject(new TypeError('Failed to fetch dynamically imported module: x.js')));
    expect(() => failing.preload()).not.toThrow();
    await new Promise((r) => setTimeout(r, 0));
  });
});
