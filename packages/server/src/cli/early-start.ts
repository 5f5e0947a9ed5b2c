/**
 * What `kairos serve` does before the server's modules load (bin/kairos.mjs runs this file, compiled
 * on its own, first): on the embedded database it takes the data dir's lock and starts opening the
 * database on PGlite's thread, so that opening it (about 0.7 s) overlaps loading the server (about
 * 0.8 s) instead of following it. The server then adopts the open database (store/embedded-start.ts).
 *
 * Anything unusual (another command, PostgreSQL, help, a data dir that cannot be locked) does
 * nothing here: the server's own start then does every step and reports any problem as always.
 *
 * @module
 */
import { resolve } from 'node:path';
import { beginEmbedded, keepEarlyEmbedded } from '../store/embedded-start.js';

/** Starts opening the embedded database when `args` run the server on it; never throws. */
export function startEarly(args: readonly string[], env: NodeJS.ProcessEnv): void {
  // As cli/main.ts picks the command: none, or options only, is `serve`.
  const effective = args.length === 0 || args[0]?.startsWith('-') === true ? ['serve', ...args] : args;
  const serving = effective[0] === 'serve' && !args.includes('--help') && !args.includes('-h');
  if (!serving || (env.DATABASE_URL ?? '') !== '') return;
  try {
    // As config.ts reads it: KAIROS_DATA_DIR, by default ./data, from the working directory.
    keepEarlyEmbedded(beginEmbedded(resolve(env.KAIROS_DATA_DIR || './data'), 'kairos serve'));
  } catch {
    // The server's start takes the same steps and says what is wrong.
  }
}
