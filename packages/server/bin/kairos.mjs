#!/usr/bin/env node
// The `kairos` command. Runs the server compiled from its TypeScript sources into one file,
// compiling again first when a source changed (compile.mjs), so there is no build step to forget;
// if the compiler cannot run, the sources run through tsx's loader as before.
import { importCompiledMain } from './compile.mjs';

let main = await importCompiledMain();
if (main === undefined) {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src/cli/main.ts'));
}
process.exitCode = await main(process.argv.slice(2));
