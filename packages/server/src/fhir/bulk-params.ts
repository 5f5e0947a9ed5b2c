/**
 * The FHIR Bulk Data kick-off request (`$export`, Bulk Data Access IG 2.0): its headers and
 * parameters, strictly. `Prefer: respond-async` is required; `_outputFormat` is NDJSON; `_since` is
 * an instant with its zone; `_type` names types Kairos exports at that level. Every other
 * parameter of the IG (`_elements`, `_typeFilter`, `patient`, `includeAssociatedData`) and any
 * unknown one is a 400 naming it: Kairos does not silently export something else than was asked.
 *
 * @module
 */
import { AppError } from '../errors.js';
import { dateRangeOf } from './search-params.js';

export type ExportLevel = 'system' | 'patient' | 'group';

export interface ExportRequest {
  /** The types asked for by `_type`, in the order given; undefined when every exportable type is. */
  types: string[] | undefined;
  since: Date | undefined;
}

const NDJSON_FORMATS = new Set(['application/fhir+ndjson', 'application/ndjson', 'ndjson']);
const TYPE = /^[A-Z][A-Za-z]{1,63}$/;

const invalid = (field: string, message: string): AppError =>
  new AppError('VALIDATION_FAILED', `${field}: ${message}`, { issues: [{ field, message }] });

const single = (name: string, v: string | string[]): string => {
  if (Array.isArray(v)) throw invalid(name, 'give it once');
  return v;
};

/**
 * The request a kick-off asks for, or a 400 naming the header or parameter at fault. `exportable`
 * is the set of types the level exports (a type outside it, or unknown, is refused by name).
 */
export function parseExportRequest(
  headers: Record<string, string | string[] | undefined>,
  query: Record<string, string | string[] | undefined>,
  exportable: readonly string[],
  level: ExportLevel,
): ExportRequest {
  const prefer = [headers.prefer ?? []].flat().join(',');
  if (!/(^|[,;\s])respond-async($|[,;\s])/.test(prefer))
    throw invalid('Prefer', 'an export runs in the background: send the header "Prefer: respond-async"');
  const accept = [headers.accept ?? []].flat().join(',');
  if (accept !== '' && !/application\/fhir\+json|application\/json|\*\/\*/.test(accept))
    throw invalid('Accept', 'the kick-off answers in application/fhir+json');
  const out: ExportRequest = { types: undefined, since: undefined };
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    if (key === '_outputFormat') {
      const format = single(key, value);
      if (!NDJSON_FORMATS.has(format)) throw invalid(key, `"${format}" is not supported: the files are application/fhir+ndjson`);
    } else if (key === '_since') {
      const text = single(key, value);
      const range = /T/.test(text) ? dateRangeOf(text) : undefined;
      if (range === undefined) throw invalid(key, `"${text}" is not a FHIR instant (a date, a time and its zone: 2026-12-01T09:00:00Z)`);
      out.since = range.start;
    } else if (key === '_type') {
      const names = [value]
        .flat()
        .flatMap((v) => v.split(','))
        .map((t) => t.trim());
      const types: string[] = [];
      for (const t of names) {
        if (!TYPE.test(t)) throw invalid(key, `"${t.slice(0, 64)}" is not a resource type`);
        if (!exportable.includes(t))
          throw invalid(
            key,
            `${t} is not exported ${level === 'system' ? 'by this server' : `at the ${level} level (the types of the Patient compartment)`}: ${exportable.join(', ')}`,
          );
        if (!types.includes(t)) types.push(t);
      }
      if (types.length === 0) throw invalid(key, 'name at least one resource type');
      out.types = types;
    } else if (['_elements', '_typeFilter', 'patient', 'includeAssociatedData'].includes(key)) {
      throw invalid(key, 'is not supported by this server (see the CapabilityStatement)');
    } else {
      throw invalid(key.slice(0, 64), 'is not a parameter of $export');
    }
  }
  return out;
}
