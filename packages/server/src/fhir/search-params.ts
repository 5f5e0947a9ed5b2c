/**
 * FHIR search parameters (R4 "Search"): the query string of `GET /fhir/R4/<type>` parsed against the
 * parameters the type supports, with the common ones every type takes (`_id`, `_lastUpdated`,
 * `_count`, `_offset`, `_include`). A parameter the type does not support, a modifier, or a value
 * that is not one the parameter takes is refused (400, an OperationOutcome naming it): Kairos is
 * strict (`Prefer: handling=strict`), never silently broader than asked.
 *
 * Values: several separated by commas are alternatives (OR); a parameter repeated is each (AND).
 * Dates take the prefixes eq (default), gt, ge, lt, le, at any precision from a year to a second.
 *
 * @module
 */
import { AppError } from '../errors.js';

export type SearchParamType = 'token' | 'date' | 'reference' | 'string';

/** A search parameter a resource type supports, as the CapabilityStatement states it. */
export interface SearchParamDef {
  name: string;
  type: SearchParamType;
  documentation: string;
  /** The resource type a reference parameter points to (Patient when not said). */
  target?: string;
}

/** A date condition: the instant range the value covers, compared by its prefix. */
export interface DateCondition {
  prefix: 'eq' | 'gt' | 'ge' | 'lt' | 'le';
  /** The first instant the value covers (inclusive). */
  start: Date;
  /** The first instant after it (exclusive). */
  end: Date;
}

/** A token: `system|code`, `code` (any system), `|code` (no system) or `system|` (any code of it). */
export interface Token {
  system: string | undefined;
  code: string | undefined;
}

export interface ParsedSearch {
  /** Page size, 1 to `MAX_COUNT` (default `DEFAULT_COUNT`); 0 asks for the total only. */
  count: number;
  offset: number;
  /** Each AND-ed condition of each parameter, its OR-ed values. */
  dates: Record<string, DateCondition[][]>;
  tokens: Record<string, Token[][]>;
  /** References as ids of the target (`Patient/1` and `1` are both `1`). */
  references: Record<string, string[][]>;
  strings: Record<string, string[][]>;
  include: string[];
}

export const DEFAULT_COUNT = 50;
export const MAX_COUNT = 1_000;
/** The deepest offset a search pages to (a system limit: deeper lists are narrowed by a date, or exported). */
export const MAX_OFFSET = 100_000;

/** The parameters every type takes (beside its own). */
export const COMMON_SEARCH_PARAMS: readonly SearchParamDef[] = [
  { name: '_id', type: 'token', documentation: 'The resource id (several separated by commas)' },
  { name: '_lastUpdated', type: 'date', documentation: 'When the resource last changed (prefixes eq, gt, ge, lt, le)' },
];

/** Parameters about the answer rather than the match. */
const RESULT_PARAMS = new Set(['_count', '_offset', '_include', '_format', '_total']);

const ID = /^[A-Za-z0-9\-.]{1,64}$/;

const invalid = (name: string, message: string): AppError =>
  new AppError('VALIDATION_FAILED', `${name}: ${message}`, { issues: [{ field: name, message }] });

/** The instant range a FHIR date or dateTime value covers, or undefined when it is not one. */
export function dateRangeOf(value: string): { start: Date; end: Date } | undefined {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/.exec(value);
  if (m === null) return undefined;
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const year = Number(y);
  if (mo === undefined) return { start: new Date(Date.UTC(year, 0, 1)), end: new Date(Date.UTC(year + 1, 0, 1)) };
  const month = Number(mo);
  if (month < 1 || month > 12) return undefined;
  if (d === undefined) return { start: new Date(Date.UTC(year, month - 1, 1)), end: new Date(Date.UTC(year, month, 1)) };
  const day = Number(d);
  const start = new Date(Date.UTC(year, month - 1, day));
  if (start.getUTCMonth() !== month - 1) return undefined;
  if (h === undefined) return { start, end: new Date(Date.UTC(year, month - 1, day + 1)) };
  // A time needs its zone (FHIR dateTime); the precision is the last part given.
  if (zone === undefined) return undefined;
  const text = `${y}-${mo}-${d}T${h}:${mi}:${s ?? '00'}${frac ?? ''}${zone === 'Z' ? 'Z' : zone}`;
  const at = new Date(text);
  if (Number.isNaN(at.getTime()) || Number(h) > 23 || Number(mi) > 59 || Number(s ?? 0) > 59) return undefined;
  const stepMs = s === undefined ? 60_000 : frac === undefined ? 1_000 : 1;
  return { start: at, end: new Date(at.getTime() + stepMs) };
}

