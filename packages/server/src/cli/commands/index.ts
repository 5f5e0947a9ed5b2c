/**
 * Every `kairos` subcommand, in the order `kairos --help` lists them.
 * Add a command: write `commands/NAME.ts` exporting a {@link CliCommand}, then add it here.
 */
import type { CliCommand } from '../command.js';
import { migrateCommand } from './migrate.js';
import { scoreCommand } from './score.js';
import { serveCommand } from './serve.js';
import { pkCommand } from './pk.js';
import { kmCommand } from './km.js';
import { scheduleCommand } from './schedule.js';
import { doseCommand } from './dose.js';
import { screenCommand } from './screen.js';

export const commands: CliCommand[] = [serveCommand, migrateCommand, scoreCommand, pkCommand, kmCommand, scheduleCommand, doseCommand, screenCommand];
