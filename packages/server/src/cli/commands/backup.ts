import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { loadConfig } from '../../config.js';
import { useAuditKey, verifyAuditChain } from '../../services/audit.js';
import { InvalidBackupError, openEmbedded, restoreEmbedded } from '../../store/database.js';
import { findLiveHolder } from '../../store/data-dir-lock.js';
import { callServer, cliMeta, runningServer } from '../admin-support.js';
import { CliError, parseOptions, type CliCommand } from '../command.js';

const PG_BACKUP = `Kairos is on PostgreSQL (DATABASE_URL): back it up with PostgreSQL's own tools.
  pg_dump --format=custom --file=kairos-$(date +%Y%m%d-%H%M).dump "$DATABASE_URL"
Run it from a machine with the same major version of pg_dump as the server; keep the file
encrypted and off the database host. The dump is consistent (one snapshot) while Kairos runs.`;

const PG_RESTORE = `Kairos is on PostgreSQL (DATABASE_URL): restore with PostgreSQL's own tools.
  1. Stop every Kairos instance.
  2. createdb kairos_restored   (an empty database)
  3. pg_restore --no-owner --dbname=postgres://…/kairos_restored kairos-YYYYMMDD-HHMM.dump
  4. Point DATABASE_URL at it, start Kairos, run: npx kairos audit verify`;

function stamp(config: ReturnType<typeof loadConfig>): string {
  return cliMeta(config).now.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '');
}

export const backupCommand: CliCommand = {
  name: 'backup',
  summary: 'Back up the embedded database to one file (through the running server if any)',
  usage: `Usage: kairos backup [--out FILE]

Writes a consistent backup of the embedded database as one gzip tarball (default
kairos-backup-<time>.tar.gz). When a server holds the data dir, the server makes the copy.
On PostgreSQL, prints the pg_dump procedure.`,
  async run(args, io) {
    const { values } = parseOptions(args, { out: { type: 'string' } });
    const config = loadConfig();
    if (config.databaseUrl !== undefined) {
      io.stdout(`${PG_BACKUP}\n`);
      return 0;
    }
    const out = resolve(values.out ?? `kairos-backup-${stamp(config)}.tar.gz`);
    if (existsSync(out)) throw new CliError('INVALID_INPUT', `--out: ${out} exists; choose another file`);
    const server = runningServer(config);
    let bytes: Uint8Array;
    if (server) {
      bytes = new Uint8Array(await (await callServer(server, 'POST', '/api/local/backup')).arrayBuffer());
    } else {
      const database = await openEmbedded(config.dataDir, 'kairos backup');
      try {
        if (database.dump === undefined) throw new Error('embedded database without dump');
        bytes = await database.dump();
      } finally {
        await database.close();
      }
    }
    await writeFile(out, bytes, { mode: 0o600, flag: 'wx' });
    io.stdout(`Backup written: ${out} (${bytes.length} bytes${server ? `, made by the running server, pid ${server.pid}` : ''})\n`);
    return 0;
  },
};

export const restoreCommand: CliCommand = {
  name: 'restore',
  summary: 'Restore the embedded database from a backup file (server stopped)',
  usage: `Usage: kairos restore FILE

Replaces the embedded database with the backup FILE. The server must be stopped. The current
database is kept beside it (data dir/pgdata.before-restore-<time>). The audit chain of the
restored database is checked. On PostgreSQL, prints the pg_restore procedure.`,
  async run(args, io) {
    const { positionals } = parseOptions(args, {}, { allowPositionals: true });
    const config = loadConfig();
    if (config.databaseUrl !== undefined) {
      io.stdout(`${PG_RESTORE}\n`);
      return 0;
    }
    const file = positionals[0];
    if (file === undefined || positionals.length > 1) throw new CliError('USAGE', 'give exactly one backup file: kairos restore FILE');
    const holder = findLiveHolder(config.dataDir);
    if (holder !== undefined) {
      throw new CliError(
        'CONFLICT',
        `stop the server first: the data dir is in use by process ${holder.pid} (${holder.command}). A restore replaces the database.`,
      );
    }
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await readFile(file));
    } catch (err) {
      throw new CliError('INVALID_INPUT', `cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    const { keptAs } = await restoreEmbedded(config.dataDir, bytes, stamp(config)).catch((err: unknown) => {
      if (!(err instanceof InvalidBackupError)) throw err;
      throw new CliError('INVALID_INPUT', `${file} is not a valid Kairos backup (${err.reason}); nothing was changed`);
    });
    const database = await openEmbedded(config.dataDir, 'kairos restore (check)');
    try {
      useAuditKey(config.auditKey);
      const verdict = await verifyAuditChain(database.db, { unkeyedThrough: config.auditUnkeyedThrough });
      io.stdout(
        `Restored ${file} into ${config.dataDir}.${keptAs ? ` The previous database is kept at ${keptAs}.` : ''}\nAudit chain: ${verdict.ok ? `intact, ${verdict.events} events` : `BROKEN at event ${verdict.firstBroken?.seq}`}\n`,
      );
      return verdict.ok ? 0 : 1;
    } finally {
      await database.close();
    }
  },
};
