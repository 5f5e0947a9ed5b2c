/**
 * The whole protocol configuration of a site: every section's defaults assembled under one
 * version, one zod schema generated from them, and the validation and application of a site's
 * overrides.
 *
 * Section convention: each area owns `sections/<name>.ts` exporting `<name>Defaults`, a frozen
 * tree whose leaves are `Param`s (anything a site may change is a Param; other leaves are fixed
 * protocol data, and a bare number is never allowed), and optionally
 * `validate<Name>Section(section): ConfigIssue[]` for cross-field checks (ordered thresholds,
 * non-overlapping bands; see `checks.ts`). Issue paths a section validator returns are relative
 * to the section (`pcl5.provisionalCutoff`); the assembly prefixes the section name. To plug a
 * section in: import it here and add it to {@link SECTION_DEFAULTS} (and its validator to
 * `SECTION_VALIDATORS`).
 *
 * @module
 */
import { z } from 'zod';
import { configIssue, type ConfigIssue } from './issues.js';
import type { Param, Unit } from './param.js';
import { ProvenanceSchema, siteDefault, type Provenance } from './provenance.js';
import { dosingDefaults, validateDosingSection } from './sections/dosing.js';
import { instrumentsDefaults } from './sections/instruments.js';
import { medicationsDefaults, validateMedicationsSection } from './sections/medications.js';
import { outcomesDefaults, validateOutcomesSection } from './sections/outcomes.js';
import { preDoseDefaults, validatePreDoseSection } from './sections/pre-dose.js';
import { schedulingDefaults, validateSchedulingSection } from './sections/scheduling.js';
import { screeningDefaults, validateScreeningSection } from './sections/screening.js';
import { validateVitalsSection, vitalsDefaults } from './sections/vitals.js';
import { collectParams, deepFreeze, isParam, joinPath, resolvePath, type ParamEntry } from './walk.js';

/**
 * Version of the shipped protocol defaults and of the configuration shape. A site's stored
 * configuration records the version it was built from; site revisions are numbered by storage.
 */
export const PROTOCOL_CONFIG_VERSION = '1.0.0';

/** Every section's defaults, keyed by section name (camelCase of its file name). */
const SECTION_DEFAULTS = {
  dosing: dosingDefaults,
  medications: medicationsDefaults,
  screening: screeningDefaults,
  preDose: preDoseDefaults,
  vitals: vitalsDefaults,
  outcomes: outcomesDefaults,
  scheduling: schedulingDefaults,
  instruments: instrumentsDefaults,
} as const;

type Sections = typeof SECTION_DEFAULTS;

/** Cross-field validators of the sections that declare one. */
const SECTION_VALIDATORS: { readonly [K in keyof Sections]?: (section: Sections[K]) => ConfigIssue[] } = {
  dosing: validateDosingSection,
  medications: validateMedicationsSection,
  screening: validateScreeningSection,
  preDose: validatePreDoseSection,
  vitals: validateVitalsSection,
  outcomes: validateOutcomesSection,
  scheduling: validateSchedulingSection,
};

/** A site's whole protocol configuration: a version and one tree per section. */
export type ProtocolConfig = { readonly version: string } & Sections;

/** The shipped protocol configuration: every default of protocol-defaults.md, deeply frozen. */
export const DEFAULT_PROTOCOL_CONFIG: ProtocolConfig = deepFreeze({
  version: PROTOCOL_CONFIG_VERSION,
  ...SECTION_DEFAULTS,
});

const INTEGER_UNITS: ReadonlySet<Unit> = new Set<Unit>(['score', 'count']);

/** Why `value` does not have the shape of `like` (the default value), or undefined when it does. */
function describeShapeMismatch(value: unknown, like: unknown): string | undefined {
  if (typeof like === 'number') {
    return typeof value === 'number' && Number.isFinite(value) ? undefined : 'must be a finite number';
  }
  if (typeof like === 'string') return typeof value === 'string' ? undefined : 'must be a string';
  if (typeof like === 'boolean') return typeof value === 'boolean' ? undefined : 'must be true or false';
  if (like === null) return value === null ? undefined : 'must be null';
  if (like === undefined) return value === undefined ? undefined : 'must be absent';
  if (Array.isArray(like)) {
    if (!Array.isArray(value)) return 'must be a list';
    if (like.length === 0) return undefined;
    // An element must have the shape of some element of the default list (rows may differ in
    // optional keys, e.g. a medication with or without an RxNorm code).
    for (let i = 0; i < value.length; i++) {
      const mismatches = like.map((element: unknown) => describeShapeMismatch(value[i], element));
      if (!mismatches.includes(undefined)) return `element ${i} ${mismatches[0] ?? ''}`;
    }
    return undefined;
  }
  if (typeof like === 'object') {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'must be an object';
    const likeKeys = Object.keys(like);
    const extra = Object.keys(value).filter((k) => !likeKeys.includes(k) && (value as Record<string, unknown>)[k] !== undefined);
    if (extra.length > 0) return `has unknown key(s) ${extra.join(', ')}`;
    for (const k of likeKeys) {
      const m = describeShapeMismatch((value as Record<string, unknown>)[k], (like as Record<string, unknown>)[k]);
      if (m !== undefined) return `${k} ${m}`;
    }
    return undefined;
  }
  return 'has an unsupported type';
}

