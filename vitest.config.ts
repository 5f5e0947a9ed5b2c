import { defineConfig } from 'vitest/config';

// One config for the whole workspace: unit tests beside the code (x.test.ts), storage and API
// tests (x.int.test.ts, against PGlite and, with TEST_DATABASE_URL, PostgreSQL), browser tests
// in e2e/ (x.e2e.test.ts, headless Debian Chromium). The bench's pure helpers have unit tests
// (bench/lib); the bench itself is never run by the tests (`npm run bench`).
//
// Two projects, both sharing their workers' modules between test files (importing the server or
// core once per worker instead of once per file saves minutes of CI's two cores):
// - pure: the unit tests of core, the contract, the web app's logic and the bench's helpers
//   (threads: no I/O, no clock, no environment to leak);
// - server: the server's unit, storage and API tests and the browser tests (forks). Each file
//   builds its own app, database, clock, keys, server and browser through the test builders; the
//   process state a module keeps is set by whoever starts an app (the audit key, the PDF pool).
//   A hook must be registered by the test file (or a function it calls, as useTempDirs and
//   describeEachEngine do) or by a setup file, never at a helper module's top level: a cached
//   module's top-level hook would run for the worker's first file only. The browser tests'
//   Content-Security-Policy check is such a setup file (e2e/csp-check.ts).
const PURE = ['packages/core/src/**/*.test.ts', 'packages/api/src/**/*.test.ts', 'packages/web/src/**/*.test.ts', 'bench/**/*.test.ts'];
const SERVER = ['packages/server/src/**/*.test.ts', 'packages/server/test/**/*.test.ts', 'e2e/**/*.e2e.test.ts'];
// The long runs (x.long.test.ts) are `npm run test:long` (vitest.long.config.ts), not CI's.
const EXCLUDE = ['**/node_modules/**', '**/.git/**', '**/*.long.test.ts'];
// The sweep of every bad case to every route takes 21 s in a process of its own but 125 s in a
// server worker after a hundred other files (the cause is still to find): it gets a fresh process.
// So do the referral documents' limit rows: their 14 MB bodies take 0.3 s each in a fresh process
// but 6-17 s in a worker that ran the stock and dosing-safety tables before (a gigabyte of heap,
// most of the time in the garbage collector; no app or database is left open: building and closing
// the demo app six times keeps the heap flat).
const FRESH = ['packages/server/src/http/route-table.int.test.ts', 'packages/server/src/http/routes/referrals.int.test.ts'];
const SERVER_SETUP = ['e2e/csp-check.ts', 'packages/server/test/fresh-globals.ts'];

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
      {
        extends: true,
        test: {
          name: 'server',
          include: SERVER,
          exclude: [...EXCLUDE, ...FRESH],
          isolate: false,
          setupFiles: SERVER_SETUP,
        },
      },
      { extends: true, test: { name: 'server-fresh', include: FRESH, exclude: EXCLUDE, isolate: true, setupFiles: SERVER_SETUP } },
    ],
  },
});
