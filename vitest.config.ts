import { defineConfig } from 'vitest/config';

// One config for the whole workspace: unit tests beside the code (x.test.ts), storage and API
// tests (x.int.test.ts, against PGlite and, with TEST_DATABASE_URL, PostgreSQL), browser tests
// in e2e/ (x.e2e.test.ts, headless Debian Chromium). The bench's pure helpers have unit tests
// (bench/lib); the bench itself is never run by the tests (`npm run bench`).
export default defineConfig({
  test: {
    include: ['packages/*/src/**/*.test.ts', 'packages/*/test/**/*.test.ts', 'bench/**/*.test.ts', 'e2e/**/*.e2e.test.ts'],
    // The long runs (x.long.test.ts) are `npm run test:long` (vitest.long.config.ts), not CI's.
    exclude: ['**/node_modules/**', '**/.git/**', '**/*.long.test.ts'],
    globalSetup: ['packages/server/test/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
