#!/usr/bin/env node
// The `kairos` command. Runs the server compiled from its TypeScript sources (compile.mjs), compiling
// again first when a source changed, so there is no build step to forget; if the compiler cannot
// run, the sources run through tsx's loader as before.
//
// `kairos serve` on the embedded database first starts opening the database on its own thread
// (early-start, a small compiled file of its own), then loads the server while it opens.
import { ensureCompiled, importCompiled } from './compile.mjs';

const args = process.argv.slice(2);
let main;
if (await ensureCompiled()) {
  (await importCompiled('early-start')).startEarly(args, process.env);
  ({ main } = await importCompiled('kairos'));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src/cli/main.ts'));
}
process.exitCode = await main(args);
