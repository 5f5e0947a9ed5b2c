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
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

export interface CliCommand {
  /** The subcommand word(s), e.g. `score` or `user add` (space-separated for groups). */
  readonly name: string;
  /** One line for `kairos --help`. */
  readonly summary: string;
  /** Full usage text for `kairos NAME --help`. */
  readonly usage: string;
  /** Runs the command; returns (or resolves to) the process exit code: pure commands answer synchronously. */
  run: (args: string[], io: CliIo) => number | Promise<number>;
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

type OptionsConfig = NonNullable<ParseArgsConfig['options']>;

/** A value that starts with a dash but is no option: `-5`, `-x`, `-`, or dashes before a number (`--5`). */
const DASH_VALUE = /^(-(?!-)|--[\d.])/;

/**
 * Lets a value that starts with a dash reach its option: `--diluent-ml -5` becomes
 * `--diluent-ml=-5`, so the value checks refuse it (INVALID_INPUT) instead of the option parser
 * reading `-5` as an unknown option (USAGE). Only for declared string options, and only for a
 * value that cannot be an option (`--x --y` is still a missing value).
 */
function joinDashValues(args: readonly string[], options: OptionsConfig): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === undefined) continue;
    const next = args[i + 1];
    const name = a.startsWith('--') && !a.includes('=') ? a.slice(2) : undefined;
    const declared = name === undefined ? undefined : options[name];
    if (declared?.type === 'string' && next !== undefined && DASH_VALUE.test(next)) {
      out.push(`${a}=${next}`);
      i++;
    } else {
      out.push(a);
    }
  }
  return out;
}

/**
 * Parses options strictly: an unknown option, a missing value or a stray argument is USAGE; an
 * option given twice (unless declared `multiple`) is INVALID_INPUT naming it (cli-contract.md "All
 * subcommands"). A value starting with a dash is kept as the option's value, so a negative number
 * is judged by the value checks (INVALID_INPUT), never USAGE.
 */
/** What `parseOptions` answers: the values by option name (typed by `T`) and the positionals. */
export interface ParsedOptions<T extends OptionsConfig> {
  values: ReturnType<typeof parseArgs<{ args: string[]; options: T; strict: true; allowPositionals: boolean; tokens: true }>>['values'];
  positionals: string[];
}

export function parseOptions<T extends OptionsConfig>(
  args: string[],
  options: T,
  { allowPositionals = false }: { allowPositionals?: boolean } = {},
): ParsedOptions<T> {
  let parsed;
  try {
    parsed = parseArgs({ args: joinDashValues(args, options), options, strict: true, allowPositionals, tokens: true });
  } catch (err) {
    throw new CliError('USAGE', err instanceof Error ? err.message : String(err));
  }
  const seen = new Set<string>();
  for (const token of parsed.tokens) {
    if (token.kind !== 'option' || options[token.name]?.multiple === true) continue;
    if (seen.has(token.name)) throw new CliError('INVALID_INPUT', `--${token.name} is given more than once: give it once`);
    seen.add(token.name);
  }
  return { values: parsed.values, positionals: parsed.positionals };
}

/** Returns a required string option or throws USAGE naming it. */
export function requireOption(values: Record<string, unknown>, name: string): string {
  const v = values[name];
  if (typeof v !== 'string' || v === '') throw new CliError('USAGE', `missing required option --${name}`);
  return v;
}

/**
 * Returns a required number option's raw text, or throws USAGE naming it when the option is
 * absent. An empty value (`--weight-kg=`) is returned as given: it is a malformed number, and
 * {@link parseNumberOption} refuses it with INVALID_INPUT (cli-contract.md: never USAGE).
 */
export function requireNumberOption(values: Record<string, unknown>, name: string): string {
  const v = values[name];
  if (typeof v !== 'string') throw new CliError('USAGE', `missing required option --${name}`);
  return v;
}

/**
 * Parses a decimal number option: a negative or non-numeric value is INVALID_INPUT naming the
 * option (no option of the clinical commands takes a negative number).
 */
export function parseNumberOption(raw: string, name: string): number {
  const trimmed = raw.trim();
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(trimmed)) {
    throw new CliError('INVALID_INPUT', `--${name}: "${raw}" is not a number`);
  }
  const value = Number(trimmed);
  if (!Number.isFinite(value)) throw new CliError('INVALID_INPUT', `--${name}: "${raw}" is not a finite number`);
  if (value < 0) throw new CliError('INVALID_INPUT', `--${name}: ${trimmed} must not be negative`);
  return value;
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
