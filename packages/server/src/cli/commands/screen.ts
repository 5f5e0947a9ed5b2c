/**
 * `kairos screen --input screening.json`: the screening decision for a set of facts, with all 26
 * checks and the medication interactions (issue 4 item 3; cli-contract.md "screen"). The input's
 * shape is validated with zod here, at the edge; core judges plausibility (naming the field) and
 * computes the decision with the protocol defaults. Never touches the database.
 *
 * @module
 */
import { CONDITION_CODES, DEFAULT_PROTOCOL_CONFIG, ScreeningInputError, assessEligibility, type ScreeningFacts } from '@kairos/core';
import { z } from 'zod';
import { CliError, parseOptions, printJson, readJsonFile, requireOption, type CliCommand } from '../command.js';

/** Absent and `null` both mean "not recorded". */
const opt = <T extends z.ZodType>(schema: T) => schema.nullable().optional();
const date = opt(z.string());
/** A measured number: its plausible range is judged by core, which names the field and the range. */
const measured = opt(z.number());

/** The screening input file (every field but `asOf` may be absent). Unknown keys are ignored. */
export const ScreeningInputSchema = z.object({
  asOf: z.string({ error: (iss) => (iss.input === undefined ? 'required (YYYY-MM-DD)' : 'must be a YYYY-MM-DD date string') }),
  patient: opt(z.object({ birthDate: date, pregnancyPossible: opt(z.boolean()) })),
  diagnoses: opt(z.array(z.string())),
  priorTreatments: opt(z.array(z.string())),
  conditions: opt(
    z.array(
      z.object({
        code: z.enum(CONDITION_CODES, {
          error: (iss) => `unknown condition code ${JSON.stringify(iss.input)} (known: ${CONDITION_CODES.join(', ')})`,
        }),
        severe: opt(z.boolean()),
      }),
    ),
  ),
  cardiovascularRiskFactors: opt(z.boolean()),
  vitals: opt(
    z.object({
      systolic: measured,
      diastolic: measured,
      heartRate: measured,
      spo2: measured,
      weightKg: measured,
      measuredOn: date,
    }),
  ),
  medications: opt(
    z.array(
      z.object({
        name: z.string().trim().min(1, 'a name is required'),
        dailyDoseMg: opt(z.number().nonnegative()),
        rxcui: opt(z.string()),
      }),
    ),
  ),
  allergies: opt(
    z.array(
      z.object({
        substance: z.string().trim().min(1, 'a substance is required'),
        reaction: opt(z.string()),
        type: opt(z.enum(['allergy', 'intolerance'], { error: (iss) => `${JSON.stringify(iss.input)} is not allergy or intolerance` })),
      }),
    ),
  ),
  completed: opt(
    z.object({
      history: date,
      physicalExam: date,
      labs: date,
      psychiatricEvaluation: date,
      informedConsent: date,
      ecg: date,
      pregnancyTest: date,
    }),
  ),
});

/** `conditions[0].code` from `["conditions", 0, "code"]`. */
function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? String(segment) : `.${String(segment)}`;
  }
  return out === '' ? 'input' : out;
}

export const screenCommand: CliCommand = {
  name: 'screen',
  summary: 'Screening decision from a JSON file of facts (all 26 checks, medication interactions)',
  usage: `Usage: kairos screen --input FILE.json

Reads the screening facts and prints one JSON object:
  {"decision":"eligible|ineligible|needs-review",
   "checks":[{"id","outcome":"pass|fail|warn|missing","message"}, ... all 26 in order, age and
             unrecognised-medications last],
   "interactions":[{"class","severity","medication","message"}, ...],
   "unrecognisedMedications":[...]}
Input: {"asOf":"YYYY-MM-DD", "patient":{"birthDate","pregnancyPossible"}, "diagnoses":[...],
"priorTreatments":[...], "conditions":[{"code","severe"}], "cardiovascularRiskFactors":bool,
"vitals":{"systolic","diastolic","heartRate","spo2","weightKg","measuredOn"},
"medications":[{"name","dailyDoseMg","rxcui"}], "allergies":[{"substance","reaction","type"}],
"completed":{"history","physicalExam","labs","psychiatricEvaluation","informedConsent","ecg",
"pregnancyTest"}}. Every field but asOf may be absent; absent is never read as normal.
Implausible values (outside the protocol's plausible ranges, a diastolic not below the systolic,
a weight outside ${DEFAULT_PROTOCOL_CONFIG.dosing.plausibleWeightKg.min.value} to ${DEFAULT_PROTOCOL_CONFIG.dosing.plausibleWeightKg.max.value} kg) are INVALID_INPUT naming the field.
Condition codes: ${CONDITION_CODES.join(', ')}.
  --input  the JSON file`,
  async run(args, io) {
    const { values } = parseOptions(args, { input: { type: 'string' } });
    const path = requireOption(values, 'input');
    const json = await readJsonFile(path, 'input');
    const parsed = ScreeningInputSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new CliError('INVALID_INPUT', issue === undefined ? 'invalid input' : `${formatPath(issue.path)}: ${issue.message}`);
    }
    const { asOf, ...facts } = parsed.data;
    let assessment;
    try {
      assessment = assessEligibility(facts satisfies ScreeningFacts, DEFAULT_PROTOCOL_CONFIG, asOf);
    } catch (err) {
      if (err instanceof ScreeningInputError) throw new CliError('INVALID_INPUT', err.message);
      throw err;
    }
    return printJson(io, {
      asOf: assessment.asOf,
      decision: assessment.decision,
      checks: assessment.checks.map((c) => ({ id: c.id, outcome: c.outcome, message: c.message, sources: c.sources })),
      interactions: assessment.interactions.map((i) => ({
        class: i.class,
        severity: i.severity,
        medication: i.medication,
        message: i.message,
        matched: i.matched,
        ...(i.diazepamEquivalentMgPerDay === undefined ? {} : { diazepamEquivalentMgPerDay: i.diazepamEquivalentMgPerDay }),
        sources: i.sources,
      })),
      unrecognisedMedications: assessment.unrecognisedMedications,
      ...(assessment.benzodiazepineLoad === undefined ? {} : { benzodiazepineLoad: assessment.benzodiazepineLoad }),
      reasons: assessment.reasons,
    });
  },
};
