/**
 * Zod compiles parsers with `new Function` when it may, and probes for it at first use: under the
 * server's Content-Security-Policy (no 'unsafe-eval') that probe is a violation. Jitless parsing
 * is plenty fast for a form's worth of data. Imported first by `main.tsx`, before any schema runs.
 *
 * (The build treats `z.*()` calls as pure, so `z.config({ jitless: true })` alone would be dropped;
 * assigning into the configuration it returns is kept.)
 */
import { z } from 'zod';

Object.assign(z.config(), { jitless: true });
