import { describe, expect, it } from 'vitest';
import type { CliCommand, CliIo } from './command.js';
import { CliError } from './command.js';
import { commands } from './commands/index.js';
import { main } from './main.js';

function capture(): CliIo & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    stdout: (t: string) => void (io.out += t),
    stderr: (t: string) => void (io.err += t),
  };
  return io;
}

describe('kairos', () => {
  it('--help lists every command with one line each', async () => {
    const io = capture();
    expect(await main(['--help'], io)).toBe(0);
    for (const c of commands) expect(io.out).toMatch(new RegExp(`^  ${c.name}\\s+${c.summary.replace(/[()]/g, '.')}$`, 'm'));
    expect(io.out).toContain('serve');
    expect(io.out).toContain('migrate');
  });

  it('an unknown command is a USAGE error on stderr with exit 2 and nothing on stdout', async () => {
    const io = capture();
    expect(await main(['frobnicate'], io)).toBe(2);
    expect(io.out).toBe('');
    expect(JSON.parse(io.err)).toEqual({ error: { code: 'USAGE', message: expect.stringContaining('frobnicate') } });
  });

  it('a command failure becomes the JSON error contract with its extra keys', async () => {
    const failing: CliCommand = {
      name: 'fail',
      summary: 'fails',
      usage: 'fail',
      run: async () => {
        throw new CliError('START_NOT_ALLOWED', 'next start 2026-12-14', { nextStart: '2026-12-14' });
      },
    };
    const io = capture();
    expect(await main(['fail'], io, [failing])).toBe(2);
    expect(JSON.parse(io.err)).toEqual({ error: { code: 'START_NOT_ALLOWED', message: 'next start 2026-12-14', nextStart: '2026-12-14' } });
  });

  it('COMMAND --help prints its usage', async () => {
    const io = capture();
    expect(await main(['migrate', '--help'], io)).toBe(0);
    expect(io.out).toContain('Usage: kairos migrate');
  });
});