/**
 * Problems of `value` as a new value of `param`: its shape must match the default's; numbers
 * (the value, or the elements of a list value) must lie within the Param's inclusive min/max and
 * be whole for units `score` and `count`. Empty when the value is acceptable.
 */
export function checkParamValue(value: unknown, param: Param<unknown>): string[] {
  const mismatch = describeShapeMismatch(value, param.value);
  if (mismatch !== undefined) return [mismatch];
  const numbers: number[] =
    typeof value === 'number' ? [value] : Array.isArray(value) ? value.filter((v): v is number => typeof v === 'number') : [];
  const problems: string[] = [];
  for (const n of numbers) {
    if (INTEGER_UNITS.has(param.unit) && !Number.isInteger(n)) problems.push(`${n} must be a whole number (${param.unit})`);
    if (param.min !== undefined && n < param.min) problems.push(`${n} ${param.unit} is below the minimum ${param.min}`);
    if (param.max !== undefined && n > param.max) problems.push(`${n} ${param.unit} is above the maximum ${param.max}`);
  }
  return problems;
}

/** Zod schema of one Param: value shaped like the default and within range; unit, min, max fixed. */
function paramSchema(def: Param<unknown>): z.ZodType {
  return z
    .object({
      value: z.unknown(),
      unit: z.literal(def.unit),
      min: def.min === undefined ? z.undefined() : z.literal(def.min),
      max: def.max === undefined ? z.undefined() : z.literal(def.max),
      provenance: ProvenanceSchema,
    })
    .partial({ min: true, max: true })
    .strict()
    .superRefine((p, ctx) => {
      for (const message of checkParamValue(p.value, def)) ctx.addIssue({ code: 'custom', message });
    });
}

/** Zod schema of a configuration node, generated from its default. */
function nodeSchema(node: unknown): z.ZodType {
  if (isParam(node)) return paramSchema(node);
  if (Array.isArray(node)) {
    const items = node.map(nodeSchema);
    const [first, ...rest] = items;
    return first === undefined ? z.tuple([]) : z.tuple([first, ...rest]);
  }
  if (typeof node === 'object' && node !== null) {
    return z.object(Object.fromEntries(Object.entries(node).map(([k, v]) => [k, nodeSchema(v)]))).strict();
  }
  if (typeof node === 'number' || typeof node === 'bigint') {
    // A bare number has no provenance: the defaults test fails first, and no config can match.
    return z.never({ message: 'a number outside a Param has no provenance' });
  }
  if (typeof node === 'string' || typeof node === 'boolean' || node === null) {
    // Fixed protocol data: a site changes only Params.
    return z.literal(node);
  }
  return z.never();
}

/** Runs every section's cross-field validator, prefixing paths with the section name. */
function validateSections(config: ProtocolConfig): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  for (const name of Object.keys(SECTION_VALIDATORS) as (keyof Sections)[]) {
    const validate = SECTION_VALIDATORS[name] as ((s: unknown) => ConfigIssue[]) | undefined;
    if (validate === undefined) continue;
    for (const issue of validate(config[name])) {
      const path = issue.path === name || issue.path.startsWith(`${name}.`) ? issue.path : joinPath(name, issue.path);
      issues.push(configIssue(path, issue.message));
    }
  }
  return issues;
}

/**
 * Zod schema of a site's whole protocol configuration, generated from the defaults: the same
 * tree; every Param with the default's unit, min and max, a valid provenance, and a value shaped
 * like the default and within range; fixed data equal to the default; and every section's
 * cross-field checks.
 */
export const ProtocolConfigSchema: z.ZodType<ProtocolConfig> = z
  .object({
    version: z.string().min(1),
    ...Object.fromEntries(Object.entries(SECTION_DEFAULTS).map(([k, v]) => [k, nodeSchema(v)])),
  })
  .strict()
  .superRefine((config, ctx) => {
    for (const issue of validateSections(config as unknown as ProtocolConfig)) {
      ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path.split('.') });
    }
  }) as unknown as z.ZodType<ProtocolConfig>;

/** Converts zod issues to {@link ConfigIssue}s with dot paths. */
function toConfigIssues(issues: readonly z.core.$ZodIssue[]): ConfigIssue[] {
  return issues.map((i) => configIssue(i.path.map(String).join('.'), i.message));
}

/** Validates a whole configuration (e.g. one loaded from storage); empty when valid. */
export function validateProtocolConfig(config: unknown): ConfigIssue[] {
  const parsed = ProtocolConfigSchema.safeParse(config);
  return parsed.success ? [] : toConfigIssues(parsed.error.issues);
}

