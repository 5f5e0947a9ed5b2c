/** Helpers to run the server package's scripts in child processes. */
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

export const SERVER_ROOT = resolve(import.meta.dirname, '..');
export const KAIROS_BIN = resolve(SERVER_ROOT, 'bin/kairos.mjs');

/** Starts a TypeScript file under tsx in a child process. */
export function spawnTs(file: string, env: Record<string, string>, args: string[] = []): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', resolve(SERVER_ROOT, file), ...args], {
    cwd: SERVER_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Starts `kairos ARGS` in a child process. */
export function spawnKairos(args: string[], env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, [KAIROS_BIN, ...args], {
    cwd: SERVER_ROOT,
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

/** Resolves with the exit code (or signal) and everything the child printed. */
export function waitForExit(
  child: ChildProcess,
): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((res) => child.on('exit', (code, signal) => res({ code, signal, stdout, stderr })));
}

/** Resolves when the child prints a line matching `pattern` on stdout or stderr. */
export function waitForLine(child: ChildProcess, pattern: RegExp, timeoutMs = 30_000): Promise<string> {
  return new Promise((res, rej) => {
    let buffer = '';
    const timer = setTimeout(
      () => rej(new Error(`no line matching ${pattern} within ${timeoutMs} ms; got: ${buffer.slice(-500)}`)),
      timeoutMs,
    );
    const onData = (d: Buffer): void => {
      buffer += d.toString();
      const line = buffer.split('\n').find((l) => pattern.test(l));
      if (line !== undefined) {
        clearTimeout(timer);
        res(line);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', () => {
      clearTimeout(timer);
      rej(new Error(`child exited before printing ${pattern}; got: ${buffer.slice(-500)}`));
    });
  });
}
