import { loadConfig } from '../../config.js';
import type { AuditVerify } from '@kairos/api';
import { verifyAgainstAnchorFile } from '../../services/audit-anchor.js';
import { callServer, runningServer, withDatabase } from '../admin-support.js';
import { parseOptions, type CliCommand } from '../command.js';

export const auditVerifyCommand: CliCommand = {
  name: 'audit verify',
  summary: 'Check the audit trail hash chain; names the first broken link',
  usage: `Usage: kairos audit verify

Recomputes the keyed hash of every audit event in order and checks each links to the one before;
then, with KAIROS_AUDIT_ANCHOR_FILE set, checks the chain still holds the latest anchor whose
signature holds (a deleted tail or a recomputed chain fails).
Prints {"ok":true,"events":N,...}, or {"ok":false,...,"firstBroken":{"seq":"…","reason":"…"}} or
{"ok":false,...,"anchor":{"ok":false,"reason":"…"}} and exits 1.
Goes through the running server when one holds the embedded database.`,
  async run(args, io) {
    parseOptions(args, {});
    const config = loadConfig();
    const server = runningServer(config);
    const verdict: AuditVerify = server
      ? ((await (await callServer(server, 'GET', '/api/local/audit-verify')).json()) as AuditVerify)
      : await withDatabase(config, 'kairos audit verify', (d) =>
          verifyAgainstAnchorFile(d.db, config.auditAnchorFile, { unkeyedThrough: config.auditUnkeyedThrough }),
        );
    io.stdout(`${JSON.stringify(verdict)}\n`);
    return verdict.ok ? 0 : 1;
  },
};
