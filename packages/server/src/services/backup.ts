/**
 * A backup of the embedded database made by the running server, for the local `kairos backup`
 * command (a second process must never open the data dir). A backup holds every patient's
 * record, so it is audited as an export.
 *
 * @module
 */
import { AppError } from '../errors.js';
import type { Database } from '../store/database.js';
import { audit } from './audit.js';
import { NO_USER, type RequestMeta } from './context.js';

/** A consistent gzip tarball of the data dir, audited as an export by the local command. */
export async function backupEmbeddedDatabase(database: Database, meta: RequestMeta): Promise<Uint8Array> {
  if (database.dump === undefined)
    throw new AppError('CONFLICT', 'backups through the server exist for the embedded database only; use pg_dump for PostgreSQL');
  const bytes = await database.dump();
  await audit(
    database.db,
    { ...meta, actor: NO_USER },
    { action: 'export.backup', outcome: 'allowed', details: { bytes: bytes.length, via: 'kairos backup' } },
  );
  return bytes;
}
