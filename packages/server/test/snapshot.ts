import { resolve } from 'node:path';

export const SNAPSHOT_DIR = resolve(import.meta.dirname, '../../../.test-cache');
export const snapshotPath = (hash: string): string => resolve(SNAPSHOT_DIR, `pglite-migrated-${hash}.tgz`);
