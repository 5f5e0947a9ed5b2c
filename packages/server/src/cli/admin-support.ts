/**
 * What the administrative commands share: opening the configured database (or finding the
 * running server that holds it), reading a password without echoing it, and request metadata
 * for the audit trail.
 *
 * @module
 */
import { useAuditKey } from '../services/audit.js';
import { randomUUID } from 'node:crypto';
import { hostname, userInfo } from 'node:os';
import { createInterface } from 'node:readline';
import { createClock } from '../clock.js';
import type { Config } from '../config.js';
import { openConfiguredDatabase } from '../server.js';
import { findLiveHolder } from '../store/data-dir-lock.js';
import type { Database } from '../store/database.js';
import { migrateToLatest } from '../store/migrate.js';
import type { RequestMeta } from '../services/context.js';
import { CliError } from './command.js';

/** Audit metadata of a CLI invocation: who ran it on which machine. */
export function cliMeta(config: Config): RequestMeta {
  return {
    requestId: `cli-${randomUUID()}`,
    clientAddress: `cli:${userInfo().username}@${hostname()}`,
    now: createClock(config.clock).now(),
  };
}

/** The server running on this machine that holds the embedded data dir, if any. */
export function runningServer(config: Config): { url: string; token: string; pid: number } | undefined {
  if (config.databaseUrl !== undefined) return undefined;
  const holder = findLiveHolder(config.dataDir);
  if (holder?.url === undefined || holder.adminToken === undefined) return undefined;
  return { url: holder.url, token: holder.adminToken, pid: holder.pid };
}

/** Calls a local-admin route of the running server. */
export async function callServer(server: { url: string; token: string }, method: 'GET' | 'POST', path: string): Promise<Response> {
  const res = await fetch(`${server.url}${path}`, { method, headers: { 'x-kairos-local-token': server.token } });
  if (!res.ok) {
    const text = await res.text();
    throw new CliError('SERVER_REFUSED', `the running server answered ${res.status}: ${text.slice(0, 300)}`);
  }
  return res;
}

/** Opens the configured database (migrated), runs `fn`, closes it. Refuses clearly when the server holds it. */
export async function withDatabase<T>(config: Config, command: string, fn: (database: Database) => Promise<T>): Promise<T> {
  const database = await openConfiguredDatabase(config, command);
  useAuditKey(config.auditKey);
  try {
    await migrateToLatest(database.db);
    return await fn(database);
  } finally {
    await database.close();
  }
}

/** Reads a password: from a terminal without echo (asked twice when `confirm`), else one line of stdin. */
export async function readPassword(prompt: string, { confirm = false }: { confirm?: boolean } = {}): Promise<string> {
  if (!process.stdin.isTTY) {
    const rl = createInterface({ input: process.stdin });
    for await (const line of rl) {
      rl.close();
      return line;
    }
    throw new CliError('USAGE', 'no password given on standard input');
  }
  const ask = (text: string): Promise<string> =>
    new Promise((resolve) => {
      const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
      const output = rl as unknown as { _writeToOutput?: (s: string) => void };
      process.stderr.write(text);
      output._writeToOutput = () => undefined;
      rl.question('', (answer) => {
        rl.close();
        process.stderr.write('\n');
        resolve(answer);
      });
    });
  const first = await ask(prompt);
  if (confirm && (await ask('Again: ')) !== first) throw new CliError('INVALID_INPUT', 'the two passwords differ');
  return first;
}
