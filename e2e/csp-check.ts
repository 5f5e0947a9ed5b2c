/**
 * Setup file (vitest.config.ts): after each test, the Content-Security-Policy violations its pages
 * reported (e2e/csp.ts) fail it. A setup file runs for every test file, also in a worker that keeps
 * its modules between files, where a hook registered at a cached module's top level would run for
 * the worker's first file only. Outside the browser tests the list stays empty.
 */
import { afterEach, expect } from 'vitest';
import { cspViolations } from './csp.js';

afterEach(() => {
  const seen = cspViolations.splice(0);
  expect(seen.join('\n'), 'Content-Security-Policy violations in the pages of this test').toBe('');
});
