/**
 * Zod compiles parsers with `new Function` when it may, and probes for it at first use: under the
 * server's Content-Security-Policy (no 'unsafe-eval') that probe is a violation. Jitless parsing
 * is plenty fast for a form's worth of data. Imported first by `main.tsx`, before any schema runs.
 *
 * Zod keeps its configuration in `globalThis.__zod_globalConfig` and creates it only when absent
 * (zod 4, `v4/core/core.js`), so setting it here configures every copy of zod loaded later without
 * importing zod: the entry chunk stays free of zod, which only the pages that check forms load.
 * `zod-jitless.test.ts` checks that zod takes it.
 */
const holder = globalThis as { __zod_globalConfig?: Record<string, unknown> };
holder.__zod_globalConfig = Object.assign(holder.__zod_globalConfig ?? {}, { jitless: true });
