/**
 * Every `kairos` subcommand, in the order `kairos --help` lists them.
 * Add a command: write `commands/NAME.ts` exporting a {@link CliCommand}, then add it here.
 */
import type { CliCommand } from '../command.js';
import { auditVerifyCommand } from './audit.js';
import { backupCommand, restoreCommand } from './backup.js';
import { demoCommand } from './demo.js';
import { doseCommand } from './dose.js';
import { kmCommand } from './km.js';
import { ledgerVerifyCommand } from './ledger.js';
import { migrateCommand } from './migrate.js';
import { pkCommand } from './pk.js';
import { scheduleCommand } from './schedule.js';
import { scoreCommand } from './score.js';
import { screenCommand } from './screen.js';
import { serveCommand } from './serve.js';
import { simulateMonitorCommand } from './simulate-monitor.js';
import { userAddCommand, userPasswdCommand, userResetSecondFactorCommand, userSiteCommand } from './user.js';

export const commands: CliCommand[] = [
  // Running Kairos
  serveCommand,
  migrateCommand,
  userAddCommand,
  userPasswdCommand,
  userSiteCommand,
  userResetSecondFactorCommand,
  demoCommand,
  backupCommand,
  restoreCommand,
  auditVerifyCommand,
  ledgerVerifyCommand,
  simulateMonitorCommand,
  // Clinical calculations (never open the database)
  scoreCommand,
  doseCommand,
  screenCommand,
  pkCommand,
  kmCommand,
  scheduleCommand,
];
