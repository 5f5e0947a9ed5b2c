/**
 * `kairos pk --weight-kg 70 --mg-per-kg 0.5 --minutes 40 --until-minutes 240`: plasma ketamine
 * concentration of a constant-rate IV infusion from the three-compartment Domino model, one sample
 * per whole minute (cli-contract.md "pk"). A population-model estimate, labelled as such. Never
 * touches the database.
 *
 * @module
 */
import { sampleEveryMinute, simulateInfusion } from '@kairos/core';
import { CliError, parseNumberOption, parseOptions, printJson, requireNumberOption, type CliCommand } from '../command.js';

const OPTIONS = ['weight-kg', 'mg-per-kg', 'minutes', 'until-minutes'] as const;

/** Longest simulation the command prints: one week of minutes, so a typo cannot flood stdout. */
const MAX_UNTIL_MINUTES = 7 * 24 * 60;

/** Rounds a concentration to 0.1 ng/mL (half away from zero; values are never negative). */
function roundTenth(x: number): number {
  return Math.round(x * 10) / 10;
}

/** The `kairos pk` subcommand. */
export const pkCommand: CliCommand = {
  name: 'pk',
  summary: 'Plasma ketamine concentration over time (Domino model, population estimate)',
  usage: `Usage: kairos pk --weight-kg KG --mg-per-kg MG --minutes MIN --until-minutes MIN

Simulates a constant-rate IV ketamine infusion of (weight x mg/kg) mg over --minutes with the
three-compartment Domino model (clinical-facts.md section 8) and prints one JSON object:
  {"model":"domino","estimate":"population-model","peak":{"minute":m,"ngPerMl":c},
   "samples":[{"minute":0,"ngPerMl":0}, ...]}
one sample per whole minute from 0 to --until-minutes inclusive, ng/mL rounded to 0.1; the peak
is the largest sample (the earliest if two are equal). A population-model estimate, not a
measured level.
  --weight-kg      body weight, kg (> 0)
  --mg-per-kg      dose, mg/kg (> 0)
  --minutes        infusion duration, min (> 0)
  --until-minutes  last sample, a whole number of minutes from 0 to ${MAX_UNTIL_MINUTES}`,
  run(args, io) {
    const { values } = parseOptions(args, {
      'weight-kg': { type: 'string' },
      'mg-per-kg': { type: 'string' },
      minutes: { type: 'string' },
      'until-minutes': { type: 'string' },
    });
    const raw = Object.fromEntries(OPTIONS.map((name) => [name, requireNumberOption(values, name)])) as Record<
      (typeof OPTIONS)[number],
      string
    >;
    const weightKg = parseNumberOption(raw['weight-kg'], 'weight-kg');
    const mgPerKg = parseNumberOption(raw['mg-per-kg'], 'mg-per-kg');
    const minutes = parseNumberOption(raw.minutes, 'minutes');
    const untilMinutes = parseNumberOption(raw['until-minutes'], 'until-minutes');
    for (const [name, v] of [
      ['weight-kg', weightKg],
      ['mg-per-kg', mgPerKg],
      ['minutes', minutes],
    ] as const) {
      if (!Number.isFinite(v) || v <= 0) throw new CliError('INVALID_INPUT', `--${name}: must be greater than 0, got ${v}`);
    }
    if (!Number.isInteger(untilMinutes) || untilMinutes < 0 || untilMinutes > MAX_UNTIL_MINUTES) {
      throw new CliError(
        'INVALID_INPUT',
        `--until-minutes: must be a whole number from 0 to ${MAX_UNTIL_MINUTES}, got ${raw['until-minutes']}`,
      );
    }

    const sim = simulateInfusion({ weightKg, doseMg: weightKg * mgPerKg, durationMinutes: minutes });
    const samples = sampleEveryMinute(sim, untilMinutes).map((p) => ({ minute: p.minute, ngPerMl: roundTenth(p.ngPerMl) }));
    let peak = samples[0] ?? { minute: 0, ngPerMl: 0 };
    for (const s of samples) if (s.ngPerMl > peak.ngPerMl) peak = s;
    return printJson(io, {
      model: sim.model,
      estimate: sim.estimate,
      peak: { minute: peak.minute, ngPerMl: peak.ngPerMl },
      samples,
    });
  },
};
