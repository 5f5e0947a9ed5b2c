/**
 * The protocol parameters a decision names, with their value and provenance, and a version's overrides under given prefixes.
 *
 * @module
 */
import type { ProtocolParam, ProtocolParamValue } from '@kairos/api';
import { CITATIONS, collectParams, DEFAULT_PROTOCOL_CONFIG, isParam, resolvePath, type Param, type ProtocolConfig } from '@kairos/core';

export function describeParam(path: string, param: Param<unknown>, signed: boolean): ProtocolParam {
  const p = param.provenance;
  return {
    path,
    // A value of the configuration in force: core checked its shape against the default's.
    value: param.value as ProtocolParamValue,
    unit: param.unit,
    ...(param.min !== undefined ? { min: param.min } : {}),
    ...(param.max !== undefined ? { max: param.max } : {}),
    provenance:
      p.kind === 'source'
        ? {
            kind: p.kind,
            citations: p.citations.map((key) => ({ key, title: CITATIONS[key].title, reference: CITATIONS[key].reference })),
            ...(p.note !== undefined ? { note: p.note } : {}),
          }
        : { kind: p.kind, ...(p.note !== undefined ? { note: p.note } : {}) },
    reviewState: p.kind === 'site-default' ? (signed ? 'reviewed' : 'needs-review') : p.kind,
  };
}

/**
 * The protocol page: the version in force with every value, provenance and review state; the
 * pending proposal (an unsigned version newer than the one in force) with its values and its
 * changes against the version in force; and every version.
 */
/** A protocol parameter as a refusal names it: path, value, unit and provenance. */
export interface ParameterRef {
  parameter: string;
  value: unknown;
  unit: string;
  provenance: { kind: string; citations?: readonly string[]; note?: string };
}

/** The parameters at `paths` of a configuration, each with its value and provenance (unknown paths are left out). */
export function parameterRefs(config: ProtocolConfig, paths: readonly string[]): ParameterRef[] {
  return [...new Set(paths)].flatMap((path) => {
    const p = resolvePath(config, path);
    if (!isParam(p)) return [];
    const prov = p.provenance;
    return [
      {
        parameter: path,
        value: p.value,
        unit: p.unit,
        provenance: {
          kind: prov.kind,
          ...(prov.kind === 'source' ? { citations: prov.citations } : {}),
          ...(prov.note !== undefined ? { note: prov.note } : {}),
        },
      },
    ];
  });
}

/** The values of a configuration that differ from the shipped defaults, by path (what a client applies to core's defaults). */
export function overridesOf(config: ProtocolConfig, prefixes: readonly string[]): Record<string, unknown> {
  const defaults = new Map(collectParams(DEFAULT_PROTOCOL_CONFIG).map((e) => [e.path, JSON.stringify(e.param.value)]));
  return Object.fromEntries(
    collectParams(config)
      .filter((e) => prefixes.some((p) => e.path.startsWith(p)) && defaults.get(e.path) !== JSON.stringify(e.param.value))
      .map((e) => [e.path, e.param.value]),
  );
}
