/**
 * `kairos dose --weight-kg 82 --mg-per-kg 0.5 --minutes 40 --vial-mg-per-ml 10 --diluent-ml 100
 * [--weight-measured-on 2026-11-20 --as-of 2026-12-01]`: IV ketamine dose, drawn volume, bag
 * total and pump rate with the protocol defaults (cli-contract.md "dose"). Never touches the
 * database.
 *
 * @module
 */
import { DEFAULT_PROTOCOL_CONFIG, calculateDose } from '@kairos/core';
import { CliError, parseNumberOption, parseOptions, printJson, requireNumberOption, type CliCommand } from '../command.js';

const NUMBER_OPTIONS = ['weight-kg', 'mg-per-kg', 'minutes', 'vial-mg-per-ml'] as const;
const DATE_OPTIONS = ['weight-measured-on', 'as-of'] as const;

const dosing = DEFAULT_PROTOCOL_CONFIG.dosing;

export const doseCommand: CliCommand = {
  name: 'dose',
  summary: 'IV ketamine dose, drawn volume, bag total and pump rate (protocol defaults)',
  usage: `Usage: kairos dose --weight-kg KG --mg-per-kg MG --minutes MIN --vial-mg-per-ml MG [--diluent-ml ML]
                   [--weight-measured-on YYYY-MM-DD --as-of YYYY-MM-DD]

Prints one JSON object:
  {"doseMg":41,"drawnVolumeMl":4.1,"bagTotalMl":104.1,"rateMlPerHour":156.2, ...}
with the inputs, the pump ("syringe" when --diluent-ml is 0, else "bag") and the limits checked.
dose mg = weight x mg/kg (to 0.1 mg); drawn mL = dose / vial strength (to 0.01 mL); bag total mL =
diluent + drawn (to 0.01 mL); rate mL/h = bag total x 60 / minutes (to 0.1 mL/h). Each step is
rounded half away from zero, in decimal, from the previous rounded value.
  --weight-kg           dosing weight, kg (plausible ${dosing.plausibleWeightKg.min.value} to ${dosing.plausibleWeightKg.max.value}, both accepted)
  --mg-per-kg           dose, mg/kg (> 0; ${dosing.doseMinimumMgPerKg.value} to the site maximum ${dosing.siteMaximumMgPerKg.value})
  --minutes             infusion duration, min (${dosing.infusionMinutes.min ?? ''} to ${dosing.infusionMinutes.max ?? ''})
  --vial-mg-per-ml      vial strength, mg/mL (${dosing.vialStrengthsMgPerMl.value.join(', ')}; stocked: ${dosing.vialStrengthsStockedMgPerMl.value.join(', ')}; ${dosing.undilutedForbiddenMgPerMl.value} never undiluted)
  --diluent-ml          diluent in the bag, mL (absent or 0 = syringe pump)
  --weight-measured-on  date the weight was measured (needs --as-of; at most ${dosing.weightMaxAgeDays.value} days before it)
  --as-of               the dose date

An option given twice, or a negative or non-numeric number, is INVALID_INPUT naming the option.
Refusals (exit 2, first that applies): USAGE, INVALID_INPUT, VIAL_UNKNOWN, VIAL_NOT_STOCKED,
DURATION_OUT_OF_RANGE, WEIGHT_IMPLAUSIBLE, WEIGHT_STALE, DOSE_BELOW_MINIMUM, DOSE_ABOVE_MAXIMUM,
UNDILUTED_IV.`,
  run(args, io) {
    const { values } = parseOptions(args, {
      'weight-kg': { type: 'string' },
      'mg-per-kg': { type: 'string' },
      minutes: { type: 'string' },
      'vial-mg-per-ml': { type: 'string' },
      'diluent-ml': { type: 'string' },
      'weight-measured-on': { type: 'string' },
      'as-of': { type: 'string' },
    });
    // USAGE first (every required option present), then INVALID_INPUT for the values.
    const raw = Object.fromEntries(NUMBER_OPTIONS.map((name) => [name, requireNumberOption(values, name)])) as Record<
      (typeof NUMBER_OPTIONS)[number],
      string
    >;
    for (const name of DATE_OPTIONS) {
      if (values[name] === '') throw new CliError('INVALID_INPUT', `--${name}: a YYYY-MM-DD date is required`);
    }
    const weightMeasuredOn = values['weight-measured-on'];
    const asOf = values['as-of'];
    if (weightMeasuredOn !== undefined && asOf === undefined) {
      throw new CliError('INVALID_INPUT', '--weight-measured-on needs --as-of (the dose date) to check the age of the weight');
    }
    const input = {
      weightKg: parseNumberOption(raw['weight-kg'], 'weight-kg'),
      mgPerKg: parseNumberOption(raw['mg-per-kg'], 'mg-per-kg'),
      minutes: parseNumberOption(raw.minutes, 'minutes'),
      vialMgPerMl: parseNumberOption(raw['vial-mg-per-ml'], 'vial-mg-per-ml'),
      // No diluent means a syringe pump (protocol-defaults.md: diluent 0); the output says so.
      diluentMl: values['diluent-ml'] === undefined ? 0 : parseNumberOption(values['diluent-ml'], 'diluent-ml'),
      ...(weightMeasuredOn === undefined ? {} : { weightMeasuredOn }),
    };

    const result = calculateDose(input, DEFAULT_PROTOCOL_CONFIG, asOf);
    if (!result.ok) {
      const option: Record<string, string> = {
        weightKg: '--weight-kg',
        mgPerKg: '--mg-per-kg',
        minutes: '--minutes',
        vialMgPerMl: '--vial-mg-per-ml',
        diluentMl: '--diluent-ml',
        weightMeasuredOn: '--weight-measured-on',
        asOf: '--as-of',
      };
      const { code, message, field } = result.refusal;
      // Name the option in command-line terms where the core message starts with its field.
      const named = field === undefined ? undefined : option[field];
      const text =
        named !== undefined && field !== undefined && message.startsWith(`${field}:`) ? `${named}${message.slice(field.length)}` : message;
      throw new CliError(code, text);
    }
    const c = result.calculation;
    return printJson(io, {
      doseMg: c.doseMg,
      drawnVolumeMl: c.drawnVolumeMl,
      bagTotalMl: c.bagTotalMl,
      rateMlPerHour: c.rateMlPerHour,
      pump: c.pump,
      inputs: c.inputs,
      ...(c.weightAgeDays === undefined ? {} : { weightAgeDays: c.weightAgeDays }),
      doubleCheckRequired: c.doubleCheckRequired,
      limits: c.limits,
    });
  },
};
