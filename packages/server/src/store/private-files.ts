/**
 * The embedded data dir holds every patient's record: it is private to the user running Kairos.
 * PGlite creates its files world-readable (and some world-writable), so after creating or opening
 * a data dir its tree is restricted: folders 0700, files 0600. The data dir itself being 0700
 * also covers files PGlite creates later while it runs.
 *
 * @module
 */
import { chmodSync, lstatSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/** Creates `dir` (and its parents) if needed and makes it 0700. */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  chmodSync(dir, PRIVATE_DIR_MODE);
}

/** Restricts `path` and everything below it: folders 0700, files 0600 (symbolic links are left alone). */
export function makePrivate(path: string): void {
  const st = lstatSync(path);
  if (st.isSymbolicLink()) return;
  if (st.isDirectory()) {
    if ((st.mode & 0o777) !== PRIVATE_DIR_MODE) chmodSync(path, PRIVATE_DIR_MODE);
    for (const entry of readdirSync(path)) makePrivate(join(path, entry));
  } else if ((st.mode & 0o777) !== PRIVATE_FILE_MODE) {
    chmodSync(path, PRIVATE_FILE_MODE);
  }
}
