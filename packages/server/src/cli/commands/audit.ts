import { loadConfig } from '../../config.js';
import { verifyAuditChain, type ChainVerdict } from '../../services/audit.js';
import { callServer, runningServer, withDatabase } from '../admin-support.js';
import { parseOptions, type CliCommand } from '../command.js';

export const auditVerifyCommand: CliCommand = {
  name: 'audit verify',
  summary: 'Check the audit trail hash chain; names the first broken link',
  usage: `Usage: kairos audit verify

Recomputes the hash of every audit event in order and checks each links to the one before.
Prints {"ok":true,"events":N}, or {"ok":false,...,"firstBroken":{"seq":"…","reason":"…"}} and exits 1.
Goes through the running server when one holds the embedded database.`,
  async run(args, io) {
    parseOptions(args, {});
    const config = loadConfig();
    const server = runningServer(config);
    const verdict: ChainVerdict = server
      ? ((await (await callServer(server, 'GET', '/api/local/audit-verify')).json()) as ChainVerdict)
      : await withDatabase(config, 'kairos audit verify', (d) => verifyAuditChain(d.db));
    io.stdout(`${JSON.stringify(verdict)}\n`);
    return verdict.ok ? 0 : 1;
  },
};
