#!/usr/bin/env node
// The `kairos` command. Runs the TypeScript sources through tsx's loader, so there is no build
// step to forget; the web app is the only thing built ahead of time.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
