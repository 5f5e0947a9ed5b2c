/**
 * Entry point of the `kairos` command: picks the subcommand and applies the error contract.
 *
 * @module
 */
import { ConfigError } from '../config.js';
import { DataDirLockedError } from '../store/data-dir-lock.js';
import { CliError, printError, type CliCommand, type CliIo } from './command.js';
import { commands } from './commands/index.js';

const processIo: CliIo = {
  stdout: (t) => void process.stdout.write(t),
  stderr: (t) => void process.stderr.write(t),
};

function formatHelp(list: readonly CliCommand[]): string {
  const width = Math.max(...list.map((c) => c.name.length), 8);
  const lines = list.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return [
    'Usage: kairos <command> [options]',
    '',
    'Kairos runs ketamine-assisted psychotherapy programs. Commands:',
    ...lines,
    '',
    'Run `kairos <command> --help` for the options of one command. With no command, `serve` runs.',
    '',
  ].join('\n');
}

/** Finds the longest command name that prefixes the arguments (commands may be two words). */
function findCommand(args: string[], list: readonly CliCommand[]): { command: CliCommand; rest: string[] } | undefined {
  let best: { command: CliCommand; rest: string[] } | undefined;
  for (const command of list) {
    const words = command.name.split(' ');
    if (words.every((w, i) => args[i] === w) && (best === undefined || words.length > best.command.name.split(' ').length)) {
      best = { command, rest: args.slice(words.length) };
    }
  }
  return best;
}

/** Runs `kairos` with the given arguments; resolves to the exit code. */
export async function main(args: string[], io: CliIo = processIo, list: readonly CliCommand[] = commands): Promise<number> {
  if (args[0] === '--help' || args[0] === '-h' || args[0] === 'help') {
    io.stdout(formatHelp(list));
    return 0;
  }
  const effective = args.length === 0 || args[0]?.startsWith('-') ? ['serve', ...args] : args;
  const found = findCommand(effective, list);
  if (found === undefined) {
    return printError(io, 'USAGE', `unknown command "${effective[0] ?? ''}"; run kairos --help for the list`);
  }
  if (found.rest.includes('--help') || found.rest.includes('-h')) {
    io.stdout(`${found.command.usage.trimEnd()}\n`);
    return 0;
  }
  try {
    return await found.command.run(found.rest, io);
  } catch (err) {
    if (err instanceof CliError) return printError(io, err.code, err.message, err.extra);
    // Operational problems a person must fix: said plainly, exit 1.
    if (err instanceof ConfigError || err instanceof DataDirLockedError) {
      io.stderr(`${err.message}\n`);
      return 1;
    }
    // An unexpected failure: say so without a stack trace on stdout; details on stderr only.
    const message = err instanceof Error ? err.message : String(err);
    return printError(io, 'INTERNAL', message);
  }
}