function parseDate(name: string, value: string): DateCondition {
  const m = /^(eq|gt|ge|lt|le|ne|sa|eb|ap)?(.*)$/.exec(value) as RegExpExecArray;
  const prefix = m[1] ?? 'eq';
  if (!['eq', 'gt', 'ge', 'lt', 'le'].includes(prefix)) throw invalid(name, `the prefix "${prefix}" is not supported (eq, gt, ge, lt, le)`);
  const range = dateRangeOf(m[2] as string);
  if (range === undefined) throw invalid(name, `"${m[2] ?? ''}" is not a FHIR date or dateTime (a time needs its zone)`);
  return { prefix: prefix as DateCondition['prefix'], ...range };
}

function parseToken(name: string, value: string): Token {
  const bar = value.indexOf('|');
  if (bar === -1) return { system: undefined, code: value };
  const system = value.slice(0, bar);
  const code = value.slice(bar + 1);
  if (system === '' && code === '') throw invalid(name, 'a token needs a system or a code');
  return { system: system === '' ? '' : system, code: code === '' ? undefined : code };
}

function parseReference(name: string, value: string, target: string): string {
  const id = value.startsWith(`${target}/`) ? value.slice(target.length + 1) : value;
  if (!ID.test(id)) throw invalid(name, `"${value}" is not a reference to a ${target} ("${target}/<id>" or "<id>")`);
  return id;
}

function integer(name: string, value: string, min: number, max: number): number {
  if (!/^\d{1,9}$/.test(value) || Number(value) < min || Number(value) > max) throw invalid(name, `a whole number from ${min} to ${max}`);
  return Number(value);
}

/**
 * Parses a query string (as Fastify gives it: a value, or several for a repeated key) against the
 * parameters of `type`, its reference parameters' targets (`patient` and `subject` are Patients)
 * and the `_include` values it supports.
 */
export function parseSearch(
  type: string,
  query: Record<string, string | string[] | undefined>,
  params: readonly SearchParamDef[],
  includes: readonly string[],
): ParsedSearch {
  const defs = new Map([...COMMON_SEARCH_PARAMS, ...params].map((p) => [p.name, p]));
  const out: ParsedSearch = { count: DEFAULT_COUNT, offset: 0, dates: {}, tokens: {}, references: {}, strings: {}, include: [] };
  for (const [key, raw] of Object.entries(query)) {
    if (raw === undefined) continue;
    const values = Array.isArray(raw) ? raw : [raw];
    if (key.includes(':')) throw invalid(key, `modifiers are not supported on ${type} searches`);
    if (RESULT_PARAMS.has(key)) {
      if (values.length > 1 && key !== '_include') throw invalid(key, 'given more than once');
      const value = values[0] as string;
      if (key === '_count') out.count = integer(key, value, 0, MAX_COUNT);
      else if (key === '_offset') out.offset = integer(key, value, 0, MAX_OFFSET);
      else if (key === '_format' && !['json', 'application/fhir+json', 'application/json'].includes(value))
        throw invalid(key, 'only JSON is served (json, application/fhir+json)');
      else if (key === '_total' && !['accurate', 'none', 'estimate'].includes(value)) throw invalid(key, 'one of accurate, estimate, none');
      else if (key === '_include')
        for (const v of values) {
          if (!includes.includes(v))
            throw invalid(key, `"${v}" is not supported here (${includes.length === 0 ? 'none is' : includes.join(', ')})`);
          if (!out.include.includes(v)) out.include.push(v);
        }
      continue;
    }
    const def = defs.get(key);
    if (def === undefined) throw invalid(key, `not a search parameter of ${type} (${[...defs.keys()].join(', ')})`);
    for (const value of values) {
      const alternatives = value.split(',');
      if (alternatives.some((a) => a === '')) throw invalid(key, 'an empty value');
      if (alternatives.length > 100) throw invalid(key, 'at most 100 values');
      switch (def.type) {
        case 'date':
          (out.dates[key] ??= []).push(alternatives.map((a) => parseDate(key, a)));
          break;
        case 'token':
          (out.tokens[key] ??= []).push(alternatives.map((a) => parseToken(key, a)));
          break;
        case 'reference':
          (out.references[key] ??= []).push(alternatives.map((a) => parseReference(key, a, def.target ?? 'Patient')));
          break;
        case 'string':
          (out.strings[key] ??= []).push(alternatives.map((a) => a.slice(0, 200)));
          break;
      }
    }
  }
  return out;
}
