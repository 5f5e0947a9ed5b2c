import { loadConfig } from '../../config.js';
import { createLogger } from '../../logger.js';
import { closeOnSignals, startServer } from '../../server.js';
import { DEMO_PASSWORD, DEMO_USERS } from '../../services/demo/load-demo.js';
import { CliError, parseNumberOption, parseOptions, type CliCommand } from '../command.js';

export const serveCommand: CliCommand = {
  name: 'serve',
  summary: 'Start the Kairos server (the default command)',
  usage: `Usage: kairos serve [--port N]

Starts Kairos: the API, the web app and live events on one port (default 3000, or PORT).
Uses PostgreSQL when DATABASE_URL is set, otherwise the embedded database in KAIROS_DATA_DIR (./data).
Migrations are applied at start. SIGINT or SIGTERM stops it gracefully.`,
  async run(args) {
    const { values } = parseOptions(args, { port: { type: 'string' } });
    const port = values.port === undefined ? undefined : parseNumberOption(values.port, 'port');
    if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) {
      throw new CliError('INVALID_INPUT', `--port: ${values.port ?? ''} must be a whole number from 0 to 65535`);
    }
    const config = loadConfig(process.env, port === undefined ? {} : { port });
    const logger = createLogger(config.logLevel);
    const server = await startServer(config, { logger });
    closeOnSignals(server, logger, config.shutdownTimeoutMs);
    process.stderr.write(
      `\nKairos is running at ${server.url.replace('127.0.0.1', 'localhost')} (${config.mode} mode, ${server.database.engine})\n`,
    );
    if (server.hl7Port !== null) process.stderr.write(`HL7 v2 (MLLP) listener on port ${server.hl7Port} (docs/hl7.md)\n`);
    if (config.mode === 'demo') {
      process.stderr.write(
        `\nDemo mode: synthetic data only. Sign in with any of these, password ${DEMO_PASSWORD}:\n` +
          DEMO_USERS.slice(0, 6)
            .map((u) => `  ${u.email.padEnd(24)} ${u.roles.join(', ')}`)
            .join('\n') +
          '\n',
      );
    }
    process.stderr.write('\n');
    // Keep running until a signal arrives.
    await new Promise<never>(() => undefined);
    return 0;
  },
};
