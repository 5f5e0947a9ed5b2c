import { loadConfig } from '../../config.js';
import type { StockLedgerVerify } from '@kairos/api';
import { verifyStockLedger } from '../../services/stock/verify-ledger.js';
import { callServer, runningServer, withDatabase } from '../admin-support.js';
import { parseOptions, type CliCommand } from '../command.js';

export const ledgerVerifyCommand: CliCommand = {
  name: 'ledger verify',
  summary: 'Check every site’s ketamine stock ledger; names the first bad entry',
  usage: `Usage: kairos ledger verify

Walks each site's ketamine ledger in order and checks that seq has no gap, each entry links to
the one before, each keyed hash matches the entry, each entry's stored effects on stock are the
ones the ledger rules give, and no balance of a lot at a location goes below zero.
Prints {"ok":true,"entries":N,"sites":[...]} (each site with its head: the last seq and hash, to
compare with a copy kept elsewhere), or {"ok":false,...,"firstBroken":{"siteId":"…","seq":"…",
"entryId":"…","reason":"…"}} and exits 1.
Goes through the running server when one holds the embedded database.`,
  async run(args, io) {
    parseOptions(args, {});
    const config = loadConfig();
    const server = runningServer(config);
    const verdict: StockLedgerVerify = server
      ? ((await (await callServer(server, 'GET', '/api/local/stock-ledger-verify')).json()) as StockLedgerVerify)
      : await withDatabase(config, 'kairos ledger verify', (d) => verifyStockLedger(d.db));
    io.stdout(`${JSON.stringify(verdict)}\n`);
    return verdict.ok ? 0 : 1;
  },
};
