import { defineConfig } from 'vitest/config';
import base from './vitest.config.js';

// `npm run test:long`: the runs too long for CI's 20 minutes on 2 cores (x.long.test.ts: the
// SIGKILL faults of ingestion and of the email sender, the whole backup and restore through the
// CLI, the accessibility walks of the roles CI does not walk) and the route fuzz with many more
// generated requests and the storage durability test with ten SIGKILL rounds (scripts/test-long.mjs
// sets KAIROS_FUZZ_RUNS and KAIROS_KILL_ROUNDS).
// The lists replace the base's (mergeConfig would add them to every test).
export default defineConfig({
  test: {
    ...base.test,
    // One project: the long runs are the server's (a fresh process per file), the browser's
    // Content-Security-Policy check with them (e2e/csp-check.ts).
    projects: undefined,
    setupFiles: ['e2e/csp-check.ts', 'packages/server/test/fresh-globals.ts'],
    include: ['**/*.long.test.ts', 'packages/server/src/http/route-fuzz.int.test.ts', 'packages/server/src/store/durability.int.test.ts'],
    exclude: ['**/node_modules/**', '**/.git/**'],
  },
});
