/**
 * Every `kairos` subcommand, in the order `kairos --help` lists them.
 * Add a command: write `commands/NAME.ts` exporting a {@link CliCommand}, then add it here.
 */
import type { CliCommand } from '../command.js';
import { migrateCommand } from './migrate.js';
import { serveCommand } from './serve.js';

export const commands: CliCommand[] = [serveCommand, migrateCommand];
