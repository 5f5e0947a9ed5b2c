import { defineConfig } from 'vitest/config';

// One config for the whole workspace: unit tests beside the code (x.test.ts), storage and API
// tests (x.int.test.ts, against PGlite and, with TEST_DATABASE_URL, PostgreSQL), browser tests
// in e2e/ (x.e2e.test.ts, headless Debian Chromium). The bench's pure helpers have unit tests
// (bench/lib); the bench itself is never run by the tests (`npm run bench`).
//
// Three projects, by what a test file may leave behind in its worker:
// - pure: the unit tests of core, the contract, the web app's logic and the bench's helpers share
//   their workers' modules (no I/O, no clock, no environment to leak: importing them once per
//   worker instead of once per file takes their run from about 45 s to 10 s on two cores);
// - server: the server's unit, storage and API tests share their workers' modules too (forks).
//   Each file builds its own app, database, clock and keys through the test builders, and the
//   process state a module keeps is set by whoever starts an app (the audit key, the PDF pool);
//   importing the server once per worker instead of once per file saves about 3 minutes of two
//   cores. A test helper that registers a hook must do so inside a function the file calls
//   (useTempDirs, describeEachEngine), never at its module's top level: a cached module's
//   top-level hook would be registered for the first file of the worker only;
// - browser: the browser tests keep a fresh process per file (e2e/browser.ts registers its
//   Content-Security-Policy check at its top level, and Chromium's processes are the file's own).
const PURE = ['packages/core/src/**/*.test.ts', 'packages/api/src/**/*.test.ts', 'packages/web/src/**/*.test.ts', 'bench/**/*.test.ts'];
const SERVER = ['packages/server/src/**/*.test.ts', 'packages/server/test/**/*.test.ts'];
const BROWSER = ['e2e/**/*.e2e.test.ts'];
// The long runs (x.long.test.ts) are `npm run test:long` (vitest.long.config.ts), not CI's.
const EXCLUDE = ['**/node_modules/**', '**/.git/**', '**/*.long.test.ts'];

export default defineConfig({
  test: {
    // The lists are the projects' own (a project that extends the root adds to the root's lists).
    globalSetup: ['packages/server/test/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
    projects: [
      { extends: true, test: { name: 'pure', include: PURE, exclude: [...EXCLUDE, '**/*.int.test.ts'], pool: 'threads', isolate: false } },
      { extends: true, test: { name: 'server', include: SERVER, exclude: EXCLUDE, isolate: false } },
      { extends: true, test: { name: 'browser', include: BROWSER, exclude: EXCLUDE } },
    ],
  },
});