/** A site's change of one Param: the new value, optionally its unit (must not change) and why. */
export interface ParamOverride {
  readonly value: unknown;
  /** When given, must equal the Param's unit: overrides never change units. */
  readonly unit?: string;
  /** The reason for the change, kept in the new value's provenance note. */
  readonly reason?: string;
}

/** A site's overrides: Param path (dot-separated, e.g. `instruments.pcl5.provisionalCutoff`) to change. */
export type ProtocolOverrides = Readonly<Record<string, ParamOverride>>;

/** Zod schema of {@link ProtocolOverrides} (shape only; values are checked against the Params). */
export const ProtocolOverridesSchema = z.record(
  z.string(),
  z.object({ value: z.unknown().optional(), unit: z.string().optional(), reason: z.string().optional() }).strict(),
);

/** The result of {@link applyProtocolOverrides}. */
export type ApplyOverridesResult =
  { readonly ok: true; readonly config: ProtocolConfig } | { readonly ok: false; readonly issues: readonly ConfigIssue[] };

function describeProvenance(p: Provenance): string {
  return p.kind === 'source' ? `source: ${p.citations.join(', ')}` : p.kind;
}

/** Returns a copy of `tree` with the node at `segments` replaced (copies along the path only). */
function replaceAt(tree: unknown, segments: readonly string[], node: unknown): unknown {
  const [head, ...rest] = segments;
  if (head === undefined) return node;
  if (Array.isArray(tree)) {
    const copy: unknown[] = [...(tree as unknown[])];
    const i = Number(head);
    copy[i] = replaceAt(copy[i], rest, node);
    return copy;
  }
  const obj = tree as Record<string, unknown>;
  return { ...obj, [head]: replaceAt(obj[head], rest, node) };
}

/**
 * Applies a site's overrides to a configuration (usually {@link DEFAULT_PROTOCOL_CONFIG}).
 * Each path must name a Param; the value must have the default's shape and lie within the Param's
 * min/max (whole numbers for scores and counts); a unit, when given, must be the Param's own; and
 * the resulting configuration must pass every section's cross-field checks (ordered thresholds,
 * non-overlapping bands). An overridden Param keeps its unit and range; its provenance becomes a
 * site default (needs medical-director review) whose note names the shipped value, its
 * provenance and the reason.
 *
 * @returns the new, deeply frozen configuration, or every issue found (path and problem).
 */
export function applyProtocolOverrides(defaults: ProtocolConfig, overrides: unknown): ApplyOverridesResult {
  const shape = ProtocolOverridesSchema.safeParse(overrides);
  if (!shape.success) return { ok: false, issues: toConfigIssues(shape.error.issues) };
  const issues: ConfigIssue[] = [];
  let candidate: unknown = defaults;
  for (const [path, override] of Object.entries(shape.data)) {
    const target = resolvePath(defaults, path);
    if (target === undefined || path === '') {
      issues.push(configIssue(path, 'unknown parameter'));
      continue;
    }
    if (!isParam(target)) {
      issues.push(configIssue(path, 'not a parameter: a site may change only parameters'));
      continue;
    }
    if (override.value === undefined) {
      issues.push(configIssue(path, 'a value is required'));
      continue;
    }
    const problems: string[] = [];
    if (override.unit !== undefined && override.unit !== target.unit) {
      problems.push(`unit cannot change from ${target.unit} to ${override.unit}`);
    }
    problems.push(...checkParamValue(override.value, target));
    if (problems.length > 0) {
      issues.push(...problems.map((m) => configIssue(path, m)));
      continue;
    }
    const note = [
      `site override; shipped default ${JSON.stringify(target.value)} (${describeProvenance(target.provenance)})`,
      override.reason,
    ]
      .filter((s): s is string => s !== undefined && s !== '')
      .join(': ');
    const replaced = { ...target, value: override.value, provenance: siteDefault(note) };
    candidate = replaceAt(candidate, path.split('.'), replaced);
  }
  if (issues.length > 0) return { ok: false, issues };
  const config = deepFreeze(candidate as ProtocolConfig);
  const whole = validateProtocolConfig(config);
  return whole.length > 0 ? { ok: false, issues: whole } : { ok: true, config };
}

/**
 * Validates a site's overrides against a configuration (by default the shipped defaults).
 *
 * @returns every issue (path and problem); empty when the overrides can be applied.
 */
export function validateProtocolOverrides(overrides: unknown, defaults: ProtocolConfig = DEFAULT_PROTOCOL_CONFIG): ConfigIssue[] {
  const result = applyProtocolOverrides(defaults, overrides);
  return result.ok ? [] : [...result.issues];
}

/** Every Param of a configuration with its path (for display, audit diffs and the provenance test). */
export function listProtocolParams(config: ProtocolConfig = DEFAULT_PROTOCOL_CONFIG): ParamEntry[] {
  return collectParams(config);
}
