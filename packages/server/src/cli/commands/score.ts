/**
 * `kairos score pcl5|phq9|gad7 --answers 0,1,2,...`: scores a questionnaire with the protocol
 * defaults and prints the result (cli-contract.md "score"). Never touches the database.
 *
 * @module
 */
import { DEFAULT_PROTOCOL_CONFIG, InstrumentInputError, scoreGad7, scorePcl5, scorePhq9 } from '@kairos/core';
import { CliError, parseOptions, printJson, type CliCommand } from '../command.js';

const INSTRUMENTS = ['pcl5', 'phq9', 'gad7'] as const;
type ScoredInstrument = (typeof INSTRUMENTS)[number];

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** Parses comma-separated answers; a token that is not a number is INVALID_INPUT naming its item. */
function parseAnswers(raw: string): number[] {
  return raw.split(',').map((token, i) => {
    const t = token.trim();
    if (!NUMBER.test(t)) {
      throw new CliError('INVALID_INPUT', `--answers: item ${i + 1}: "${token}" is not a number`, { item: i + 1 });
    }
    return Number(t);
  });
}

/** Lets `--answers -1,2` through: node's parser would take a leading "-" for an option. */
function joinAnswersValue(args: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const next = args[i + 1];
    if (a === '--answers' && next !== undefined && next.startsWith('-') && next !== '--answers') {
      out.push(`--answers=${next}`);
      i++;
    } else if (a !== undefined) {
      out.push(a);
    }
  }
  return out;
}

function scoreOne(instrument: ScoredInstrument, answers: number[]): Record<string, unknown> {
  switch (instrument) {
    case 'pcl5': {
      const r = scorePcl5({ answers }, DEFAULT_PROTOCOL_CONFIG.instruments.pcl5);
      return { instrument: r.instrument, total: r.total, clusters: r.clusters, provisionalPtsd: r.provisionalPtsd };
    }
    case 'phq9': {
      const r = scorePhq9({ answers });
      return { instrument: r.instrument, total: r.total, severity: r.severity, item9Positive: r.item9Positive };
    }
    case 'gad7': {
      const r = scoreGad7({ answers });
      return { instrument: r.instrument, total: r.total, severity: r.severity };
    }
  }
}

/** `kairos score`: never opens the database; uses the shipped protocol defaults (PCL-5 cutoff 33). */
export const scoreCommand: CliCommand = {
  name: 'score',
  summary: 'Score a questionnaire (pcl5, phq9, gad7) from its answers',
  usage: `Usage: kairos score <pcl5|phq9|gad7> --answers 0,1,2,...

Scores a questionnaire with the protocol defaults and prints one JSON object.
  pcl5  20 answers 0 to 4: total, clusters B C D E, provisional PTSD by cutoff (default 33) and by the cluster rule
  phq9  9 answers 0 to 3, or 10 with the difficulty item: total, severity, item9Positive
  gad7  7 answers 0 to 3: total, severity
A wrong count, an answer out of range or not a whole number is INVALID_INPUT naming the item.`,
  run(args, io) {
    const { values, positionals } = parseOptions(joinAnswersValue(args), { answers: { type: 'string' } }, { allowPositionals: true });
    const [name, ...extra] = positionals;
    if (name === undefined) throw new CliError('USAGE', `missing instrument: one of ${INSTRUMENTS.join(', ')}`);
    if (!(INSTRUMENTS as readonly string[]).includes(name)) {
      throw new CliError('USAGE', `unknown instrument "${name}": one of ${INSTRUMENTS.join(', ')}`);
    }
    if (extra.length > 0) throw new CliError('USAGE', `unexpected argument "${extra.join(' ')}"`);
    if (values.answers === undefined) throw new CliError('USAGE', 'missing required option --answers');
    const answers = parseAnswers(values.answers);
    try {
      return printJson(io, scoreOne(name as ScoredInstrument, answers));
    } catch (err) {
      if (err instanceof InstrumentInputError) throw new CliError('INVALID_INPUT', err.message, { item: err.item });
      throw err;
    }
  },
};
