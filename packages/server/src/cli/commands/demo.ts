import { loadConfig } from '../../config.js';
import { loadDemo } from '../../services/demo/load-demo.js';
import { callServer, cliMeta, runningServer, withDatabase } from '../admin-support.js';
import { CliError, parseOptions, type CliCommand } from '../command.js';

export const demoCommand: CliCommand = {
  name: 'demo',
  summary: 'Load or reset the demo clinic (synthetic data; not in production mode)',
  usage: `Usage: kairos demo

Loads the demo clinic, or resets it when it is loaded: one site, staff in every role (password
kairos-demo-2026), synthetic patients with care teams. Goes through the running server when one
holds the embedded database. Refused in production mode.`,
  async run(args, io) {
    parseOptions(args, {});
    const config = loadConfig();
    if (config.mode === 'production') throw new CliError('CONFLICT', 'the demo clinic cannot be loaded in production mode');
    const server = runningServer(config);
    const result = server
      ? ((await (await callServer(server, 'POST', '/api/local/demo')).json()) as { users: number; patients: number })
      : await withDatabase(config, 'kairos demo', (d) => loadDemo(d.db, cliMeta(config).now, { stock: true, history: true }));
    io.stdout(`Demo clinic loaded: ${result.users} staff, ${result.patients} synthetic patients.\n`);
    return 0;
  },
};
