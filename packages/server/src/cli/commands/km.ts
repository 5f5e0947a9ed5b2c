/**
 * `kairos km --input durations.json`: Kaplan-Meier estimate of time to loss of response from an
 * array of `{"days": d, "event": true|false}` (cli-contract.md "km"). Never touches the database.
 *
 * @module
 */
import { estimateKaplanMeier } from '@kairos/core';
import { z } from 'zod';
import { CliError, parseOptions, printJson, readJsonFile, requireOption, type CliCommand } from '../command.js';

const DurationsSchema = z.array(
  z.object({
    days: z.number().finite().nonnegative(),
    event: z.boolean(),
  }),
);

export const kmCommand: CliCommand = {
  name: 'km',
  summary: 'Kaplan-Meier time to loss of response: median, its 95% CI and the curve',
  usage: `Usage: kairos km --input durations.json

Reads a JSON array of {"days": d, "event": true|false} (event false = censored at d days) and
prints {"n","events","median":{"days","lower","upper"},"curve":[{"days":0,"survival":1},...]}.
The curve has a point at day 0 and at each distinct event time, with the Greenwood standard
error and the 95% band (log transform, upper bound capped at 1). The median is the smallest time
with survival <= 0.5 (no midpoint rule); its CI runs from the first time the lower band is <= 0.5
to the first time the upper band is <= 0.5. A value not reached is null.`,
  async run(args, io) {
    const { values } = parseOptions(args, { input: { type: 'string' } });
    const path = requireOption(values, 'input');
    const parsed = DurationsSchema.safeParse(await readJsonFile(path));
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue === undefined || issue.path.length === 0 ? 'the input' : `[${issue.path.map(String).join('].')}`;
      throw new CliError(
        'INVALID_INPUT',
        `--input: ${where}: ${issue?.message ?? 'invalid'} (expected an array of {"days": number >= 0, "event": boolean})`,
      );
    }
    const km = estimateKaplanMeier(parsed.data);
    return printJson(io, {
      n: km.n,
      events: km.events,
      median: km.median,
      curve: km.curve.map((p) => ({
        days: p.days,
        survival: p.survival,
        atRisk: p.atRisk,
        events: p.events,
        standardError: p.standardError,
        lower: p.lower,
        upper: p.upper,
      })),
    });
  },
};
