/**
 * The shape of a `kairos` subcommand and the helpers every subcommand shares: option parsing that
 * turns mistakes into USAGE errors, JSON output, and the error contract of cli-contract.md
 * (`{"error":{"code","message"}}` on stderr, exit 2).
 *
 * @module
 */
import { readFile } from 'node:fs/promises';
import { parseArgs, type ParseArgsConfig } from 'node:util';

/** Where a command writes. Tests pass their own to capture output. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

export interface CliCommand {
  /** The subcommand word(s), e.g. `score` or `user add` (space-separated for groups). */
  readonly name: string;
  /** One line for `kairos --help`. */
  readonly summary: string;
  /** Full usage text for `kairos NAME --help`. */
  readonly usage: string;
  /** Runs the command; resolves to the process exit code. */
  run(args: string[], io: CliIo): Promise<number>;
}

/** An expected failure of a command: printed as the JSON error contract, exit 2. */
export class CliError extends Error {
  constructor(
    readonly code: string,
    message: string,
    /** Extra keys carried on the error object (e.g. `nextStart`). */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** Parses options strictly: an unknown option, a missing value or a stray argument is USAGE. */
export function parseOptions<T extends NonNullable<ParseArgsConfig['options']>>(
  args: string[],
  options: T,
  { allowPositionals = false }: { allowPositionals?: boolean } = {},
) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals });
  } catch (err) {
    throw new CliError('USAGE', err instanceof Error ? err.message : String(err));
  }
}

/** Returns a required string option or throws USAGE naming it. */
export function requireOption(values: Record<string, unknown>, name: string): string {
  const v = values[name];
  if (typeof v !== 'string' || v === '') throw new CliError('USAGE', `missing required option --${name}`);
  return v;
}

/** Parses a decimal number option; anything else is INVALID_INPUT naming the option. */
export function parseNumberOption(raw: string, name: string): number {
  const trimmed = raw.trim();
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(trimmed)) {
    throw new CliError('INVALID_INPUT', `--${name}: "${raw}" is not a number`);
  }
  return Number(trimmed);
}

/** Reads and parses a JSON file; unreadable or malformed files are INVALID_INPUT. */
export async function readJsonFile(path: string, optionName = 'input'): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'unknown error';
    throw new CliError('INVALID_INPUT', `--${optionName}: cannot read ${path} (${code})`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new CliError('INVALID_INPUT', `--${optionName}: ${path} is not valid JSON (${(err as Error).message})`);
  }
}

/** Prints one JSON object on stdout: the success half of the contract. */
export function printJson(io: CliIo, value: unknown): number {
  io.stdout(`${JSON.stringify(value)}\n`);
  return 0;
}

/** Prints the error contract on stderr and returns exit code 2. */
export function printError(io: CliIo, code: string, message: string, extra: Record<string, unknown> = {}): number {
  io.stderr(`${JSON.stringify({ error: { code, message, ...extra } })}\n`);
  return 2;
}
