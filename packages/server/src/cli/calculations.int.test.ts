/** The clinical calculation commands never open the database: they work while it is held or absent. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { spawnKairos, waitForExit } from '../../test/spawn.js';
import { acquireDataDirLock } from '../store/data-dir-lock.js';

it('score, dose and schedule answer while another process holds the data dir, and with no reachable PostgreSQL', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'kairos-calc-'));
  const lock = acquireDataDirLock(dataDir, 'a running server');
  try {
    const envs: Record<string, string>[] = [{ KAIROS_DATA_DIR: dataDir }, { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' }];
    for (const env of envs) {
      const score = await waitForExit(spawnKairos(['score', 'gad7', '--answers', '3,3,3,3,3,3,3'], env));
      expect(score.code).toBe(0);
      expect(JSON.parse(score.stdout)).toEqual({ instrument: 'gad7', total: 21, severity: 'severe' });
      expect(score.stderr).toBe('');
      const dose = await waitForExit(
        spawnKairos(
          ['dose', '--weight-kg', '80.3', '--mg-per-kg', '0.5', '--minutes', '40', '--vial-mg-per-ml', '10', '--diluent-ml', '100'],
          env,
        ),
      );
      expect(JSON.parse(dose.stdout).doseMg).toBe(40.2);
    }
  } finally {
    lock.release();
    rmSync(dataDir, { recursive: true, force: true });
  }
}, 60_000);
